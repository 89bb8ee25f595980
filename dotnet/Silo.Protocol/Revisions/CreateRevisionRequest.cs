using System.Text.Json.Serialization;
using Silo.Protocol.Lineage;

namespace Silo.Protocol.Revisions;

/// <param name="FileHash">An uploaded file's SHA-256.</param>
/// <param name="Base">The version the file was derived from (its bytes' SHA-256 at least); null only for an item's first push.</param>
/// <param name="Overwrite">Replace a head the file was not derived from; see <see cref="PushLineage"/>.</param>
public sealed record CreateRevisionRequest(string? FileHash, string? Comment, VersionRef? Base = null, bool? Overwrite = null)
{
    [JsonIgnore]
    public PushLineage Lineage => new(Base, Overwrite ?? false);
}
