namespace SiloMod.Core.Activity;

/// <summary>What a row's button does. <see cref="Open"/> and <see cref="ViewInSilo"/> are the host's own (a document, a browser); the others are performed by <see cref="ActivityCommands"/>.</summary>
public enum ActivityActionKind
{
    RequestHandoff,
    ReleaseNow,
    Defer,
    Dismiss,
    Open,
    ViewInSilo,
    Overwrite,
    Skip,
    OverwriteTheirs,
    KeepAsCopy,
    DiscardMine,
}
