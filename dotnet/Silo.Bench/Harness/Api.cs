using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Silo.Server.Json;

namespace Silo.Bench.Harness;

/// <summary>The few API calls the scenarios make, each checked for the one status that means success.</summary>
internal static class Api
{
    /// <returns>The response body; an undefined element when there is none (204).</returns>
    public static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue? auth, object? body,
        HttpStatusCode expected, CancellationToken ct)
    {
        using var response = await SendRawAsync(http, method, path, auth, body, ct);
        await EnsureAsync(response, $"{method} {path}", expected, ct);
        return await BodyAsync(response, ct);
    }

    /// <summary>The request alone, body read but not checked or parsed: for timing exactly the round trip.</summary>
    public static async Task<HttpResponseMessage> SendRawAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue? auth, object? body,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = auth;
        if (body is not null) request.Content = JsonContent.Create(body, options: SiloJson.Options);
        return await http.SendAsync(request, ct);
    }

    public static async Task EnsureAsync(HttpResponseMessage response, string what, HttpStatusCode expected, CancellationToken ct)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, not {(int)expected}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response, CancellationToken ct) =>
        response.StatusCode == HttpStatusCode.NoContent
            ? default
            : await response.Content.ReadFromJsonAsync<JsonElement>(SiloJson.Options, ct);

    /// <returns>The new workstation's id.</returns>
    public static async Task<string> RegisterWorkstationAsync(HttpClient http, AuthenticationHeaderValue auth, string name, CancellationToken ct)
    {
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        var body = await SendAsync(http, HttpMethod.Post, "/api/workstations", auth, new { name, fingerprint }, HttpStatusCode.Created, ct);
        return body.GetProperty("id").GetString()!;
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
