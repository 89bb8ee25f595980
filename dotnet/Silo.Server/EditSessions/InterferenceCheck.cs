namespace Silo.Server.EditSessions;

/// <summary>
/// How a requested session relates to other users' live sessions on the same item. A user's own
/// sessions never interfere: a sketch session nests inside the same user's body session.
/// </summary>
internal static class InterferenceCheck
{
    /// <summary>Another user's live session on the very object asked for: the request must be refused.</summary>
    public static EditSessionStore.Row? HardHolder(IEnumerable<EditSessionStore.Row> live, string userId, string objectId) =>
        live.FirstOrDefault(r => r.UserId != userId && string.Equals(r.ObjectId, objectId, StringComparison.Ordinal));

    /// <summary>Other users' live sessions that share nodes with the requested one: granted, with a warning.</summary>
    public static IReadOnlyList<EditSessionConflict> SoftConflicts(
        IEnumerable<EditSessionStore.Row> live, string userId, string objectId, IReadOnlyList<string> cone)
    {
        var conflicts = new List<EditSessionConflict>();
        foreach (var other in live)
        {
            if (other.UserId == userId) continue;
            var shared = SharedNodes(objectId, cone, other.ObjectId, DependencyCone.Parse(other.Cone));
            if (shared.Count == 0) continue;
            conflicts.Add(new EditSessionConflict(other.Id, other.Username, other.ContextLevel, other.ObjectId, shared, Describe(other, shared)));
        }
        return conflicts;
    }

    /// <summary>
    /// Nodes both sessions can change or break. Each side counts its edited object with its cone:
    /// editing a feature that another user's sketch feeds is as risky as sharing a downstream one.
    /// </summary>
    public static IReadOnlyList<string> SharedNodes(string objectA, IReadOnlyList<string> coneA, string objectB, IReadOnlyList<string> coneB)
    {
        var a = new HashSet<string>(coneA, StringComparer.Ordinal) { objectA };
        var shared = new SortedSet<string>(StringComparer.Ordinal);
        if (a.Contains(objectB)) shared.Add(objectB);
        foreach (var node in coneB)
            if (a.Contains(node)) shared.Add(node);
        return shared.ToList();
    }

    public static IReadOnlyList<string> SharedNodes(EditSessionStore.Row a, EditSessionStore.Row b) =>
        SharedNodes(a.ObjectId, DependencyCone.Parse(a.Cone), b.ObjectId, DependencyCone.Parse(b.Cone));

    private static string Describe(EditSessionStore.Row other, IReadOnlyList<string> shared)
    {
        var sample = string.Join(", ", shared.Take(3)) + (shared.Count > 3 ? $" and {shared.Count - 3} more" : "");
        return $"{other.Username} is editing {other.ObjectId} ({other.ContextLevel}); shares downstream: {sample}.";
    }
}
