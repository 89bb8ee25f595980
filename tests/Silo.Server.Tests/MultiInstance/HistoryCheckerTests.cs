namespace Silo.Server.Tests.MultiInstance;

/// <summary>Hand-made histories: one clean, and each breach the checker exists to find, so a passing run means something.</summary>
public sealed class HistoryCheckerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int ms) => T0.AddMilliseconds(ms);

    private static HistoryEntry Op(string user, OperationKind kind, int invoked, int completed, Outcome outcome = Outcome.Granted, int status = 200, string item = "P-1") =>
        new(Client: user == "alice" ? 0 : 1, user, Instance: 0, kind, item, At(invoked), At(completed), outcome, status) { Workstation = "ws-" + user };

    private static HistoryEntry Lock(string user, string lockId, int invoked, int completed, int expiresAt, bool renewal = false) =>
        Op(user, OperationKind.LockAcquire, invoked, completed, status: renewal ? 200 : 201) with { LockId = lockId, ExpiresAt = At(expiresAt), NewGrant = !renewal };

    private static HistoryEntry Unlock(string user, int invoked, int completed) => Op(user, OperationKind.LockRelease, invoked, completed, status: 204);

    private static HistoryEntry Session(string user, string sessionId, long token, int invoked, int completed, int expiresAt, string objectId = "Pad") =>
        Op(user, OperationKind.SessionAcquire, invoked, completed) with { SessionId = sessionId, FencingToken = token, ExpiresAt = At(expiresAt), ObjectId = objectId };

    private static HistoryEntry EndSession(string user, string sessionId, int invoked, int completed) =>
        Op(user, OperationKind.SessionRelease, invoked, completed, status: 204) with { SessionId = sessionId };

    private static HistoryEntry Heartbeat(string user, int invoked, int completed, int expiresAt, int renewed = 1) =>
        Op(user, OperationKind.Heartbeat, invoked, completed) with { Renewed = renewed, ExpiresAt = At(expiresAt) };

    private static HistoryEntry Push(string user, long version, string file, string? baseHash, int invoked, int completed, string? sessionId = null) =>
        Op(user, OperationKind.Checkpoint, invoked, completed, status: 201) with { Version = version, FileHash = file, BaseHash = baseHash, SessionId = sessionId };

    private static HistoryEntry Refused(HistoryEntry entry) => entry with { Outcome = Outcome.Refused, Status = 409, Version = null, LockId = null, FencingToken = null };

    private static Violation Single(params HistoryEntry[] history) => Assert.Single(HistoryChecker.Check(history));

    [Fact]
    public void Check_CleanHistory_FindsNothing()
    {
        HistoryEntry[] history =
        [
            Lock("alice", "L1", 0, 10, expiresAt: 5_000),
            Refused(Lock("bob", "-", 20, 30, 0)),
            Lock("alice", "L1", 40, 50, expiresAt: 6_000, renewal: true),
            Unlock("alice", 100, 110),
            // Bob's answer came before Alice's release was even sent, yet he must have been second:
            // a 201 answered while the release ran is no proof of overlap.
            Lock("bob", "L2", 105, 120, expiresAt: 300),
            // Bob's lock lapses at 300 by the server's clock; Alice's next grant is after it.
            Lock("alice", "L3", 400, 410, expiresAt: 1_000),
            Unlock("alice", 500, 510),

            Session("alice", "S1", 1, 600, 610, expiresAt: 2_000),
            Refused(Session("bob", "-", 0, 620, 630, 0)),
            Heartbeat("alice", 700, 710, expiresAt: 3_000),
            Push("alice", 1, "h1", null, 800, 820),
            Push("alice", 2, "h2", "h1", 900, 920, sessionId: "S1"),
            Refused(Push("bob", 2, "h3", "h1", 930, 940)),
            Session("bob", "S2", 2, 950, 960, expiresAt: 4_000),
            Push("bob", 3, "h4", "h2", 1_000, 1_010, sessionId: "S2"),
            Op("bob", OperationKind.Checkpoint, 1_100, 1_200, Outcome.Failed, 0) with { FileHash = "h5", BaseHash = "h4" },
            // Version 4 is the failed push's: version 5 cannot be judged against it.
            Push("alice", 5, "h6", "h5", 1_300, 1_310),
        ];
        Assert.Empty(HistoryChecker.Check(history));
    }

    [Fact]
    public void Check_TwoLockHolders_FindsDoubleHolder()
    {
        var violation = Single(Lock("alice", "L1", 0, 10, expiresAt: 5_000), Lock("bob", "L2", 20, 30, expiresAt: 5_000));
        Assert.Equal(ViolationKind.DoubleHolder, violation.Kind);
    }

    [Fact]
    public void Check_RenewedLockHeldPastFirstExpiry_FindsDoubleHolder()
    {
        var violation = Single(
            Lock("alice", "L1", 0, 10, expiresAt: 100),
            Lock("alice", "L1", 50, 60, expiresAt: 1_000, renewal: true),
            Lock("bob", "L2", 200, 210, expiresAt: 5_000));
        Assert.Equal(ViolationKind.DoubleHolder, violation.Kind);
    }

    [Fact]
    public void Check_LockRenewedForLess_FindsNothing() =>
        Assert.Empty(HistoryChecker.Check([
            Lock("alice", "L1", 0, 10, expiresAt: 3_000),
            // Renewed for one second: the lock now ends at 1,050, not 3,000.
            Lock("alice", "L1", 50, 60, expiresAt: 1_050, renewal: true),
            Lock("bob", "L2", 1_200, 1_210, expiresAt: 5_000)]));

    [Fact]
    public void Check_SessionsOnSameObject_FindsDoubleHolder()
    {
        var violation = Single(Session("alice", "S1", 1, 0, 10, expiresAt: 5_000), Session("bob", "S2", 2, 20, 30, expiresAt: 5_000));
        Assert.Equal(ViolationKind.DoubleHolder, violation.Kind);
    }

    [Fact]
    public void Check_SessionsOnOtherObjects_FindsNothing() =>
        Assert.Empty(HistoryChecker.Check([
            Session("alice", "S1", 1, 0, 10, expiresAt: 5_000),
            Session("bob", "S2", 2, 20, 30, expiresAt: 5_000, objectId: "Sketch")]));

    [Fact]
    public void Check_HeartbeatKeptSessionAlive_FindsDoubleHolder()
    {
        var violation = Single(
            Session("alice", "S1", 1, 0, 10, expiresAt: 100),
            Heartbeat("alice", 50, 60, expiresAt: 1_000),
            Session("bob", "S2", 2, 200, 210, expiresAt: 5_000));
        Assert.Equal(ViolationKind.DoubleHolder, violation.Kind);
    }

    [Fact]
    public void Check_HeartbeatAfterLapse_FindsNothing() =>
        Assert.Empty(HistoryChecker.Check([
            Session("alice", "S1", 1, 0, 10, expiresAt: 100),
            // Answered after the lease ran out: it renewed nothing of S1, whatever it says.
            Heartbeat("alice", 90, 150, expiresAt: 1_000),
            Session("bob", "S2", 2, 200, 210, expiresAt: 5_000)]));

    [Fact]
    public void Check_SessionUnderAnotherUsersLock_FindsDoubleHolder()
    {
        var violation = Single(Lock("alice", "L1", 0, 10, expiresAt: 5_000), Session("bob", "S1", 1, 20, 30, expiresAt: 5_000));
        Assert.Equal(ViolationKind.DoubleHolder, violation.Kind);
    }

    [Fact]
    public void Check_FencingTokenGoingBack_FindsFencingOrder()
    {
        var violation = Single(
            Session("alice", "S1", 5, 0, 10, expiresAt: 100),
            Session("bob", "S2", 4, 200, 210, expiresAt: 300));
        Assert.Equal(ViolationKind.FencingOrder, violation.Kind);
    }

    [Fact]
    public void Check_FencingTokenGivenTwice_FindsFencingOrder()
    {
        var violations = HistoryChecker.Check([
            Session("alice", "S1", 7, 0, 10, expiresAt: 100),
            Session("bob", "S2", 7, 5, 15, expiresAt: 300, objectId: "Sketch")]);
        Assert.Equal(ViolationKind.FencingOrder, Assert.Single(violations).Kind);
    }

    [Fact]
    public void Check_CheckpointOnStaleBase_FindsStaleCheckpoint()
    {
        var violation = Single(
            Push("alice", 1, "h1", null, 0, 10),
            Push("alice", 2, "h2", "h1", 20, 30),
            Push("bob", 3, "h3", "h1", 40, 50));
        Assert.Equal(ViolationKind.StaleCheckpoint, violation.Kind);
    }

    [Fact]
    public void Check_TwoCheckpointsOnOneHead_FindsStaleCheckpoint()
    {
        var violations = HistoryChecker.Check([
            Push("alice", 1, "h1", null, 0, 10),
            Push("alice", 2, "h2", "h1", 20, 30),
            Push("bob", 2, "h3", "h1", 20, 30)]);
        Assert.Equal(ViolationKind.StaleCheckpoint, Assert.Single(violations).Kind);
    }

    [Fact]
    public void Check_CheckpointVersionGoingBack_FindsStaleCheckpoint()
    {
        var violations = HistoryChecker.Check([
            Push("alice", 2, "h2", "h1", 0, 10),
            Push("bob", 1, "h1", null, 20, 30)]);
        Assert.Equal(ViolationKind.StaleCheckpoint, Assert.Single(violations).Kind);
    }

    [Fact]
    public void Check_CheckpointWithSupersededSession_FindsStaleCheckpoint()
    {
        var violation = Single(
            Session("alice", "S1", 1, 0, 10, expiresAt: 100),
            Session("bob", "S2", 2, 200, 210, expiresAt: 5_000),
            EndSession("bob", "S2", 220, 230),
            Push("alice", 1, "h1", null, 300, 310, sessionId: "S1"));
        Assert.Equal(ViolationKind.StaleCheckpoint, violation.Kind);
    }

    [Fact]
    public void Check_CheckpointWhileAnotherUserHoldsLock_FindsStaleCheckpoint()
    {
        var violation = Single(Lock("alice", "L1", 0, 10, expiresAt: 5_000), Push("bob", 1, "h1", null, 20, 30));
        Assert.Equal(ViolationKind.StaleCheckpoint, violation.Kind);
    }
}
