namespace Silo.Server.Locks;

/// <summary>
/// The reason an admin gives for releasing someone else's lock ends up in the audit log and in
/// <c>item.unlocked</c> events read by people: it must be text, under the same rule edit sessions use.
/// </summary>
public static class ForceReason
{
    public const int MaxLength = 500;

    /// <returns>Why the reason is refused, or null when it is acceptable (absent counts as acceptable here).</returns>
    public static string? Check(string? reason) =>
        reason is null || (reason.Length <= MaxLength && !reason.Any(char.IsControl))
            ? null
            : $"reason must be at most {MaxLength} characters without control characters.";
}
