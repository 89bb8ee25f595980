namespace SiloMod.Core.Host;

public enum ExitAction
{
    /// <summary>Nothing to do (an untracked document, or a transition that closes no context).</summary>
    None,

    /// <summary>The core released the session itself: pushing was off, or the freshness prompt was never answered.</summary>
    ReleaseOnly,

    /// <summary>Save the document, extract its DAG and hand both over (<see cref="IContextGate.SubmitCheckpointAsync"/>).</summary>
    Checkpoint,

    /// <summary>
    /// No unsaved changes: hand the file over as it is on disk, with its DAG. Whether its bytes are
    /// exactly what this workstation last sent or downloaded needs a read of them, so the core
    /// tells after taking it, off the host's thread: then it only releases the session.
    /// </summary>
    CheckpointIfChanged,
}
