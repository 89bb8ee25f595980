using SiloMod.Core.Presence;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Presence;

public sealed class PresenceMapTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly SignalHub _signals = new();
    private readonly SignalRecorder _recorder;
    private readonly PresenceMap _map;

    public PresenceMapTests()
    {
        _recorder = new SignalRecorder(_signals);
        _map = new PresenceMap(_signals);
    }

    [Fact]
    public void Replace_EventsDuringTheRebuild_SurviveItsOlderSnapshot()
    {
        _map.Upsert(Session("gone", "PRT-1"));
        _map.BeginRebuild();

        // While the rebuild reads the server: one session starts, another ends.
        _map.Upsert(Session("new", "PRT-1"));
        _map.Remove("gone");
        _map.Replace([Session("gone", "PRT-1")]); // read before either event

        Assert.Equal(["new"], _map.All().Select(s => s.SessionId));
        // The journal ends with the rebuild: a later snapshot is taken as it is.
        _map.Replace([]);
        Assert.Empty(_map.All());
    }

    [Fact]
    public void BeginRebuild_AnotherRunning_ThrowsAndKeepsItsJournal()
    {
        _map.BeginRebuild();
        _map.Upsert(Session("new", "PRT-1"));

        Assert.Throws<InvalidOperationException>(_map.BeginRebuild);
        _map.Replace([]); // the running rebuild's snapshot, read before the event

        Assert.Equal(["new"], _map.All().Select(s => s.SessionId));
    }

    [Fact]
    public void Replace_SignalsOnlyItemsWhoseSessionsChanged()
    {
        _map.Upsert(Session("s1", "PRT-1"));
        _map.Upsert(Session("s2", "PRT-2"));
        _map.Upsert(Session("s3", "PRT-3"));
        var before = _recorder.Of<PresenceChanged>().Count;

        // PRT-1 unchanged, PRT-2 gone, PRT-3 replaced by another session, PRT-4 new.
        _map.Replace([Session("s1", "PRT-1"), Session("s4", "PRT-3"), Session("s5", "PRT-4")]);

        var changed = _recorder.Of<PresenceChanged>().Skip(before).Select(p => p.PartNumber).ToList();
        Assert.Equal(["PRT-2", "PRT-3", "PRT-4"], changed);
        Assert.Equal(["s1", "s4", "s5"], _map.All().Select(s => s.SessionId));
    }

    [Fact]
    public void Remove_UnknownSession_NoSignal()
    {
        Assert.False(_map.Remove("nope"));
        Assert.Empty(_recorder.Of<PresenceChanged>());
    }

    [Fact]
    public void ForItem_OldestFirst()
    {
        _map.Upsert(Session("late", "PRT-1", At.AddMinutes(2)));
        _map.Upsert(Session("early", "PRT-1", At));

        Assert.Equal(["early", "late"], _map.ForItem("PRT-1").Select(s => s.SessionId));
    }

    private static RemoteSession Session(string id, string pn, DateTimeOffset? since = null) =>
        new(id, pn, "alice", "alice-pc", "sketch", "Sketch001", since ?? At, IsOwnUser: false);

    public void Dispose()
    {
        _recorder.Dispose();
        _signals.Dispose();
    }
}
