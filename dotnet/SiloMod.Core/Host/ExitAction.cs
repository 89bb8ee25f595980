namespace SiloMod.Core.Host;

public enum ExitAction
{
    /// <summary>Nothing to do (an untracked document, or a transition that closes no context).</summary>
    None,

    /// <summary>The document is unchanged since its last push: the core released the session itself.</summary>
    ReleaseOnly,

    /// <summary>Save the document, extract its DAG and hand both to <see cref="IHostProtocol.SubmitCheckpointAsync"/>.</summary>
    Checkpoint,
}
