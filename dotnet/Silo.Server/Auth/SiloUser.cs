using System.Security.Claims;

namespace Silo.Server.Auth;

public sealed record SiloUser(string Id, string Username, Role Role)
{
    public const string IdClaim = "silo:user_id";
    public const string RoleClaim = "silo:role";

    public bool IsAdmin => Role == Role.Admin;

    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [new Claim(IdClaim, Id), new Claim(ClaimTypes.Name, Username), new Claim(RoleClaim, Role.ToWire())], scheme));

    public static SiloUser? FromPrincipal(ClaimsPrincipal principal) =>
        principal.FindFirst(IdClaim)?.Value is { } id
        && principal.Identity?.Name is { } name
        && Roles.TryParse(principal.FindFirst(RoleClaim)?.Value, out var role)
            ? new SiloUser(id, name, role)
            : null;
}

public static class CurrentUserExtensions
{
    /// <summary>The signed-in user; endpoints under /api can only run once authentication succeeded.</summary>
    public static SiloUser SiloUser(this HttpContext context) =>
        Auth.SiloUser.FromPrincipal(context.User) ?? throw new InvalidOperationException("No authenticated Silo user on this request.");
}
