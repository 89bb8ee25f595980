namespace Silo.Server.Hosting;

/// <summary>A setting the server cannot start with; Program prints its message alone, without a stack trace.</summary>
public sealed class SiloSettingsException(string message) : InvalidOperationException(message);
