using Silo.Client.Errors;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Tests.Messages;

public sealed class ServerWordsTests
{
    // What the client's resilience handler throws while its breaker is open.
    private static readonly UnavailableException OpenCircuit = new(
        "GET http://silo.example:5000/api/items/PRT-1: the Silo server failed several times in a row, so it is not asked again for about 20 s.")
    {
        Server = new Uri("http://silo.example:5000"),
    };

    [Fact]
    public void Describe_OpenCircuit_SpeaksOfTheServerNotTheCircuit()
    {
        var text = ServerWords.Describe(OpenCircuit);

        Assert.Equal("The Silo server at silo.example:5000 is not answering.", text);
        Assert.DoesNotContain("circuit", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeptUntilBack_Unavailable_SaysTheWorkIsKept()
    {
        var text = ServerWords.KeptUntilBack(OpenCircuit, "your body_close checkpoint of PRT-1");

        Assert.Equal("The Silo server at silo.example:5000 is not answering; your body_close checkpoint of PRT-1 is kept and will be sent when it is back.", text);
    }

    [Fact]
    public void Describe_UnknownServer_SaysTheSiloServer() =>
        Assert.Equal("The Silo server is not answering.", ServerWords.Describe(new UnavailableException("GET /x: the Silo server failed several times in a row")));

    [Fact]
    public void Describe_Refusal_KeepsTheServersReason() =>
        Assert.Equal("Item 'PRT-1' not found.", ServerWords.Describe(new NotFoundException("Item 'PRT-1' not found.")));
}
