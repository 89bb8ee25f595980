using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapPost("/", Create).WithSummary("Create a user; the response holds its bearer token, shown this once.")
            .ProducesProblem(422);
        users.MapGet("/", List).WithSummary("List users.");
        users.MapPost("/{username}/token", Rotate).WithSummary("Replace a user's token; the old one stops working at once.");
        api.MapGet("/me", Me).WithTags("Users").WithSummary("Who the token belongs to.");
        return api;
    }

    private static async Task<Results<Created<UserWithToken>, Problem<ProblemStatus.Conflict>>> Create(CreateUserRequest request, IDatabase db, UserStore store, CancellationToken ct)
    {
        var role = Role.Viewer;
        new Validator()
            .Rule("username", NameRules.CheckUsername(request.Username))
            .Check(Roles.TryParse(request.Role, out role), "role", "role must be one of viewer, editor, admin.")
            .ThrowIfInvalid();

        var created = await db.WriteAsync<(UserView User, string Token)?>(async s =>
            await store.FindByNameAsync(s, request.Username!, ct) is null ? await store.CreateAsync(s, request.Username!, role, ct) : null, ct);
        if (created is not { } made) return new Problem<ProblemStatus.Conflict>($"A user named '{request.Username}' already exists.");
        var (user, token) = made;
        return TypedResults.Created($"/api/users/{user.Username}", new UserWithToken(user.Id, user.Username, user.Role, user.CreatedAt, token));
    }

    private static Ok<CurrentUser> Me(HttpContext http)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(new CurrentUser(user.Id, user.Username, user.Role.ToWire()));
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> List(IDatabase db, UserStore store, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(s => store.ListAsync(s, ct), ct));

    private static async Task<Results<Ok<UserWithToken>, Problem<ProblemStatus.NotFound>>> Rotate(string username, IDatabase db, UserStore store, CancellationToken ct)
    {
        var rotated = await db.WriteAsync(async s =>
        {
            if (await store.FindByNameAsync(s, username, ct) is not { } user) return null;
            var token = await store.RotateTokenAsync(s, user.Id, ct);
            var view = (await store.ListAsync(s, ct)).Single(u => u.Id == user.Id);
            return new UserWithToken(view.Id, view.Username, view.Role, view.CreatedAt, token);
        }, ct);
        return rotated is null ? new Problem<ProblemStatus.NotFound>($"No user named '{username}'.") : TypedResults.Ok(rotated);
    }
}
