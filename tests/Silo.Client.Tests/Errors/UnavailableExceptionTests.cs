using Silo.Client.Errors;

namespace Silo.Client.Tests.Errors;

public sealed class UnavailableExceptionTests
{
    [Fact]
    public void ServerOf_RequestUri_KeepsSchemeHostAndPortOnly() =>
        Assert.Equal(new Uri("http://silo.example:5080/"), UnavailableException.ServerOf(new Uri("http://silo.example:5080/api/items/PRT-1?x=1")));

    [Fact]
    public void ServerOf_RelativeOrMissing_Null()
    {
        Assert.Null(UnavailableException.ServerOf(new Uri("/api/items", UriKind.Relative)));
        Assert.Null(UnavailableException.ServerOf(null));
    }
}
