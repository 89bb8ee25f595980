using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Silo.Server.Hosting;

namespace Silo.Server.Files;

/// <summary>
/// URLs that carry their own authorisation: an HMAC over what they allow (method, blob, size,
/// user) and until when. The key lives in the data directory, readable by the server's owner only.
/// </summary>
public sealed class PresignedUrls
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    public PresignedUrls(SiloServerOptions options, TimeProvider time)
    {
        _time = time;
        _ttl = options.UrlTtl;
        _key = LoadOrCreateKey(options.SigningKeyPath);
    }

    public sealed record Grant(string Url, DateTimeOffset ExpiresAt);

    /// <summary>A PUT of exactly <paramref name="size"/> bytes hashing to <paramref name="sha256"/>.</summary>
    public Grant Upload(string sha256, long size, string userId) => Make("PUT", sha256, size, userId);

    /// <summary>A GET of the blob <paramref name="sha256"/>.</summary>
    public Grant Download(string sha256, string userId) => Make("GET", sha256, null, userId);

    /// <returns>Null when the signature holds and has not expired; otherwise why not.</returns>
    public string? Verify(string method, string sha256, long? size, string? userId, string? expires, string? signature)
    {
        if (userId is null || expires is null || signature is null) return "The URL is not signed.";
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix)) return "The URL's expiry is malformed.";
        var expected = Sign(method, sha256, size, userId, expiresUnix);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            return "The URL's signature does not match.";
        if (_time.GetUtcNow().ToUnixTimeSeconds() >= expiresUnix) return "The URL has expired.";
        return null;
    }

    private Grant Make(string method, string sha256, long? size, string userId)
    {
        var expires = _time.GetUtcNow().Add(_ttl).ToUnixTimeSeconds();
        var query = $"user={Uri.EscapeDataString(userId)}&expires={expires}" + (size is { } n ? $"&size={n}" : "") + $"&sig={Sign(method, sha256, size, userId, expires)}";
        return new Grant($"/api/blobs/{sha256.ToLowerInvariant()}?{query}", DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private string Sign(string method, string sha256, long? size, string userId, long expires)
    {
        var payload = string.Join('\n', method, sha256.ToLowerInvariant(), size?.ToString(CultureInfo.InvariantCulture) ?? "", userId, expires.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path)) return Convert.FromHexString(File.ReadAllText(path).Trim());
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temp, fileOptions))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToHexString(key));
        }
        File.Move(temp, path, overwrite: true);
        return key;
    }
}
