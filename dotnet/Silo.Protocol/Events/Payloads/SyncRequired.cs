namespace Silo.Protocol.Events;

/// <summary><c>subscription.sync_required</c>: events were lost; report the sync state and read the diff again.</summary>
/// <param name="Reason">events_pruned or unknown_position.</param>
/// <param name="ResumeAfter">The stream goes on after this id.</param>
public sealed record SyncRequired(string Reason, long ResumeAfter) : SiloEventPayload;
