namespace SiloMod.Core.Host;

/// <summary>The core's answer to leaving a context.</summary>
/// <param name="Context">The checkpoint context (<c>sketch_close</c>, <c>body_close</c>, <c>assembly_close</c>) for <see cref="ExitAction.Checkpoint"/>.</param>
/// <param name="SessionId">The session the checkpoint releases; null when none was held (locking off, entered offline).</param>
public sealed record ExitDecision(ExitAction Action, string? Context = null, string? SessionId = null)
{
    public static ExitDecision Nothing { get; } = new(ExitAction.None);
}
