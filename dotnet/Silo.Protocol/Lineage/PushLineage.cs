namespace Silo.Protocol.Lineage;

/// <summary>The lineage of a push: the version its file was derived from, and whether it may replace a head it was not derived from.</summary>
/// <param name="Base">Null only for an item's first push.</param>
/// <param name="Overwrite">Replace a newer head on purpose; the server keeps the replaced one downloadable and audits the overwrite.</param>
public sealed record PushLineage(VersionRef? Base, bool Overwrite = false)
{
    public static PushLineage None { get; } = new(Base: null);
}
