using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Silo.Protocol.Checkpoints;

/// <summary>The wire names of <see cref="CheckpointContext"/>, and which of them reach subscribers.</summary>
public static class CheckpointContexts
{
    public const string SketchClose = "sketch_close";
    public const string BodyClose = "body_close";
    public const string AssemblyClose = "assembly_close";
    public const string Manual = "manual";
    public const string Autosave = "autosave";

    public static IReadOnlyList<string> All { get; } = Enum.GetValues<CheckpointContext>().Select(ToWire).ToList();

    /// <summary>
    /// Closing a body or an assembly, or an explicit save, produces a state worth pulling; sketch
    /// closes and autosaves are too frequent and too partial to interrupt other users with, so
    /// subscribers are neither told of them nor offered them by a sync.
    /// </summary>
    public static IReadOnlySet<string> NotifyContexts { get; } = new HashSet<string>(RulesData.Load().NotifyContexts, StringComparer.Ordinal);

    public static bool NotifiesSubscribers(this CheckpointContext context) => NotifyContexts.Contains(context.ToWire());

    public static string ToWire(this CheckpointContext context) => JsonNamingPolicy.SnakeCaseLower.ConvertName(context.ToString());

    public static CheckpointContext FromWire(string value) =>
        TryFromWire(value, out var context) ? context : throw new ArgumentException($"'{value}' is not a checkpoint context.", nameof(value));

    public static bool TryFromWire([NotNullWhen(true)] string? value, out CheckpointContext context)
    {
        foreach (var candidate in Enum.GetValues<CheckpointContext>())
        {
            if (candidate.ToWire() != value) continue;
            context = candidate;
            return true;
        }
        context = default;
        return false;
    }
}
