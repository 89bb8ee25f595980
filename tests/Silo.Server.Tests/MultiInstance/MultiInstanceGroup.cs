namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// The multi-instance tests start several server processes and load them hard: one at a time, and
/// not alongside the rest of the suite, or the two cores decide the timings instead of the servers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiInstanceGroup
{
    public const string Name = "MultiInstance";
}
