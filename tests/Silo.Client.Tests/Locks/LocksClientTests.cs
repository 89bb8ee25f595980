using System.Net;
using Silo.Client.Errors;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Locks;

public sealed class LocksClientTests : ClientTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await Server.CreateItemAsync("PRT-2");
    }

    [Fact]
    public async Task LockItemAsync_FreeItem_ReturnsLockWithCommentAndTtl()
    {
        var before = Server.Clock.GetUtcNow();

        var taken = await Alice.LockItemAsync("PRT-1", "reworking holes", TimeSpan.FromHours(2));

        Assert.Equal("PRT-1", taken.PartNumber);
        Assert.Equal("alice", taken.LockedBy);
        Assert.Equal("reworking holes", taken.Comment);
        Assert.Equal(before + TimeSpan.FromHours(2), taken.ExpiresAt);
    }

    [Fact]
    public async Task LockItemAsync_HeldByOther_ThrowsItemLockedNamingHolder()
    {
        var bobs = await Bob.LockItemAsync("PRT-1");

        var e = await Assert.ThrowsAsync<ItemLockedException>(() => Alice.LockItemAsync("PRT-1"));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("bob", e.Holder!.LockedBy);
        Assert.Equal(bobs.Id, e.Holder.Id);
        Assert.Equal(bobs.LockedAt, e.Holder.LockedAt);
    }

    [Fact]
    public async Task LockItemAsync_OwnLock_RenewsSameLock()
    {
        var first = await Alice.LockItemAsync("PRT-1", ttl: TimeSpan.FromMinutes(5));
        Server.Clock.Advance(TimeSpan.FromMinutes(1));

        var renewed = await Alice.LockItemAsync("PRT-1", ttl: TimeSpan.FromMinutes(5));

        Assert.Equal(first.Id, renewed.Id);
        Assert.Equal(first.ExpiresAt + TimeSpan.FromMinutes(1), renewed.ExpiresAt);
    }

    [Fact]
    public async Task GetLockAsync_LockedAndFree_ReturnsLockOrNull()
    {
        await Bob.LockItemAsync("PRT-1");

        Assert.Equal("bob", (await Viewer.GetLockAsync("PRT-1"))!.LockedBy);
        Assert.Null(await Viewer.GetLockAsync("PRT-2"));
    }

    [Fact]
    public async Task ListLocksAsync_TwoLocks_ListsBothOldestFirst()
    {
        await Bob.LockItemAsync("PRT-2");
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        await Alice.LockItemAsync("PRT-1");

        var locks = await Viewer.ListLocksAsync();

        Assert.Equal(["PRT-2", "PRT-1"], locks.Select(l => l.PartNumber));
        Assert.Equal(["bob", "alice"], locks.Select(l => l.LockedBy));
    }

    [Fact]
    public async Task UnlockItemAsync_Holder_ReleasesLock()
    {
        await Alice.LockItemAsync("PRT-1");

        await Alice.UnlockItemAsync("PRT-1");

        Assert.Null(await Alice.GetLockAsync("PRT-1"));
    }

    [Fact]
    public async Task UnlockItemAsync_OtherEditor_ThrowsAuthAndKeepsLock()
    {
        await Bob.LockItemAsync("PRT-1");

        var e = await Assert.ThrowsAsync<AuthException>(() => Alice.UnlockItemAsync("PRT-1"));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.NotNull(await Alice.GetLockAsync("PRT-1"));
    }

    [Fact]
    public async Task UnlockItemAsync_AdminWithoutReason_ThrowsValidation()
    {
        await Bob.LockItemAsync("PRT-1");

        var e = await Assert.ThrowsAsync<ValidationException>(() => Admin.UnlockItemAsync("PRT-1"));

        Assert.Contains("reason", e.Errors.Keys);
    }

    [Fact]
    public async Task UnlockItemAsync_AdminWithReason_ReleasesAndAudits()
    {
        await Bob.LockItemAsync("PRT-1");

        await Admin.UnlockItemAsync("PRT-1", "bob is on holiday & unreachable");

        Assert.Null(await Alice.GetLockAsync("PRT-1"));
        using var admin = Server.AdminClient();
        var audit = await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit?part_number=PRT-1"), HttpStatusCode.OK);
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("bob is on holiday & unreachable", entry.GetProperty("reason").GetString());
        Assert.Equal("bob", entry.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task UnlockItemAsync_NotLocked_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.UnlockItemAsync("PRT-1"));
    }
}
