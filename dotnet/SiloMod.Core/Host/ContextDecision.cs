namespace SiloMod.Core.Host;

/// <summary>
/// The answer to a context change: <see cref="Entry"/> for a move deeper, <see cref="Exit"/> for a
/// move shallower, both for a sideways move (sketch A to sketch B: the exit of the old context and
/// the entry of the new); neither for an untracked document or no move. The host performs the exit
/// first (save and submit for a checkpoint), then honours the entry (backing out on a block).
/// </summary>
public sealed record ContextDecision(EntryDecision? Entry = null, ExitDecision? Exit = null)
{
    public static ContextDecision Ignored { get; } = new();
}
