using Npgsql;

namespace Silo.Server.Storage;

/// <summary>
/// What <c>--database</c> names. Empty: the embedded SQLite file in the data directory. Otherwise a
/// PostgreSQL connection string, in either of the two forms people copy from elsewhere: Npgsql's
/// keywords (<c>Host=db;Database=silo;Username=silo</c>) or a URL
/// (<c>postgres://silo:secret@db:5432/silo</c>). Anything else is refused at start-up.
/// </summary>
public static class DatabaseSetting
{
    /// <summary>How many statements each PostgreSQL connection keeps prepared when the value does not say.</summary>
    public const int AutoPreparedStatements = 64;

    public static bool IsPostgres(string? value) => !string.IsNullOrWhiteSpace(value);

    /// <returns>The Npgsql connection string, or null with <paramref name="error"/> saying why not.</returns>
    public static string? ToConnectionString(string value, out string? error)
    {
        error = null;
        try
        {
            var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUrl(new Uri(value))
                : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                error = "it names no host (Host=…)";
                return null;
            }
            // Npgsql prepares nothing unless told to; the stores run the same few statements again and
            // again, so each connection keeps the busiest ones prepared, unless the value says otherwise.
            // (The builder knows every keyword, so only its text tells what the value set: keywords there are canonical.)
            if (!builder.ConnectionString.Contains("Max Auto Prepare=", StringComparison.OrdinalIgnoreCase))
                builder.MaxAutoPrepare = AutoPreparedStatements;
            return builder.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>The value as it may be shown in a message or a log: any password masked.</summary>
    public static string Masked(string value)
    {
        if (value.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
            return value.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":***", StringComparison.Ordinal);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (builder.Password is null) return value;
            builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Not a keyword string: it holds no recognisable password either.
            return value;
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(Uri url)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host };
        if (url.Port > 0) builder.Port = url.Port;
        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }
        // Query parameters are Npgsql keywords as they are (sslmode=require, search path=…).
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) throw new FormatException($"The URL parameter '{pair}' has no value.");
            builder[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..]);
        }
        return builder;
    }
}
