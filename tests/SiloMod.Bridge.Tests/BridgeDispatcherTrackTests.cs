using System.Reactive.Subjects;
using System.Text.Json;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Client.Errors;
using SiloMod.Core.Host;
using SiloMod.Core.Items;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge.Tests;

/// <summary>The bridge methods of Track Document, open items for presence, and plain offline errors.</summary>
public sealed class BridgeDispatcherTrackTests : IDisposable
{
    private readonly IHostProtocol _core = Substitute.For<IHostProtocol>();
    private readonly Subject<SiloModSignal> _signals = new();
    private readonly Subject<SyncStatus> _status = new();
    private readonly WorkbenchFacade _facade;
    private readonly BridgeDispatcher _dispatcher;

    public BridgeDispatcherTrackTests()
    {
        _core.Signals.Returns(_signals);
        _core.StatusChanges.Returns(_status);
        _facade = new WorkbenchFacade(() => new Factory(_core));
        _dispatcher = new BridgeDispatcher(_facade);
        Call("start", new { server_url = "http://silo", token = "t", state_dir = "/s", projects_dir = "/p" });
    }

    [Fact]
    public void ReportOpenFiles_WithPartNumbers_ReportsTheOpenItems()
    {
        Call("report_open_files", new { paths = new[] { "/a.FCStd" }, part_numbers = new[] { "PRT-1", "PRT-2" } });

        _core.Received(1).ReportOpenItems(Arg.Is<IReadOnlyCollection<string>>(p => p.SequenceEqual(new[] { "PRT-1", "PRT-2" })));
    }

    [Fact]
    public void ReportOpenFiles_WithoutPartNumbers_LeavesOpenItemsAlone()
    {
        Call("report_open_files", new { paths = new[] { "/a.FCStd" } });

        _core.DidNotReceiveWithAnyArgs().ReportOpenItems(default!);
    }

    [Fact]
    public void CheckTrack_PassesTheDocumentFactsAndAnswersSnakeCase()
    {
        _core.CheckTrackAsync("PRT-9", Arg.Any<DocumentFacts>(), Arg.Any<CancellationToken>())
            .Returns(new TrackCheck(TrackVerdict.OfferCreate, "PRT-9", "Create it?", Proposal: new ItemProposal("PRT-9", "Parts", "Rover", "Plate")));

        var answer = Call("check_track", new
        {
            part_number = "PRT-9",
            document = new { label = "Plate", file_path = "/w/Rover/p.FCStd", comment = (string?)null, meta = new Dictionary<string, string> { ["SiloCategory"] = "Plates" } },
        });

        Assert.Equal("offer_create", answer.GetProperty("verdict").GetString());
        Assert.Equal("Rover", answer.GetProperty("proposal").GetProperty("project").GetString());
        _core.Received(1).CheckTrackAsync("PRT-9",
            Arg.Is<DocumentFacts>(d => d.Label == "Plate" && d.FilePath == "/w/Rover/p.FCStd" && d.Meta!["SiloCategory"] == "Plates"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public void CreateItem_MapsTheFields()
    {
        _core.CreateItemAsync(Arg.Any<ItemProposal>(), Arg.Any<CancellationToken>())
            .Returns(new ItemSummary("PRT-9", "Plate", "Plates", "Rover", null, null));

        var answer = Call("create_item", new { part_number = "PRT-9", category = "Plates", project = "Rover", description = "Plate" });

        Assert.Equal("PRT-9", answer.GetProperty("part_number").GetString());
        _core.Received(1).CreateItemAsync(new ItemProposal("PRT-9", "Plates", "Rover", "Plate"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void AnyCall_ServerNotAnswering_ErrorSpeaksOfTheServerNotTheCircuit()
    {
        _core.LockItemAsync("PRT-1", Arg.Any<CancellationToken>()).ThrowsAsync(
            new UnavailableException("POST http://silo:5000/api/items/PRT-1/lock: the Silo server failed several times in a row, so it is not asked again for a while.") { Server = new Uri("http://silo:5000") });

        var error = Call("lock_item", new { part_number = "PRT-1" }).GetProperty("error");

        Assert.Equal("The Silo server at silo:5000 is not answering.", error.GetProperty("message").GetString());
    }

    private JsonElement Call(string method, object? args = null) =>
        JsonDocument.Parse(_dispatcher.Dispatch(method, args is null ? null : JsonSerializer.Serialize(args))).RootElement.Clone();

    public void Dispose()
    {
        _dispatcher.Dispose();
        _facade.Dispose();
        _signals.Dispose();
        _status.Dispose();
    }

    private sealed class Factory(IHostProtocol core) : ICoreFactory
    {
        public Task<StartedCore> StartAsync(StartRequest request, CancellationToken ct) => Task.FromResult(new StartedCore(core, "ws-1", "alice"));
    }
}
