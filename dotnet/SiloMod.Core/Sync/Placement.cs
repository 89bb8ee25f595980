namespace SiloMod.Core.Sync;

/// <summary>What became of a download meant for a file.</summary>
public enum PlacementOutcome
{
    /// <summary>The file now holds the new version.</summary>
    Placed,

    /// <summary>The caller asked to keep the file as it is for now (it is open).</summary>
    HeldBack,

    /// <summary>The file changed while the bytes arrived: it was left alone.</summary>
    ChangedMeanwhile,
}

/// <param name="Hash">The new file's SHA-256 when <see cref="PlacementOutcome.Placed"/>.</param>
public sealed record Placement(PlacementOutcome Outcome, string? Hash);
