using Silo.Client.Errors;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Users;

public sealed class CurrentUserTests : ClientTestBase
{
    [Fact]
    public async Task GetCurrentUserAsync_EditorToken_NamesUserAndRole()
    {
        var me = await Alice.GetCurrentUserAsync();

        Assert.Equal("alice", me.Username);
        Assert.Equal("editor", me.Role);
    }

    [Fact]
    public async Task GetCurrentUserAsync_UnknownToken_ThrowsAuth()
    {
        await Assert.ThrowsAsync<AuthException>(() => ClientFor("bogus").GetCurrentUserAsync());
    }
}
