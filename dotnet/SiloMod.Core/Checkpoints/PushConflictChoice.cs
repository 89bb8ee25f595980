namespace SiloMod.Core.Checkpoints;

/// <summary>The user's answer to a <see cref="Signals.PushConflict"/>.</summary>
public enum PushConflictChoice
{
    /// <summary>Push my file anyway, replacing the newer head; the server keeps theirs downloadable.</summary>
    OverwriteTheirs,

    /// <summary>Keep my file as the conflict copy beside the document, and bring the document to the head.</summary>
    KeepAsCopy,

    /// <summary>Give my file up and bring the document to the head.</summary>
    DiscardMine,
}

public static class PushConflictChoices
{
    public static string ToWire(this PushConflictChoice choice) => choice switch
    {
        PushConflictChoice.OverwriteTheirs => "overwrite_theirs",
        PushConflictChoice.KeepAsCopy => "keep_as_copy",
        _ => "discard_mine",
    };
}
