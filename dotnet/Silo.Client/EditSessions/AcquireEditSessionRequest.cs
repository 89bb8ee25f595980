namespace Silo.Client.EditSessions;

/// <param name="DependencyCone">Null asks the server to compute it from the item's stored DAG.</param>
internal sealed record AcquireEditSessionRequest(string WorkstationId, string ContextLevel, string ObjectId, IReadOnlyList<string>? DependencyCone);
