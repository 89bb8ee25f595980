namespace SiloMod.Core.Host;

/// <summary>The answer to a context change: exactly one of <see cref="Entry"/> or <see cref="Exit"/> for a change in depth, neither for a sideways move or an untracked document.</summary>
public sealed record ContextDecision(EntryDecision? Entry = null, ExitDecision? Exit = null)
{
    public static ContextDecision Ignored { get; } = new();
}
