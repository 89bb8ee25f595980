using System.Text.Json;

namespace Silo.Server.Checkpoints;

/// <summary>Which editing context the user left when the checkpoint was taken (wire: <c>body_close</c>, …).</summary>
public enum CheckpointContext
{
    SketchClose,
    BodyClose,
    AssemblyClose,
    Manual,
    Autosave,
}

public static class CheckpointContexts
{
    /// <summary>
    /// Closing a body or an assembly, or an explicit save, produces a state worth pulling; sketch
    /// closes and autosaves are too frequent and too partial to interrupt other users with.
    /// </summary>
    public static bool NotifiesSubscribers(this CheckpointContext context) =>
        context is CheckpointContext.BodyClose or CheckpointContext.AssemblyClose or CheckpointContext.Manual;

    public static string ToWire(this CheckpointContext context) => JsonNamingPolicy.SnakeCaseLower.ConvertName(context.ToString());

    public static CheckpointContext FromWire(string value) =>
        Enum.GetValues<CheckpointContext>().Single(c => c.ToWire() == value);
}
