namespace Silo.Cli.Config;

/// <summary>What <c>silo login</c> saves: where the server is, the bearer token, and optionally the workspace folder.</summary>
/// <param name="User">The username the token belonged to when it was saved, for messages only.</param>
internal sealed record CliConfig(string Server, string Token, string? Workspace = null, string? User = null);
