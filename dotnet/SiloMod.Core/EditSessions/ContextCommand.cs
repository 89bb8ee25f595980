using Silo.Protocol.EditSessions;
using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// What the <see cref="ContextEngine"/> asks the host to carry out, in order. The host performs
/// each one in FreeCAD and reports the facts again; it decides nothing itself.
/// </summary>
public abstract record ContextCommand;

/// <summary>End FreeCAD's edit mode when <paramref name="ObjectName"/> is the object in edit (a refused entry, or a context being left).</summary>
public sealed record ResetEdit(string ObjectName) : ContextCommand;

/// <summary>Make no body active when <paramref name="BodyName"/> is the active one.</summary>
public sealed record DeactivateBody(string BodyName) : ContextCommand;

/// <summary>Entry refused: show who holds the object, with Request Handoff (which needs <see cref="EditSessionHolder.SessionId"/>).</summary>
public sealed record ShowBlocked(string PartNumber, string ObjectId, EditSessionHolder? Holder, string Message) : ContextCommand;

/// <summary>Entered, but the user should know: others edit overlapping objects, or the server could not be asked.</summary>
public sealed record ShowWarning(string PartNumber, string Message) : ContextCommand;

/// <summary>
/// A context was left: hand the document's file and DAG back under <paramref name="Ticket"/>, saving
/// it first when <paramref name="SaveFirst"/> (it has unsaved changes). A document without any is
/// handed over as it is on disk, since saving would rewrite the file, and the core tells in the
/// background whether its bytes changed since the last push at all.
/// </summary>
public sealed record SaveForCheckpoint(string Ticket, bool SaveFirst = true) : ContextCommand;

/// <summary>The document entered is behind its item's head: ask Update, Edit anyway or Cancel (which leaves <paramref name="Context"/>).</summary>
public sealed record AskStale(string PartNumber, EditingContext Context, StaleNotice Notice) : ContextCommand;

/// <summary>
/// FreeCAD left an assembly's edit mode, perhaps only to edit something inside it (FreeCAD 1.x
/// enters the assembly again after): report the facts again, with <see cref="ContextFacts.Settled"/>,
/// once FreeCAD is surely done.
/// </summary>
public sealed record SettleAssembly : ContextCommand;

/// <summary>The core replaced the file of <paramref name="Document"/>, which has no unsaved changes: reopen it from its file.</summary>
public sealed record Reload(string Document) : ContextCommand;
