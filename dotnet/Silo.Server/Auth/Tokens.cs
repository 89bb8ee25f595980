using System.Security.Cryptography;
using System.Text;

namespace Silo.Server.Auth;

/// <summary>
/// Bearer tokens are 256 random bits, so a plain SHA-256 is enough to store them: there is no
/// low-entropy secret for a slow hash to protect.
/// </summary>
public static class Tokens
{
    public static string Generate() => "silo_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
