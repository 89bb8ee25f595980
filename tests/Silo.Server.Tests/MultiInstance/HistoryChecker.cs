namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// Checks a recorded history against the rules that must hold whichever instance served each
/// request. It only reports what the history proves: a holder counts as holding from the moment
/// its grant was answered until its lease end (as the server wrote it, renewals included) or until
/// it asked to let go, whichever is first — never longer — so a slow answer or a lapsed lease can
/// never be mistaken for a breach.
/// </summary>
public static class HistoryChecker
{
    /// <summary>Leases are compared on the machine's clock, which the server writes in whole milliseconds.</summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMilliseconds(20);

    public static IReadOnlyList<Violation> Check(IReadOnlyList<HistoryEntry> history)
    {
        var locks = LockHoldings(history).ToList();
        var sessions = SessionHoldings(history).ToList();
        return
        [
            .. DoubleHolders(locks, sessions),
            .. FencingOrder(history),
            .. StaleCheckpoints(history, locks),
        ];
    }

    /// <summary>An interval in which a user certainly held a lock or an edit session.</summary>
    private sealed record Holding(string What, HistoryEntry Grant, DateTimeOffset Start, DateTimeOffset End)
    {
        public string User => Grant.User;

        public bool Overlaps(Holding other) => (Start > other.Start ? Start : other.Start) < (End < other.End ? End : other.End);

        public override string ToString() =>
            $"{What} {Grant.LockId ?? Grant.SessionId} of {User} on {Grant.Item}{(Grant.ObjectId is null ? "" : "/" + Grant.ObjectId)} "
            + $"(granted by instance {Grant.Instance}, held {Start:HH:mm:ss.fff}–{End:HH:mm:ss.fff})";
    }

    private static IEnumerable<Holding> LockHoldings(IReadOnlyList<HistoryEntry> history)
    {
        var byLock = history.Where(e => e is { Kind: OperationKind.LockAcquire, Outcome: Outcome.Granted, LockId: not null })
            .GroupBy(e => e.LockId!);
        foreach (var answers in byLock)
        {
            var grant = answers.Where(e => e.NewGrant).MinBy(e => e.Completed);
            if (grant?.ExpiresAt is null) continue;
            // A 200 names the same lock still live: held without a gap up to its new end. The new
            // end is now plus the renewal's TTL, which may be shorter: the last renewal decides.
            // A user's requests are sequential, so the last sent is the last the server ran.
            var leaseEnd = answers.Where(e => e.ExpiresAt is not null).MaxBy(e => e.Invoked)!.ExpiresAt!.Value;
            // Letting go, or a renewal whose answer was lost: it may have shortened the lease.
            var letGo = history.Where(e => e.User == grant.User && e.Item == grant.Item && e.Invoked >= grant.Completed
                    && (e.Kind == OperationKind.LockRelease || e is { Kind: OperationKind.LockAcquire, Outcome: Outcome.Failed }))
                .Select(e => (DateTimeOffset?)e.Invoked).Min();
            yield return new Holding("lock", grant, grant.Completed, Earliest(leaseEnd - ClockMargin, letGo));
        }
    }

    private static IEnumerable<Holding> SessionHoldings(IReadOnlyList<HistoryEntry> history)
    {
        var heartbeats = history.Where(e => e is { Kind: OperationKind.Heartbeat, Outcome: Outcome.Granted, Renewed: > 0, ExpiresAt: not null })
            .ToLookup(e => e.Workstation);
        foreach (var answers in SessionAnswers(history))
        {
            var grant = answers.MinBy(e => e.Completed)!;
            if (grant.ExpiresAt is not { } leaseEnd) continue;
            // A release asked for, or a checkpoint that may have ended it (a refused one wrote nothing).
            var letGo = history
                .Where(e => e.SessionId == grant.SessionId && e.Invoked >= grant.Completed
                    && (e.Kind == OperationKind.SessionRelease || (e.Kind == OperationKind.Checkpoint && e.Outcome != Outcome.Refused)))
                .Select(e => (DateTimeOffset?)e.Invoked).Min();

            var renewals = answers.Where(e => e != grant).Select(e => (Entry: e, Certain: true))
                .Concat(heartbeats[grant.Workstation].Select(e => (Entry: e, Certain: false)))
                .Where(r => r.Entry.Invoked > grant.Completed)
                .OrderBy(r => r.Entry.Invoked);
            foreach (var (renewal, certain) in renewals)
            {
                // A heartbeat renews the workstation's sessions live when it runs: this one only if
                // the answer came while it was surely still live (not lapsed, not let go).
                if (!certain && renewal.Completed >= Earliest(leaseEnd - ClockMargin, letGo)) continue;
                if (renewal.ExpiresAt > leaseEnd) leaseEnd = renewal.ExpiresAt.Value;
            }
            yield return new Holding("session", grant, grant.Completed, Earliest(leaseEnd - ClockMargin, letGo));
        }
    }

    /// <summary>Every granted session acquire, by session id: the first is the grant, later ones renew it.</summary>
    private static IEnumerable<IGrouping<string, HistoryEntry>> SessionAnswers(IReadOnlyList<HistoryEntry> history) =>
        history.Where(e => e is { Kind: OperationKind.SessionAcquire, Outcome: Outcome.Granted, SessionId: not null }).GroupBy(e => e.SessionId!);

    private static IEnumerable<Violation> DoubleHolders(IReadOnlyList<Holding> locks, IReadOnlyList<Holding> sessions)
    {
        // A lock excludes other users' locks and sessions on the item; a session excludes other users' sessions on its object.
        var contested = locks.Select(h => (Key: h.Grant.Item, Holding: h))
            .Concat(sessions.Select(h => (Key: h.Grant.Item + "/" + h.Grant.ObjectId, Holding: h)))
            .Concat(sessions.Select(h => (Key: h.Grant.Item, Holding: h)));
        foreach (var group in contested.GroupBy(c => c.Key))
        {
            var ordered = group.Select(c => c.Holding).Where(h => h.Start < h.End).OrderBy(h => h.Start).ToList();
            for (var i = 0; i < ordered.Count; i++)
            for (var j = i + 1; j < ordered.Count && ordered[j].Start < ordered[i].End; j++)
            {
                var (a, b) = (ordered[i], ordered[j]);
                // Sessions meet sessions under the object's key only; under the item's key only a lock is contested.
                if (a.User == b.User || (a.What == "session" && b.What == "session" && !group.Key.Contains('/'))) continue;
                if (a.Overlaps(b)) yield return new Violation(ViolationKind.DoubleHolder, $"{a} and {b} at once.");
            }
        }
    }

    private static IEnumerable<Violation> FencingOrder(IReadOnlyList<HistoryEntry> history)
    {
        var grants = SessionAnswers(history).Select(g => g.MinBy(e => e.Completed)!).Where(e => e.FencingToken is not null);
        foreach (var item in grants.GroupBy(e => e.Item))
        {
            foreach (var twice in item.GroupBy(e => e.FencingToken).Where(g => g.Count() > 1))
                yield return new Violation(ViolationKind.FencingOrder,
                    $"{item.Key}: fencing token {twice.Key} given to sessions {string.Join(", ", twice.Select(e => $"{e.SessionId} ({e.User})"))}.");
            foreach (var (earlier, later) in RealTimeInversions(item.ToList(), e => e.FencingToken!.Value))
                yield return new Violation(ViolationKind.FencingOrder,
                    $"{item.Key}: session {later.SessionId} was granted token {later.FencingToken} after session {earlier.SessionId} had been granted {earlier.FencingToken}.");
        }
    }

    private static IEnumerable<Violation> StaleCheckpoints(IReadOnlyList<HistoryEntry> history, IReadOnlyList<Holding> locks)
    {
        var accepted = history.Where(e => e is { Kind: OperationKind.Checkpoint, Outcome: Outcome.Granted, Version: not null }).ToList();
        foreach (var item in accepted.GroupBy(e => e.Item))
        {
            foreach (var twice in item.GroupBy(e => e.Version).Where(g => g.Count() > 1))
                yield return new Violation(ViolationKind.StaleCheckpoint,
                    $"{item.Key}: version {twice.Key} accepted {twice.Count()} times (bases {string.Join(", ", twice.Select(e => Short(e.BaseHash)))}).");
            foreach (var (earlier, later) in RealTimeInversions(item.ToList(), e => e.Version!.Value))
                yield return new Violation(ViolationKind.StaleCheckpoint,
                    $"{item.Key}: a checkpoint became version {later.Version} after version {earlier.Version} had been acknowledged.");

            var byVersion = item.GroupBy(e => e.Version!.Value).ToDictionary(g => g.Key, g => g.First());
            foreach (var push in item)
            {
                // Only a version whose predecessor the history knows can be judged (a failed push may have made it).
                if (!byVersion.TryGetValue(push.Version!.Value - 1, out var head)) continue;
                if (push.BaseHash != head.FileHash && push.FileHash != head.FileHash)
                    yield return new Violation(ViolationKind.StaleCheckpoint,
                        $"{item.Key}: version {push.Version} by {push.User} was pushed on base {Short(push.BaseHash)}, but the head was version {head.Version} ({Short(head.FileHash)}).");
            }
        }

        var grants = SessionAnswers(history).Select(g => g.MinBy(e => e.Completed)!).ToList();
        var grantOf = grants.ToDictionary(e => e.SessionId!);
        foreach (var push in accepted)
        {
            if (push.SessionId is not null && grantOf.TryGetValue(push.SessionId, out var own)
                && grants.FirstOrDefault(g => g.Item == own.Item && g.ObjectId == own.ObjectId && g.User != own.User
                    && g.FencingToken > own.FencingToken && g.Completed < push.Invoked) is { } newer)
                yield return new Violation(ViolationKind.StaleCheckpoint,
                    $"{push.Item}: checkpoint of {push.User} accepted with session {own.SessionId} (token {own.FencingToken}) after {newer.User} had been granted {own.ObjectId} with token {newer.FencingToken}.");

            if (locks.FirstOrDefault(h => h.Grant.Item == push.Item && h.User != push.User && h.Start <= push.Invoked && h.End >= push.Completed) is { } held)
                yield return new Violation(ViolationKind.StaleCheckpoint, $"{push.Item}: checkpoint of {push.User} accepted while {held}.");
        }
    }

    /// <summary>
    /// Pairs where one answer came back before the other was sent, yet the later one holds the
    /// smaller or equal number: numbers handed out in commit order can never do that.
    /// </summary>
    private static IEnumerable<(HistoryEntry Earlier, HistoryEntry Later)> RealTimeInversions(IReadOnlyList<HistoryEntry> entries, Func<HistoryEntry, long> number)
    {
        var byCompletion = entries.OrderBy(e => e.Completed).ToList();
        HistoryEntry? highest = null;
        var next = 0;
        foreach (var later in entries.OrderBy(e => e.Invoked))
        {
            for (; next < byCompletion.Count && byCompletion[next].Completed < later.Invoked; next++)
                if (highest is null || number(byCompletion[next]) > number(highest)) highest = byCompletion[next];
            if (highest is not null && number(highest) >= number(later)) yield return (highest, later);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset? b) => b is { } other && other < a ? other : a;

    private static string Short(string? hash) => hash is null ? "(none)" : hash[..Math.Min(8, hash.Length)];
}
