using SiloMod.Core.Signals;

namespace SiloMod.Core.EditSessions;

/// <summary>What the <see cref="ContextFollower"/> asks of the running core on the user's answers.</summary>
public interface IContextActions
{
    /// <summary>The user edits a document behind its item's head anyway.</summary>
    void EditAnyway(string partNumber);

    /// <summary>Brings the file to its item's head (the host reopens the document itself).</summary>
    DocumentReplaced UpdateDocument(string partNumber, string filePath);

    /// <summary>Asks the holder of an edit session to hand it over.</summary>
    void RequestHandoff(string partNumber, string sessionId);
}
