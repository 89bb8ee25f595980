namespace Silo.Server.Users;

public sealed record UserView(string Id, string Username, string Role, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string? Username, string? Role);

/// <summary>Returned once, at creation or rotation: the server keeps only the token's hash.</summary>
public sealed record UserWithToken(string Id, string Username, string Role, DateTimeOffset CreatedAt, string Token);
