using NSubstitute;
using Silo.Client;
using Silo.Protocol.EditSessions;
using SiloMod.Core.Presence;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.Presence;

public sealed class PresenceRebuilderTests : IDisposable
{
    private const string Ws = "ws-bob";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly SignalHub _signals = new();
    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly List<string[]> _watched = [];
    private readonly PresenceMap _map;
    private string[] _open = [];

    public PresenceRebuilderTests()
    {
        _map = new PresenceMap(_signals);
        _client.WatchItemsAsync(Ws, Arg.Do<IReadOnlyCollection<string>>(items =>
        {
            lock (_watched) _watched.Add([.. items]);
        }), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task RebuildAsync_AskedWhileOneRuns_WaitsAndThenReportsTheLatestOpenItems()
    {
        var firstWatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.WatchItemsAsync(Ws, Arg.Is<IReadOnlyCollection<string>>(items => items.Count == 0), Arg.Any<CancellationToken>())
            .Returns(firstWatch.Task);
        // The first rebuild's snapshot predates alice's session; the second one's has it.
        _client.GetPresenceAsync(Ws, Arg.Any<CancellationToken>()).Returns(
            Task.FromResult<IReadOnlyList<ItemEditSessions>>([]),
            Task.FromResult<IReadOnlyList<ItemEditSessions>>([new("PRT-1", [Alice("s1")])]));
        using var rebuilder = new PresenceRebuilder(_client, Ws, _map, () => "bob", () => _open);

        var first = rebuilder.RebuildAsync();
        _open = ["PRT-1"];
        var second = rebuilder.RebuildAsync(); // a rebuild that did not wait would have reported by now

        Assert.False(second.IsCompleted);
        lock (_watched) Assert.Single(_watched);

        firstWatch.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal([[], ["PRT-1"]], _watched);
        Assert.Equal(["s1"], _map.All().Select(s => s.SessionId));
    }

    [Fact]
    public async Task RebuildAsync_ReadFails_NextRebuildStillRuns()
    {
        _client.GetPresenceAsync(Ws, Arg.Any<CancellationToken>()).Returns(
            Task.FromException<IReadOnlyList<ItemEditSessions>>(new HttpRequestException("down")),
            Task.FromResult<IReadOnlyList<ItemEditSessions>>([new("PRT-1", [Alice("s1")])]));
        using var rebuilder = new PresenceRebuilder(_client, Ws, _map, () => "bob", () => ["PRT-1"]);

        await Assert.ThrowsAsync<HttpRequestException>(() => rebuilder.RebuildAsync());
        await rebuilder.RebuildAsync();

        var session = Assert.Single(_map.All());
        Assert.Equal(("s1", "alice", false), (session.SessionId, session.User, session.IsOwnUser));
    }

    private static EditSession Alice(string id) => new(id, "alice", "alice-pc", "sketch", "Sketch", At, At.AddMinutes(5));

    public void Dispose() => _signals.Dispose();
}
