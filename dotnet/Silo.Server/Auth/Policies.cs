using Microsoft.AspNetCore.Authorization;

namespace Silo.Server.Auth;

/// <summary>One policy per role; a policy admits that role and every role above it.</summary>
public static class Policies
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static IServiceCollection AddSiloAuth(this IServiceCollection services)
    {
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(Role.Viewer)))
            .AddPolicy(Editor, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(Role.Editor)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new MinimumRole(Role.Admin)));
        services.AddSingleton<IAuthorizationHandler, MinimumRoleHandler>();
        return services;
    }

    private sealed record MinimumRole(Role Role) : IAuthorizationRequirement;

    private sealed class MinimumRoleHandler : AuthorizationHandler<MinimumRole>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MinimumRole requirement)
        {
            if (SiloUser.FromPrincipal(context.User) is { } user && user.Role >= requirement.Role) context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
