namespace SiloMod.Core.Host;

public enum EntryVerdict
{
    /// <summary>Enter; nobody else is affected.</summary>
    Allow,

    /// <summary>Enter, and show the warning: other users edit objects sharing downstream features.</summary>
    AllowWithWarning,

    /// <summary>Back out of the context and show who holds it.</summary>
    Block,

    /// <summary>Enter: the server could not be asked, so nobody else is protected from this edit.</summary>
    AllowOffline,
}
