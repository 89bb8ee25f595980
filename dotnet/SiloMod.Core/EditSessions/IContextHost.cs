using Silo.Protocol.Checkpoints;
using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// FreeCAD as the <see cref="ContextFollower"/> sees it: the host reads facts and carries out what
/// it is told, deciding nothing. Every member is called on the host's GUI thread; documents are
/// named by the host's internal document name.
/// </summary>
public interface IContextHost
{
    /// <summary>What FreeCAD shows of the document now; null once it was closed.</summary>
    ContextFacts? Read(string document);

    /// <summary>The cheap part of the facts, read on every poll tick; null once the document was closed.</summary>
    ContextGlance? Glance(string document);

    /// <summary>Ends the edit mode when <paramref name="objectName"/> is in edit; true when FreeCAD's state changed.</summary>
    bool ResetEdit(string document, string objectName);

    /// <summary>Makes no body active when <paramref name="bodyName"/> is the active one; true when FreeCAD's state changed.</summary>
    bool DeactivateBody(string document, string bodyName);

    /// <summary>Enters <paramref name="context"/> again (after Update reopened the document): activates its body, or edits its object.</summary>
    void Enter(string document, EditingContext context);

    /// <summary>Runs <paramref name="action"/> on the GUI thread after the current FreeCAD signal returned, <paramref name="delayMilliseconds"/> later.</summary>
    void Defer(Action action, int delayMilliseconds);

    /// <summary>Shows who holds the object; true when the user chose Request Handoff.</summary>
    bool ShowBlocked(ShowBlocked blocked);

    /// <summary>Asks Update, Edit anyway or Cancel about a document behind its item's head.</summary>
    StaleChoice AskStale(StaleNotice notice);

    /// <summary>Tells the user something; a warning or error goes to FreeCAD's report view, information to a message box.</summary>
    void Show(ContextMessage kind, string text);

    /// <summary>Makes a document that changed nothing but its view state unmodified again; returns its name (reopening may change it).</summary>
    string RestoreSavedState(string document);

    /// <summary>Closes the document and opens its file again; returns the reopened document's name.</summary>
    string Reload(string document);

    /// <summary>The document's file (saved first when <paramref name="saveFirst"/>) and DAG; null once it was closed.</summary>
    SavedDocument? Save(string document, bool saveFirst);

    /// <summary>The open document saved at <paramref name="path"/>, or tracked as <paramref name="partNumber"/>; null when none is.</summary>
    string? FindDocument(string? path, string? partNumber);
}

/// <summary>What the poll tick reads: the object in edit and the active body by name, and whether FreeCAD shows the document modified.</summary>
/// <param name="GuiModified">FreeCAD's own flag (the asterisk in the tab); null without a GUI.</param>
/// <param name="UndoCount">Transactions on the undo stack: a user's change adds one, entering an edit does not.</param>
public sealed record ContextGlance(string? InEdit, string? ActiveBody, bool? GuiModified, int UndoCount);

/// <summary>A document the host saved (or left as it was on disk) for a checkpoint: its file and DAG.</summary>
public sealed record SavedDocument(string FilePath, Dag? Dag);

/// <summary>The user's answer to a document behind its item's head.</summary>
public enum StaleChoice
{
    Cancel,
    Update,
    EditAnyway,
}

/// <summary>How the host tells the user.</summary>
public enum ContextMessage
{
    Warning,
    Error,
    Information,
}
