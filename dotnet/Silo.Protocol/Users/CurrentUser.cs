namespace Silo.Protocol.Users;

/// <summary>Whose token the client sends; <see cref="Role"/> is viewer, editor or admin.</summary>
public sealed record CurrentUser(string Id, string Username, string Role);
