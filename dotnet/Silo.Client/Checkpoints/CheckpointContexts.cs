namespace Silo.Client.Checkpoints;

/// <summary>Why a checkpoint was pushed: the editing context the user left.</summary>
public static class CheckpointContexts
{
    public const string SketchClose = "sketch_close";
    public const string BodyClose = "body_close";
    public const string AssemblyClose = "assembly_close";
    public const string Manual = "manual";
    public const string Autosave = "autosave";

    public static IReadOnlyList<string> All { get; } = [SketchClose, BodyClose, AssemblyClose, Manual, Autosave];

    /// <summary>The contexts whose checkpoints reach subscribers; sketch closes and autosaves stay private.</summary>
    public static IReadOnlySet<string> NotifyContexts { get; } = new HashSet<string>(StringComparer.Ordinal) { BodyClose, AssemblyClose, Manual };
}
