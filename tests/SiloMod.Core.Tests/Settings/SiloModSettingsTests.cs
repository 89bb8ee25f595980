using SiloMod.Core.Settings;

namespace SiloMod.Core.Tests.Settings;

public class SiloModSettingsTests
{
    [Fact]
    public void Default_MatchesTheSpec()
    {
        var s = SiloModSettings.Default;
        Assert.True(s.EditLockingEnabled);
        Assert.True(s.PushOnContextClose);
        Assert.True(s.SubscriptionAutoSync);
        Assert.Equal(2, s.SubscriptionMaxDownloads);
        Assert.True(s.SubscriptionSyncOnConnect);
        Assert.True(s.SubscriptionNotify);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Validate_DownloadsOutsideOneToEight_Throws(int downloads) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => (SiloModSettings.Default with { SubscriptionMaxDownloads = downloads }).Validate());

    [Fact]
    public void Update_InvalidSettings_KeepsThePreviousOnes()
    {
        var holder = new SettingsHolder(SiloModSettings.Default);
        Assert.Throws<ArgumentOutOfRangeException>(() => holder.Update(SiloModSettings.Default with { SubscriptionMaxDownloads = 12 }));
        Assert.Equal(2, holder.Current.SubscriptionMaxDownloads);
    }
}
