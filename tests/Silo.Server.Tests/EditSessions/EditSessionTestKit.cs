using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

/// <summary>A signed-in user with one registered workstation, as a workbench would be.</summary>
public sealed record Editor(string Name, string Token, HttpClient Http, string WorkstationId) : IDisposable
{
    public void Dispose() => Http.Dispose();
}

/// <summary>Shared steps of the edit-session tests: users with workstations, acquisitions, event reads.</summary>
public static class EditSessionTestKit
{
    public static readonly TimeSpan SseTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Editor> CreateEditorAsync(this SiloTestServer server, string name, string role = "editor")
    {
        var token = await server.CreateUserAsync(name, role);
        var http = server.Client(token);
        var workstationId = await RegisterWorkstationAsync(http, name + "-pc");
        return new Editor(name, token, http, workstationId);
    }

    public static async Task<string> RegisterWorkstationAsync(HttpClient http, string machine)
    {
        var body = await HttpAssert.JsonAsync(
            await http.PostJsonAsync("/api/workstations", new { name = machine, fingerprint = Fingerprint(machine) }), HttpStatusCode.Created);
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Reports the workstation's open items (the whole set); asserts 204.</summary>
    public static async Task WatchAsync(HttpClient http, string workstationId, params string[] partNumbers)
    {
        using var response = await http.PutJsonAsync($"/api/workstations/{workstationId}/watched-items", new { part_numbers = partNumbers });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static string Fingerprint(string machine) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(machine)));

    public static Task<HttpResponseMessage> AcquireAsync(this Editor editor, string partNumber, string contextLevel, string objectId,
        string[]? cone = null, string? workstationId = null) =>
        editor.Http.PostJsonAsync($"/api/items/{partNumber}/edit-session", new
        {
            workstation_id = workstationId ?? editor.WorkstationId,
            context_level = contextLevel,
            object_id = objectId,
            dependency_cone = cone,
        });

    /// <summary>Acquires and asserts a grant (200); returns the grant body.</summary>
    public static async Task<JsonElement> GrantAsync(this Editor editor, string partNumber, string contextLevel, string objectId,
        string[]? cone = null, string? workstationId = null) =>
        await HttpAssert.JsonAsync(await editor.AcquireAsync(partNumber, contextLevel, objectId, cone, workstationId), HttpStatusCode.OK);

    public static async Task<JsonElement> LiveSessionsAsync(HttpClient http, string partNumber) =>
        await HttpAssert.JsonAsync(await http.GetAsync($"/api/items/{partNumber}/edit-sessions"), HttpStatusCode.OK);

    /// <summary>Every event the reader may see, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> HistoryAsync(HttpClient http, string? workstationId = null)
    {
        var path = "/api/events/history?after=0&limit=1000" + (workstationId is null ? "" : "&workstation_id=" + workstationId);
        var page = await HttpAssert.JsonAsync(await http.GetAsync(path), HttpStatusCode.OK);
        return page.GetProperty("events").EnumerateArray().ToList();
    }

    public static IEnumerable<JsonElement> OfType(this IEnumerable<JsonElement> events, string type) =>
        events.Where(e => e.GetProperty("type").GetString() == type);

    public static Task<SseClient> StreamAsync(HttpClient http, string workstationId) =>
        SseClient.ConnectAsync(http, path: "/api/events?workstation_id=" + workstationId);

    /// <summary>Reads events until one of <paramref name="type"/> arrives; fails after a timeout.</summary>
    /// <param name="seen">Collects the types of every event read, the awaited one included.</param>
    public static async Task<SseMessage> ReadUntilAsync(this SseClient sse, string type, List<string>? seen = null)
    {
        using var timeout = new CancellationTokenSource(SseTimeout);
        while (true)
        {
            var message = await sse.ReadEventAsync(timeout.Token) ?? throw new InvalidOperationException($"The stream closed before {type} arrived.");
            seen?.Add(message.Type!);
            if (message.Type == type) return message;
        }
    }

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
