using Npgsql;
using Silo.Server.Hosting;

namespace Silo.Server.Storage;

/// <summary>The storage engine <c>--database</c> chose, in the container, and its schema brought up to date.</summary>
public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="IDatabase"/> and <see cref="SqlDialect"/> for the chosen engine; with
    /// PostgreSQL also the <see cref="NpgsqlDataSource"/> (one pool per instance), for whatever else
    /// needs its own connection to the shared database. On SQLite, asking for the data source fails.
    /// </summary>
    public static IServiceCollection AddSiloDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp => DatabaseSetting.IsPostgres(sp.GetRequiredService<SiloServerOptions>().Database)
            ? SqlDialect.Postgres(PostgresScope.Of(sp.GetRequiredService<NpgsqlDataSource>()))
            : SqlDialect.Sqlite);
        services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<SiloServerOptions>().Database;
            if (!DatabaseSetting.IsPostgres(database))
                throw new InvalidOperationException("This server stores in SQLite (--database is empty): there is no PostgreSQL data source.");
            // The options validator has already refused a value that does not convert.
            return NpgsqlDataSource.Create(DatabaseSetting.ToConnectionString(database, out _)!);
        });
        services.AddSingleton<IDatabase>(sp =>
        {
            var options = sp.GetRequiredService<SiloServerOptions>();
            return DatabaseSetting.IsPostgres(options.Database)
                ? new PostgresDatabase(sp.GetRequiredService<NpgsqlDataSource>())
                : new SqliteDatabase(options.DatabasePath);
        });
        return services;
    }

    /// <returns>The migration versions applied now.</returns>
    public static IReadOnlyList<int> Migrate(IServiceProvider services, SiloServerOptions options) =>
        DatabaseSetting.IsPostgres(options.Database)
            ? Migrator.Apply(services.GetRequiredService<NpgsqlDataSource>())
            : Migrator.Apply(options.DatabasePath);
}
