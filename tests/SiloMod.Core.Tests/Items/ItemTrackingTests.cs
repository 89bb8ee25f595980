using System.Net;
using System.Net.Sockets;
using Silo.Client.Http;
using Silo.Testing;
using SiloMod.Core.Items;

namespace SiloMod.Core.Tests.Items;

/// <summary>Track Document's decisions against the real server on loopback.</summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class ItemTrackingTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly List<StandaloneSiloClient> _clients = [];
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100", "Brackets", "Rover", "Mounting bracket");
    }

    [Fact]
    public async Task CheckAsync_KnownItem_Exists()
    {
        var check = await (await TrackingAsync("editor")).CheckAsync("PRT-100", new DocumentFacts("Bracket"));

        Assert.Equal(TrackVerdict.Exists, check.Verdict);
        Assert.Equal("Mounting bracket", check.Item!.Description);
    }

    [Fact]
    public async Task CheckAsync_UnknownItemForAnEditor_OffersTheProposal()
    {
        var check = await (await TrackingAsync("editor")).CheckAsync(" PRT-NEW ", new DocumentFacts("Side plate", "/work/Rover/plate.FCStd"));

        Assert.Equal(TrackVerdict.OfferCreate, check.Verdict);
        Assert.Equal(new ItemProposal("PRT-NEW", ItemProposal.DefaultCategory, "Rover", "Side plate"), check.Proposal);
        Assert.Contains("not on the Silo server", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_UnknownItemForAViewer_RefusesInPlainWords()
    {
        var check = await (await TrackingAsync("viewer")).CheckAsync("PRT-NEW", new DocumentFacts("Side plate"));

        Assert.Equal(TrackVerdict.Refuse, check.Verdict);
        Assert.Contains("only editors can create items", check.Message, StringComparison.Ordinal);
        Assert.Null(check.Proposal);
    }

    [Fact]
    public async Task CheckAsync_DotDot_RefusedBeforeAnyRequest()
    {
        var check = await (await TrackingAsync("editor")).CheckAsync("..", new DocumentFacts("x"));

        Assert.Equal(TrackVerdict.Refuse, check.Verdict);
        Assert.Equal("'..' is not a valid part number: use letters, digits, '.', '_' and '-', starting with a letter or digit (no '..', no slashes).", check.Message);
    }

    [Fact]
    public async Task CheckAsync_ServerNotAnswering_RefusesNamingTheServer()
    {
        var port = FreePort();
        var tracking = Tracking(new Uri($"http://127.0.0.1:{port}/"), "whatever", o => o.MaxRetries = 0);

        var check = await tracking.CheckAsync("PRT-100", new DocumentFacts("Bracket"));

        Assert.Equal(TrackVerdict.Refuse, check.Verdict);
        Assert.Equal($"The Silo server at 127.0.0.1:{port} is not answering, so PRT-100 cannot be checked. Nothing was changed; try again when the server is back.",
            check.Message);
    }

    [Fact]
    public async Task CreateAsync_Proposal_CreatesTheItemOnTheServer()
    {
        var tracking = await TrackingAsync("editor");

        var created = await tracking.CreateAsync(new ItemProposal("PRT-NEW", "Plates", "Rover", "Side plate"));

        Assert.Equal("Side plate", created.Description);
        Assert.Equal(TrackVerdict.Exists, (await tracking.CheckAsync("PRT-NEW", new DocumentFacts())).Verdict);
    }

    [Fact]
    public async Task CreateAsync_RefusedField_ThrowsTheServersReason()
    {
        var tracking = await TrackingAsync("editor");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => tracking.CreateAsync(new ItemProposal("PRT-NEW", "", "Rover", "x")));

        Assert.StartsWith("The Silo server did not create PRT-NEW:", e.Message, StringComparison.Ordinal);
    }

    private async Task<ItemTracking> TrackingAsync(string role) =>
        Tracking(_server.BaseAddress, await _server.CreateUserAsync(role + _clients.Count, role));

    private ItemTracking Tracking(Uri server, string token, Action<SiloClientOptions>? configure = null)
    {
        var client = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = server;
            o.Token = token;
            configure?.Invoke(o);
        });
        _clients.Add(client);
        return new ItemTracking(client.Client, server);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _server.DisposeAsync();
    }
}
