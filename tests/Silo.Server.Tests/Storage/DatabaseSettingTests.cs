using Npgsql;
using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

public sealed class DatabaseSettingTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("Host=db;Database=silo", true)]
    public void IsPostgres_EmptyMeansSqlite(string value, bool expected) => Assert.Equal(expected, DatabaseSetting.IsPostgres(value));

    [Fact]
    public void ToConnectionString_Url_BecomesTheSameKeywords()
    {
        var cs = DatabaseSetting.ToConnectionString("postgres://silo:p%40ss@db.example:5433/silo_main?sslmode=require", out var error);

        Assert.Null(error);
        var builder = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal(("db.example", 5433, "silo_main", "silo", "p@ss", SslMode.Require),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Fact]
    public void ToConnectionString_Keywords_AreKept()
    {
        var cs = DatabaseSetting.ToConnectionString("Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres", out var error);

        Assert.Null(error);
        Assert.Equal(54329, new NpgsqlConnectionStringBuilder(cs).Port);
    }

    [Theory]
    [InlineData("Host=db", DatabaseSetting.AutoPreparedStatements)]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("postgres://db/silo?Max%20Auto%20Prepare=8", 8)]
    public void ToConnectionString_AutoPrepare_OnUnlessTheValueSays(string value, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetting.ToConnectionString(value, out _)).MaxAutoPrepare);

    [Theory]
    [InlineData("silo.db", "Format")]
    [InlineData("Database=silo", "no host")]
    [InlineData("postgres://db/silo?sslmode", "has no value")]
    public void ToConnectionString_NotPostgres_SaysWhy(string value, string reason)
    {
        Assert.Null(DatabaseSetting.ToConnectionString(value, out var error));
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("postgres://silo:secret@db/silo", "postgres://silo:***@db/silo")]
    [InlineData("Host=db;Password=secret", "Host=db;Password=***")]
    [InlineData("Host=db", "Host=db")]
    public void Masked_HidesThePassword(string value, string expected) => Assert.Equal(expected, DatabaseSetting.Masked(value));
}
