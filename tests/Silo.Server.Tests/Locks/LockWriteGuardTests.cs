using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

/// <summary>
/// The write guard (<c>LockStore.EnsureWritableAsync</c>): while an item is checked out, every write
/// endpoint answers 409 naming the holder to anyone else, admins included, and works for the holder.
/// </summary>
public sealed class LockWriteGuardTests : IAsyncLifetime
{
    private const string Part = "PRT-200";
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _bob = "";
    private string _hash = "";

    /// <summary>The guarded writes, by the name the theories use.</summary>
    public static TheoryData<string> Writes => new() { "update", "upload", "revision", "release" };

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part);
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");

        // Revision 1 (a draft) exists, so "release" has something to release and "revision" a stored file to point at.
        using var admin = _server.AdminClient();
        _hash = await admin.UploadAsync(Part, Encoding.UTF8.GetBytes("revision one"));
        await HttpAssert.JsonAsync(await admin.PostJsonAsync($"/api/items/{Part}/revisions", new { file_hash = _hash, comment = "first" }), HttpStatusCode.Created);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ByOtherEditorWhileLocked_Returns409NamingHolderAndChangesNothing(string write)
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        var before = await SnapshotAsync();

        var problem = await HttpAssert.ProblemAsync(await WriteAsync(bob, write, "bob"), HttpStatusCode.Conflict);

        Assert.Equal("alice", problem.GetProperty("holder").Text("locked_by"));
        Assert.Contains("alice", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ByAdminWhileLocked_Returns409NamingHolder(string write)
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        var before = await SnapshotAsync();

        var problem = await HttpAssert.ProblemAsync(await WriteAsync(admin, write, "admin"), HttpStatusCode.Conflict);

        Assert.Equal("alice", problem.GetProperty("holder").Text("locked_by"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ByHolder_Succeeds(string write)
    {
        using var alice = _server.Client(_alice);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        await AssertWriteSucceedsAsync(alice, write, "alice");

        Assert.Equal("alice", (await alice.StatusAsync(Part)).GetProperty("lock").Text("locked_by"));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ByOtherEditorAfterHolderReleases_Succeeds(string write)
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await WriteAsync(bob, write, "bob")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);

        await AssertWriteSucceedsAsync(bob, write, "bob");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_ByOtherEditorAfterForcedRelease_Succeeds(string write)
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.ReleaseAsync(Part, reason: "unblock bob")).StatusCode);

        await AssertWriteSucceedsAsync(bob, write, "bob");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_WhenNotLocked_SucceedsForAnyEditor(string write)
    {
        using var bob = _server.Client(_bob);

        await AssertWriteSucceedsAsync(bob, write, "bob");
    }

    [Fact]
    public async Task UploadFile_ByNonHolder_StoresNothing()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        var bytes = Encoding.UTF8.GetBytes("bob's refused bytes");

        await HttpAssert.ProblemAsync(await bob.PostAsync($"/api/items/{Part}/file", LockTestKit.OctetStream(bytes)), HttpStatusCode.Conflict);

        // Had the bytes been stored, the holder could now make a revision of them.
        var refusedHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var problem = await HttpAssert.ProblemAsync(
            await alice.PostJsonAsync($"/api/items/{Part}/revisions", new { file_hash = refusedHash }), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file_hash", out _), problem.ToString());
    }

    [Fact]
    public async Task Write_ByHolder_FullCheckoutCycleLeavesRevisionByHolder()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var hash = await alice.UploadAsync(Part, Encoding.UTF8.GetBytes("alice's edit"));
        var revision = await HttpAssert.JsonAsync(
            await alice.PostJsonAsync($"/api/items/{Part}/revisions", new { file_hash = hash, comment = "holes moved", @base = await alice.HeadBaseAsync(Part) }), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await alice.PostAsync($"/api/items/{Part}/revisions/2/release", null), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);

        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        var latest = await HttpAssert.JsonAsync(await bob.GetAsync($"/api/items/{Part}/revisions/2"), HttpStatusCode.OK);
        Assert.Equal("alice", latest.Text("created_by"));
        Assert.Equal("released", latest.Text("status"));
        Assert.Equal(hash, latest.Text("file_hash"));
    }

    private Task<HttpResponseMessage> WriteAsync(HttpClient client, string write, string by) => write switch
    {
        "update" => client.PutJsonAsync($"/api/items/{Part}", new { description = $"edited by {by}" }),
        "upload" => client.PostAsync($"/api/items/{Part}/file", LockTestKit.OctetStream(Encoding.UTF8.GetBytes($"bytes from {by}"))),
        "revision" => client.PostJsonAsync($"/api/items/{Part}/revisions", new { file_hash = _hash, comment = $"by {by}" }),
        "release" => client.PostAsync($"/api/items/{Part}/revisions/1/release", null),
        _ => throw new ArgumentOutOfRangeException(nameof(write), write, "unknown write"),
    };

    /// <summary>Runs the write and checks that it took effect, not merely that it was answered.</summary>
    private async Task AssertWriteSucceedsAsync(HttpClient client, string write, string by)
    {
        using var response = await WriteAsync(client, write, by);
        switch (write)
        {
            case "update":
                var item = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
                Assert.Equal($"edited by {by}", item.Text("description"));
                break;
            case "upload":
                var uploaded = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"bytes from {by}"))), uploaded.Text("sha256"));
                break;
            case "revision":
                var revision = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
                Assert.Equal(2, revision.GetProperty("revision").GetInt32());
                Assert.Equal(by, revision.Text("created_by"));
                break;
            case "release":
                var released = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
                Assert.Equal("released", released.Text("status"));
                Assert.Equal(by, released.Text("released_by"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(write), write, "unknown write");
        }
    }

    /// <summary>What a guarded write could change: the item's fields and its revisions.</summary>
    private async Task<string> SnapshotAsync()
    {
        using var admin = _server.AdminClient();
        var item = await HttpAssert.JsonAsync(await admin.GetAsync($"/api/items/{Part}"), HttpStatusCode.OK);
        var revisions = await HttpAssert.JsonAsync(await admin.GetAsync($"/api/items/{Part}/revisions"), HttpStatusCode.OK);
        return JsonSerializer.Serialize(new
        {
            description = item.Text("description"),
            updated_at = item.Text("updated_at"),
            revisions = revisions.EnumerateArray().Select(r => $"{r.GetProperty("revision").GetInt32()}:{r.Text("status")}:{r.Text("released_by")}").ToArray(),
        });
    }
}
