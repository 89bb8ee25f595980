namespace Silo.Server.Storage;

/// <summary>Rows keep times as Unix milliseconds; the API speaks <see cref="DateTimeOffset"/>.</summary>
public static class Time
{
    public static long ToStored(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromStored(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromStored(long? value) => value is { } v ? FromStored(v) : null;

    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
