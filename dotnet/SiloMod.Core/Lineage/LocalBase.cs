using Silo.Protocol.Lineage;

namespace SiloMod.Core.Lineage;

/// <summary>What a local file was derived from, as far as this workstation knows.</summary>
/// <param name="Base">The server version (or, while a push is on its way, just the bytes) the file started from.</param>
/// <param name="Downloaded">True when this workstation wrote the base's bytes into the file itself (a sync or an update);
/// false when the base is this workstation's own push of the file.</param>
public sealed record LocalBase(string PartNumber, VersionRef Base, bool Downloaded, DateTimeOffset RecordedAt);
