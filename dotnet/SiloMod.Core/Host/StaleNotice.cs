using Silo.Protocol.Lineage;

namespace SiloMod.Core.Host;

/// <summary>
/// The document being entered is behind its item's head: shown before any edit, with Update
/// (<see cref="IHostProtocol.UpdateDocumentAsync"/>), Edit anyway (<see cref="IHostProtocol.EditAnywayAsync"/>)
/// and Cancel (leaving the context again). Until the user answers, leaving the context is a back-out:
/// the session is released and nothing is pushed.
/// </summary>
/// <param name="LocalBase">What the file was derived from; null when it is no version the server knows.</param>
/// <param name="Message">"PRT-300 has a newer version: alice's checkpoint body_close of 14:02."</param>
public sealed record StaleNotice(ItemVersion Head, VersionRef? LocalBase, string Message);
