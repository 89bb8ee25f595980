namespace SiloMod.Core.Activity;

/// <summary>How the feed changed.</summary>
public enum ActivityChangeKind
{
    /// <summary>A new row on top.</summary>
    Added,

    /// <summary>A row changed in place (same id, same position): presence details arrived.</summary>
    Replaced,

    /// <summary>A row's question was answered: it stays, without buttons.</summary>
    Settled,

    /// <summary>A row went (dismissed, deferred, merged, folded, past the cap).</summary>
    Removed,

    /// <summary>Every row went.</summary>
    Cleared,

    /// <summary>Only the header changed (the core's status, a notice).</summary>
    Header,
}
