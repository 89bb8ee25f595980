using System.Text.Json.Serialization;
using System.Globalization;

namespace Silo.Protocol.Lineage;

/// <summary>One accepted revision or checkpoint in its item's lineage; the highest <see cref="Version"/> is the item's head.</summary>
/// <param name="Id">The revision's or checkpoint's id.</param>
/// <param name="Context">For a checkpoint: the editing context its author left (<c>body_close</c>, …).</param>
/// <param name="Revision">For a revision: its number.</param>
/// <param name="Base">What its file was derived from; null for the first version, or one whose base is not known.</param>
/// <param name="Replaced">The head an explicit overwrite replaced; null for an ordinary push.</param>
/// <param name="Available">False once a checkpoint expired or was deleted: history only, no file.</param>
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
    VersionRef? Base = null,
    VersionRef? Replaced = null,
    bool Available = true)
{
    [JsonIgnore]
    public VersionRef Ref => new(FileHash, Kind, Id, Version);

    /// <summary>"checkpoint body_close" or "revision 3": what the version is, for messages.</summary>
    [JsonIgnore]
    public string What => Kind == VersionKinds.Revision
        ? "revision " + Revision?.ToString(CultureInfo.InvariantCulture)
        : "checkpoint " + Context;

    /// <summary>"checkpoint body_close by alice, 2026-11-30 14:02 UTC" or "revision 3 by bob, …".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{What} by {User}, {CreatedAt:yyyy-MM-dd HH:mm} UTC");
}
