namespace Silo.Server.Auth;

/// <summary>Ordered: each role can do everything the ones below it can.</summary>
public enum Role
{
    Viewer = 1,
    Editor = 2,
    Admin = 3,
}

public static class Roles
{
    public static string ToWire(this Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Role role)
    {
        role = text switch { "viewer" => Role.Viewer, "editor" => Role.Editor, "admin" => Role.Admin, _ => 0 };
        return role != 0;
    }
}
