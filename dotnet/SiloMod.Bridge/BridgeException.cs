namespace SiloMod.Bridge;

/// <summary>A failure the facade itself reports; <see cref="Type"/> names which one, for the host to tell them apart.</summary>
public sealed class BridgeException : Exception
{
    public BridgeException(string type, string message) : base(message) => Type = type;

    public BridgeException() : this("bridge_error", "The bridge failed.") { }

    public BridgeException(string message) : this("bridge_error", message) { }

    public BridgeException(string message, Exception innerException) : base(message, innerException) => Type = "bridge_error";

    public string Type { get; }

    public static class Types
    {
        public const string InvalidArguments = "invalid_arguments";
        public const string CoreNotAvailable = "core_not_available";
        public const string CoreNotStarted = "core_not_started";
        public const string AlreadyStarted = "already_started";
        public const string NotConfigured = "not_configured";
    }
}
