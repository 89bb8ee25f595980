using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Subscriptions;

public sealed class SubscriptionNotifierTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _carol = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        _bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        _carol = _server.Client(await _server.CreateUserAsync("carol", "viewer"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        await _server.DisposeAsync();
    }

    private static List<SseMessage> Revisions(List<SseMessage> received) => received.Where(m => m.Type == "subscription.revision").ToList();

    [Fact]
    public async Task RevisionCreatedAndReleased_ReachOnlyWorkstationsWhosePolicyTheyChange()
    {
        var latestWs = await RegisterWorkstationAsync(_alice, "alice-desk");
        var releasedWs = await RegisterWorkstationAsync(_carol, "carol-desk");
        var authorWs = await RegisterWorkstationAsync(_bob, "bob-desk");
        var idleWs = await RegisterWorkstationAsync(_alice, "alice-laptop");
        await SubscribeAsync(_alice, latestWs, "category", "Brackets", "latest");
        await SubscribeAsync(_carol, releasedWs, "project", "Rover", "latest_released");
        await SubscribeAsync(_bob, authorWs, "item", "PRT-100", "latest");
        await using var latest = await StreamAsync(_alice, latestWs);
        await using var released = await StreamAsync(_carol, releasedWs);
        await using var author = await StreamAsync(_bob, authorWs);
        await using var idle = await StreamAsync(_alice, idleWs);

        var (revision, hash) = await CreateRevisionAsync(_bob, "PRT-100", "v1");
        await _server.CreateItemAsync("MARK-1");
        await ReleaseAsync(_bob, "PRT-100", revision);
        await _server.CreateItemAsync("MARK-2");

        // latest: told about the new draft, not about its release.
        var toLatest = Revisions(await ReadUntilAsync(latest, m => IsItemCreated(m, "MARK-2")));
        var draft = Assert.Single(toLatest).Json.GetProperty("data");
        Assert.Equal("PRT-100", draft.GetProperty("part_number").GetString());
        Assert.Equal(1, draft.GetProperty("revision").GetInt32());
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(hash, draft.GetProperty("file_hash").GetString());
        Assert.False(string.IsNullOrEmpty(draft.GetProperty("item_id").GetString()));

        // latest_released: told about the release only.
        var toReleased = await ReadUntilAsync(released, m => IsItemCreated(m, "MARK-2"));
        var release = Assert.Single(Revisions(toReleased));
        Assert.Equal("released", release.Json.GetProperty("data").GetProperty("status").GetString());
        Assert.True(toReleased.FindIndex(m => IsItemCreated(m, "MARK-1")) < toReleased.IndexOf(release));

        // The author's own workstation and an unsubscribed one hear nothing.
        Assert.Empty(Revisions(await ReadUntilAsync(author, m => IsItemCreated(m, "MARK-2"))));
        Assert.Empty(Revisions(await ReadUntilAsync(idle, m => IsItemCreated(m, "MARK-2"))));
    }

    [Fact]
    public async Task RevisionCreated_GovernedByMoreSpecificOrPausedSubscription_IsNotSent()
    {
        var overridden = await RegisterWorkstationAsync(_alice, "alice-desk");
        await SubscribeAsync(_alice, overridden, "category", "Brackets", "latest");
        await SubscribeAsync(_alice, overridden, "item", "PRT-100", "latest_released");
        var paused = await RegisterWorkstationAsync(_carol, "carol-desk");
        var sub = (await SubscribeAsync(_carol, paused, "item", "PRT-100", "latest")).GetProperty("id").GetString();
        await HttpAssert.JsonAsync(await _carol.PatchAsync($"/api/subscriptions/{sub}",
            System.Net.Http.Json.JsonContent.Create(new { paused = true })), System.Net.HttpStatusCode.OK);
        await using var overriddenStream = await StreamAsync(_alice, overridden);
        await using var pausedStream = await StreamAsync(_carol, paused);

        await CreateRevisionAsync(_bob, "PRT-100", "v1");
        await _server.CreateItemAsync("MARK-1");

        Assert.Empty(Revisions(await ReadUntilAsync(overriddenStream, m => IsItemCreated(m, "MARK-1"))));
        Assert.Empty(Revisions(await ReadUntilAsync(pausedStream, m => IsItemCreated(m, "MARK-1"))));
    }
}
