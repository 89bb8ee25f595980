using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>A context the host has open in a document, as the core followed it.</summary>
/// <param name="Session">The session held for it; null when none was acquired (locking off, offline, refused).</param>
/// <param name="Offline">Entered without the server's answer: its exit still pushes a checkpoint, without a session.</param>
/// <param name="AwaitingAnswer">Entered on a file behind the head and not yet answered: leaving is a back-out, not an edit.</param>
internal sealed record OpenContext(EditingContext Context, int Depth, ActiveSession? Session, bool Offline, StaleNotice? AwaitingAnswer = null);
