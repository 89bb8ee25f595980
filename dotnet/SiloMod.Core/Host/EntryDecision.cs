using Silo.Protocol.EditSessions;

namespace SiloMod.Core.Host;

/// <summary>The core's answer to entering a context.</summary>
/// <param name="SessionId">The edit session now held; null when none was acquired (blocked, offline, locking off).</param>
/// <param name="Holder">Who holds the object, for <see cref="EntryVerdict.Block"/>.</param>
/// <param name="Conflicts">The overlapping sessions, for <see cref="EntryVerdict.AllowWithWarning"/>.</param>
/// <param name="Message">A sentence for the user; null when there is nothing to say.</param>
/// <param name="Stale">Entered, but the document is behind the item's head: ask the user before any edit.</param>
public sealed record EntryDecision(
    EntryVerdict Verdict,
    string? SessionId = null,
    EditSessionHolder? Holder = null,
    IReadOnlyList<EditSessionConflict>? Conflicts = null,
    string? Message = null,
    StaleNotice? Stale = null);
