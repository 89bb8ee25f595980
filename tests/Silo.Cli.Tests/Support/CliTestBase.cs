using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Cli.Tests.Support;

/// <summary>
/// The real server on loopback, editors alice and bob and the admin, each with their own home
/// folder, config and workspace, driving the built silo executable.
/// </summary>
public abstract class CliTestBase : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "silo-cli-test-" + Guid.NewGuid().ToString("N"));

    protected SiloTestServer Server { get; private set; } = null!;

    protected CliUser Alice { get; private set; } = null!;

    protected CliUser Bob { get; private set; } = null!;

    protected CliUser Admin { get; private set; } = null!;

    protected string ServerUrl => Server.BaseAddress.ToString();

    public virtual async Task InitializeAsync()
    {
        Server = await SiloTestServer.StartAsync();
        Alice = new CliUser("alice", await Server.CreateUserAsync("alice", "editor"), _root);
        Bob = new CliUser("bob", await Server.CreateUserAsync("bob", "editor"), _root);
        Admin = new CliUser("admin", Server.AdminToken, _root);
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    protected async Task LoginAsync(CliUser user, string? serverUrl = null)
    {
        var result = await user.RunAsync("login", serverUrl ?? ServerUrl, "--token", user.Token);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    protected static void AssertFailure(CliResult result, int exitCode, string reasonFragment)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}\n{result}");
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("silo: ", line, StringComparison.Ordinal);
        Assert.Contains(reasonFragment, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    protected static void AssertOk(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    protected static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Uploads a file and makes a revision of it on the item's head, as another up-to-date client would.</summary>
    protected async Task<int> AddRevisionAsync(string partNumber, string content, string? token = null, bool release = false)
    {
        using var client = Server.Client(token ?? Server.AdminToken);
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var file = await HttpAssert.JsonAsync(await client.PostAsync($"/api/items/{partNumber}/file", body), HttpStatusCode.Created);
        var revision = await HttpAssert.JsonAsync(
            await client.PostJsonAsync($"/api/items/{partNumber}/revisions",
                new { file_hash = file.GetProperty("sha256").GetString(), comment = "setup", @base = await client.HeadBaseAsync(partNumber) }),
            HttpStatusCode.Created);
        var number = revision.GetProperty("revision").GetInt32();
        if (release) (await client.PostAsync($"/api/items/{partNumber}/revisions/{number}/release", null)).EnsureSuccessStatusCode();
        return number;
    }

    /// <summary>Pushes a checkpoint on the item's head, as another user's up-to-date workbench would.</summary>
    /// <returns>The checkpoint's id.</returns>
    protected async Task<string> PushCheckpointAsync(string partNumber, string content, CliUser by, string context = "body_close")
    {
        using var client = Server.Client(by.Token);
        var bytes = Encoding.UTF8.GetBytes(content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var grant = await HttpAssert.JsonAsync(
            await client.PostJsonAsync($"/api/items/{partNumber}/checkpoint/upload-url", new { sha256 = sha, size = bytes.Length }), HttpStatusCode.OK);
        if (!grant.GetProperty("already_stored").GetBoolean())
        {
            using var anonymous = Server.Client();
            using var put = new ByteArrayContent(bytes);
            put.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            (await anonymous.PutAsync(grant.GetProperty("upload_url").GetString()!, put)).EnsureSuccessStatusCode();
        }
        var result = await HttpAssert.JsonAsync(await client.PostJsonAsync($"/api/items/{partNumber}/checkpoint",
            new { file_hash = sha, file_size = bytes.Length, context, @base = await client.HeadBaseAsync(partNumber) }), HttpStatusCode.Created);
        return result.GetProperty("checkpoint_id").GetString()!;
    }

    protected async Task<JsonElement> GetJsonAsync(string path, string? token = null)
    {
        using var client = Server.Client(token ?? Server.AdminToken);
        return await HttpAssert.JsonAsync(await client.GetAsync(path), HttpStatusCode.OK);
    }

    /// <summary>The item's lock holder's username, or null when it is free.</summary>
    protected async Task<string?> LockHolderAsync(string partNumber)
    {
        var status = await GetJsonAsync($"/api/items/{partNumber}/lock");
        return status.GetProperty("locked").GetBoolean() ? status.GetProperty("lock").GetProperty("locked_by").GetString() : null;
    }

    protected async Task LockAsync(CliUser user, string partNumber)
    {
        using var client = Server.Client(user.Token);
        (await client.PostAsync($"/api/items/{partNumber}/lock", null)).EnsureSuccessStatusCode();
    }
}
