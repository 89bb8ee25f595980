namespace Silo.Protocol.EditSessions;

/// <summary>Body of <c>POST /api/items/{pn}/edit-session</c>; null fields are the server's to refuse.</summary>
/// <param name="ContextLevel">One of <see cref="ContextLevels"/>.</param>
/// <param name="DependencyCone">Null asks the server to compute it from the item's stored DAG.</param>
public sealed record AcquireEditSessionRequest(string? WorkstationId, string? ContextLevel, string? ObjectId, IReadOnlyList<string?>? DependencyCone);
