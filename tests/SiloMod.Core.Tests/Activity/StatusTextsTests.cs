using Silo.Client.Events;
using SiloMod.Core.Activity;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Tests.Activity;

public sealed class StatusTextsTests
{
    [Fact]
    public void Counts_RefusedPushes_AreToSettle()
    {
        var text = StatusTexts.Counts(new SyncStatus(0, 0, 0, 0, ConnectionState.Connected, null, 2), TimeZoneInfo.Utc);

        Assert.Contains("2 pushes to settle", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LastSync_IsTheTimeOrNever()
    {
        Assert.Equal("14:05", StatusTexts.LastSync(SampleSignals.Status, TimeZoneInfo.Utc));
        Assert.Equal("never", StatusTexts.LastSync(SampleSignals.Status with { LastSyncAt = null }, TimeZoneInfo.Utc));
    }
}
