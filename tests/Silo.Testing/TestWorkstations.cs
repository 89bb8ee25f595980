using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Testing;

public static class TestWorkstations
{
    /// <summary>Registers a new workstation (a fresh fingerprint each call) and returns its id.</summary>
    public static async Task<string> RegisterAsync(HttpClient client, string name)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + Guid.NewGuid())));
        var body = await HttpAssert.JsonAsync(await client.PostJsonAsync("/api/workstations", new { name, fingerprint }), HttpStatusCode.Created);
        return body.GetProperty("id").GetString()!;
    }
}
