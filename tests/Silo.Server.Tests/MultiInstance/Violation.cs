namespace Silo.Server.Tests.MultiInstance;

public enum ViolationKind
{
    /// <summary>Two users held the same lock, session object, or lock against a session, at once.</summary>
    DoubleHolder,

    /// <summary>Fencing tokens of an item not strictly increasing in real-time order, or one given twice.</summary>
    FencingOrder,

    /// <summary>A checkpoint answered 2xx that the server should have refused.</summary>
    StaleCheckpoint,
}

/// <summary>One breach of the rules the history checker finds, with the entries that show it.</summary>
public sealed record Violation(ViolationKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}
