using System.Text.Json.Serialization;
namespace Silo.Server.Lineage;

/// <summary>What a version is: a numbered revision or a checkpoint (wire: <c>revision</c>, <c>checkpoint</c>).</summary>
public static class VersionKinds
{
    public const string Revision = "revision";
    public const string Checkpoint = "checkpoint";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Revision, Checkpoint };
}

/// <summary>
/// Names a version. A push's <c>base</c> needs only <see cref="FileHash"/>, the SHA-256 of the file
/// the pushed one was derived from; kind and id, when the client knows them, are kept for the record.
/// In answers every field is filled.
/// </summary>
public sealed record VersionRef(string? FileHash, string? Kind = null, string? Id = null, long? Version = null);

/// <summary>One accepted revision or checkpoint in its item's lineage.</summary>
/// <param name="Version">1, 2, 3… per item in the order the server accepted them; the highest is the head.</param>
/// <param name="Id">The revision's or checkpoint's id.</param>
/// <param name="Context">For a checkpoint: the context the user left (<c>body_close</c>, …).</param>
/// <param name="Revision">For a revision: its number.</param>
/// <param name="Base">The version the file was derived from; null for the first, for one older than lineage, or an overwrite from an unknown base.</param>
/// <param name="Replaced">The head an explicit overwrite replaced; null for an ordinary push.</param>
/// <param name="Available">False once a checkpoint has expired or been deleted: the version is history, its file gone.</param>
public sealed record ItemVersion(
    long Version,
    string Kind,
    string Id,
    string FileHash,
    long FileSize,
    string User,
    string? Context,
    int? Revision,
    DateTimeOffset CreatedAt,
    VersionRef? Base,
    VersionRef? Replaced,
    bool Available)
{
    [JsonIgnore]
    public VersionRef Ref => new(FileHash, Kind, Id, Version);

    /// <summary>"checkpoint body_close by alice, 2026-11-30 14:02 UTC" or "revision 3 by bob, …".</summary>
    public string Describe() =>
        (Kind == VersionKinds.Revision ? $"revision {Revision}" : $"checkpoint {Context}") + $" by {User}, {CreatedAt:yyyy-MM-dd HH:mm} UTC";
}

/// <summary>The lineage part of a push: where its file came from, and whether the user replaces a newer head on purpose.</summary>
/// <param name="Base">Null only for the first push of an item.</param>
/// <param name="Overwrite">Accept the push although its base is not the head; the replaced head stays downloadable and the overwrite is audited.</param>
public sealed record PushLineage(VersionRef? Base, bool Overwrite);
