namespace Silo.Server.Storage;

/// <summary>Rows keep times as Unix milliseconds; the API speaks <see cref="DateTimeOffset"/>.</summary>
public static class Time
{
    public static long ToStored(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromStored(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromStored(long? value) => value is { } v ? FromStored(v) : null;

    public static long Now(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The stored expiry of something kept for good (9999-12-31): shown as no expiry at all.</summary>
    public const long Never = 253402300799999;

    /// <returns>Null for <see cref="Never"/>.</returns>
    public static DateTimeOffset? FromStoredExpiry(long value) => value >= Never ? null : FromStored(value);
}
