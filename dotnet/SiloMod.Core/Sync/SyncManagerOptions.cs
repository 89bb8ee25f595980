namespace SiloMod.Core.Sync;

/// <param name="WorkstationId">This machine's registration (WorkstationIdentity.GetOrRegisterAsync).</param>
/// <param name="ProjectsDir">The root subscribed files are written under, as <c>{category}/{part_number}_{description}.FCStd</c>.</param>
public sealed record SyncManagerOptions(string WorkstationId, string ProjectsDir);
