using Silo.Protocol.EditSessions;
using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Tests.EditSessions;

public sealed class BlockedPromptTests
{
    private static readonly EditSessionHolder Alice = new("s-alice", "alice", "ws-alice", "sketch", "Sketch001", new DateTimeOffset(2026, 2, 16, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public void For_HeldBySession_NamesHolderObjectAndStartAndOffersHandoff()
    {
        var prompt = BlockedPrompt.For(new ShowBlocked("PRT-100", "Sketch001", Alice, "held"), TimeZoneInfo.Utc);

        Assert.Equal("alice is currently editing Sketch001 on ws-alice.", prompt.Text);
        Assert.Equal("Started: 14:00\n\nYou cannot edit this object until they finish.", prompt.Informative);
        Assert.True(prompt.CanRequestHandoff);
    }

    [Fact]
    public void For_CheckOutLock_NamesTheItemAndOffersNoHandoff()
    {
        var prompt = BlockedPrompt.For(new ShowBlocked("PRT-100", "Sketch001", Alice with { SessionId = null }, "locked"), TimeZoneInfo.Utc);

        Assert.Equal("alice has PRT-100 checked out on ws-alice.", prompt.Text);
        Assert.False(prompt.CanRequestHandoff);
    }

    [Fact]
    public void For_StartTime_IsInTheWorkstationsZone()
    {
        var tokyo = TimeZoneInfo.CreateCustomTimeZone("UTC+9", TimeSpan.FromHours(9), "UTC+9", "UTC+9");

        Assert.StartsWith("Started: 23:00", BlockedPrompt.For(new ShowBlocked("PRT-100", "Sketch001", Alice, ""), tokyo).Informative);
    }

    [Fact]
    public void For_NoHolderKnown_SaysAnotherUserAndNoHandoff()
    {
        var prompt = BlockedPrompt.For(new ShowBlocked("PRT-100", "Sketch001", null, "refused"), TimeZoneInfo.Utc);

        Assert.Equal("Another user has PRT-100 checked out on another workstation.", prompt.Text);
        Assert.Equal("Started: ?\n\nYou cannot edit this object until they finish.", prompt.Informative);
        Assert.False(prompt.CanRequestHandoff);
    }
}
