namespace SiloMod.Core.Probes;

/// <summary>The steps an <see cref="IStepProbe"/> is told about, in the order they happen.</summary>
public static class CoreSteps
{
    /// <summary>A download is about to start (nothing written yet).</summary>
    public const string DownloadStarting = "download.starting";

    /// <summary>The new version is complete and verified in a temp file beside its target.</summary>
    public const string DownloadFetched = "download.fetched";

    /// <summary>The version the file is about to become is written down (<see cref="Sync.IncomingFiles"/>).</summary>
    public const string DownloadExpected = "download.expected";

    /// <summary>The temp file is renamed over the target: the new version is visible.</summary>
    public const string DownloadPlaced = "download.placed";

    public const string DownloadLineageRecorded = "download.lineage_recorded";

    public const string DownloadStateRecorded = "download.state_recorded";

    /// <summary>The expectation is settled: the records alone describe the file.</summary>
    public const string DownloadSettled = "download.settled";

    /// <summary>The server knows the workstation holds the version.</summary>
    public const string DownloadAcknowledged = "download.acknowledged";

    /// <summary>The copy of the saved document is in the outbox, its entry not yet.</summary>
    public const string PushSnapshotCopied = "push.snapshot_copied";

    /// <summary>The entry is written: the checkpoint is safe and the host is told so.</summary>
    public const string PushQueued = "push.queued";

    /// <summary>The server answered that it stored the checkpoint; nothing is recorded here yet.</summary>
    public const string PushAccepted = "push.accepted";

    /// <summary>The last pushed checkpoint of the item is recorded.</summary>
    public const string PushRecorded = "push.recorded";

    public const string PushLineageAdvanced = "push.lineage_advanced";

    /// <summary>The entry and its copy have left the outbox.</summary>
    public const string PushRemoved = "push.removed";

    public static readonly IReadOnlyList<string> Download =
        [DownloadStarting, DownloadFetched, DownloadExpected, DownloadPlaced, DownloadLineageRecorded, DownloadStateRecorded, DownloadSettled, DownloadAcknowledged];

    public static readonly IReadOnlyList<string> Push = [PushSnapshotCopied, PushQueued, PushAccepted, PushRecorded, PushLineageAdvanced, PushRemoved];
}
