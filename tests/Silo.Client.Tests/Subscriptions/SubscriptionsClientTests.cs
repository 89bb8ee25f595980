using Silo.Client.Errors;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Subscriptions;

public sealed class SubscriptionsClientTests : ClientTestBase
{
    private string _ws = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1", category: "Brackets", project: "Rover");
        await Server.CreateItemAsync("PRT-2", category: "Brackets", project: "Rover");
        _ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    [Fact]
    public async Task CreateSubscriptionAsync_Defaults_ReturnsLatestReleasedSubscription()
    {
        var now = Server.Clock.GetUtcNow();

        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "prt-1");

        Assert.Equal(_ws, sub.WorkstationId);
        Assert.Equal(SubscriptionTypes.Item, sub.Type);
        Assert.Equal("PRT-1", sub.Target);
        Assert.Equal(RevisionPolicies.LatestReleased, sub.RevisionPolicy);
        Assert.Null(sub.PinnedRevision);
        Assert.False(sub.Paused);
        Assert.Equal(now, sub.CreatedAt);
        Assert.Null(sub.LastSyncAt);
    }

    [Fact]
    public async Task CreateSubscriptionAsync_PinnedWithoutRevision_ThrowsValidationAndStoresNothing()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(
            () => Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Pinned));

        Assert.Contains("pinned_revision", e.Errors.Keys);
        Assert.Empty(await Alice.ListSubscriptionsAsync(_ws));
    }

    [Fact]
    public async Task CreateSubscriptionAsync_UnknownType_ThrowsValidation()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Alice.CreateSubscriptionAsync(_ws, "folder", "Rover"));

        Assert.Contains("type", e.Errors.Keys);
    }

    [Fact]
    public async Task CreateSubscriptionAsync_SameTargetTwice_ThrowsConflictNamingExisting()
    {
        var first = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");

        var e = await Assert.ThrowsAsync<ConflictException>(() => Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover"));

        Assert.IsNotType<HardInterferenceException>(e);
        Assert.Equal(first.Id, e.Problem.Extension<string>("subscription_id"));
    }

    [Fact]
    public async Task CreateSubscriptionAsync_AnotherUsersWorkstation_ThrowsAuth()
    {
        await Assert.ThrowsAsync<AuthException>(() => Bob.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover"));
    }

    [Fact]
    public async Task ListSubscriptionsAsync_Several_ReturnsOldestFirst()
    {
        var a = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Category, "Brackets");
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-2", RevisionPolicies.Pinned, 1);

        var listed = await Alice.ListSubscriptionsAsync(_ws);

        Assert.Equal([a, b], listed);
    }

    [Fact]
    public async Task UpdateSubscriptionAsync_PauseThenPin_ChangesOnlyGivenFields()
    {
        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);

        var paused = await Alice.UpdateSubscriptionAsync(sub.Id, new SubscriptionUpdate(Paused: true));
        var pinned = await Alice.UpdateSubscriptionAsync(sub.Id, new SubscriptionUpdate(RevisionPolicies.Pinned, PinnedRevision: 3));

        Assert.True(paused.Paused);
        Assert.Equal(RevisionPolicies.Latest, paused.RevisionPolicy);
        Assert.True(pinned.Paused);
        Assert.Equal(RevisionPolicies.Pinned, pinned.RevisionPolicy);
        Assert.Equal(3, pinned.PinnedRevision);
    }

    [Fact]
    public async Task UpdateSubscriptionAsync_PinnedRevisionWithLatest_ThrowsValidation()
    {
        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);

        await Assert.ThrowsAsync<ValidationException>(() => Alice.UpdateSubscriptionAsync(sub.Id, new SubscriptionUpdate(PinnedRevision: 2)));

        Assert.Null(Assert.Single(await Alice.ListSubscriptionsAsync(_ws)).PinnedRevision);
    }

    [Fact]
    public async Task DeleteSubscriptionAsync_Existing_RemovesItAndSecondDeleteIsNotFound()
    {
        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");

        await Alice.DeleteSubscriptionAsync(sub.Id);

        Assert.Empty(await Alice.ListSubscriptionsAsync(_ws));
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.DeleteSubscriptionAsync(sub.Id));
    }

    [Fact]
    public async Task ResolveSubscriptionAsync_ProjectWithReleasedRevision_ReturnsTargetWithDownloadUrl()
    {
        var (revision, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await ServerKit.AddRevisionAsync(Server, "PRT-2", "draft only", release: false);
        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");

        var resolved = Assert.Single(await Alice.ResolveSubscriptionAsync(sub.Id));

        Assert.Equal("PRT-1", resolved.PartNumber);
        Assert.Equal(sub.Id, resolved.SubscriptionId);
        Assert.Equal(revision, resolved.TargetRevision);
        Assert.Equal(hash, resolved.FileHash);
        Assert.False(resolved.IsCheckpoint);
        Assert.Contains(hash, resolved.DownloadUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAllSubscriptionsAsync_ItemOverridesProject_UsesMostSpecific()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev two draft", release: false);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");
        var item = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);

        var resolved = Assert.Single(await Alice.ResolveAllSubscriptionsAsync(_ws));

        Assert.Equal(item.Id, resolved.SubscriptionId);
        Assert.Equal(2, resolved.TargetRevision);
    }

    [Fact]
    public async Task ResolveSubscriptionAsync_UnknownId_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.ResolveSubscriptionAsync("no-such-subscription"));
    }

    [Fact]
    public async Task GetSubscriptionSummaryAsync_DraftsOnly_SaysNotReleased()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "draft", release: false);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Category, "Brackets");

        var summary = await Alice.GetSubscriptionSummaryAsync(_ws);

        Assert.Equal(1, summary.Subscriptions);
        Assert.Equal(2, summary.CoveredItems);
        Assert.Equal(0, summary.ItemsWithTarget);
        Assert.Equal(
            [("PRT-1", WaitingReasons.NotReleased, (int?)1), ("PRT-2", WaitingReasons.NoRevision, null)],
            summary.Waiting.Select(w => (w.PartNumber, w.Reason, w.LatestRevision)).OrderBy(w => w.PartNumber, StringComparer.Ordinal));
    }
}
