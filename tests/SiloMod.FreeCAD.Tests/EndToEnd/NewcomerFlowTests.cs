using SiloMod.Core.Host;
using SiloMod.Core.Workbench;

namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>
/// Issue 14's newcomer walk in real FreeCAD against the real server: bob creates an item with
/// Track Document, sees alice (who started editing before he connected) in Who Is Editing?, is
/// blocked, asks for a handoff, and watches the card settle when alice leaves. alice is a
/// <see cref="WorkbenchCore"/> in this process: only her session matters here.
/// </summary>
public sealed class NewcomerFlowTests(SiloServerFixture silo) : IClassFixture<SiloServerFixture>, IDisposable
{
    private const string HeldPartNumber = "PRT-NEWCOMER-HELD";
    private readonly string _dir = Directory.CreateTempSubdirectory("silomod-newcomer-").FullName;

    [Fact]
    public async Task TrackCreatePresenceHandoff_CardsSettle()
    {
        await silo.Server.CreateItemAsync(HeldPartNumber, description: "Held by alice");
        var sync = Directory.CreateDirectory(Path.Combine(_dir, "sync")).FullName;
        var projects = Directory.CreateDirectory(Path.Combine(_dir, "Rover")).FullName;
        var newPartNumber = "PRT-NEWCOMER-" + Guid.NewGuid().ToString("N")[..6];

        await using var alice = await WorkbenchCore.StartAsync(new WorkbenchOptions(
            silo.Server.BaseAddress, silo.Tokens["alice"], Path.Combine(_dir, "alice", "state"), Path.Combine(_dir, "alice", "projects")));
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        var aliceDoc = new TrackedDocument(HeldPartNumber, Path.Combine(_dir, "alice.FCStd"), Modified: false);
        var entered = await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, aliceDoc));
        Assert.Equal(EntryVerdict.Allow, entered.Entry!.Verdict);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var bobRun = FreeCadProcess.RunAsync("e2e/newcomer_bob.py", silo.Options("bob", new FreeCadOptions
        {
            Timeout = TimeSpan.FromSeconds(360),
            ServerNumber = 130,
            Args = new
            {
                sync_dir = sync, new_part_number = newPartNumber, new_file = Path.Combine(projects, "plate.FCStd"),
                held_part_number = HeldPartNumber, held_file = Path.Combine(_dir, "bracket.FCStd"),
            },
            Environment = new Dictionary<string, string>
            {
                ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "request_handoff",
                ["SILOMOD_AUTO_ANSWER_TRACK"] = "create",
            },
        }), cts.Token);

        try
        {
            await Markers.WaitAsync(sync, "bob-requested", bobRun, TimeSpan.FromSeconds(240));
            // alice leaves her sketch without pushing: her session ends on the server.
            alice.UpdateSettings(alice.Settings with { PushOnContextClose = false });
            await alice.ContextChangedAsync(new ContextChange(sketch, EditingContext.Document, aliceDoc));
            await File.WriteAllTextAsync(Path.Combine(sync, "alice-left"), "", cts.Token);

            var bob = await bobRun;
            bob.AssertOk();
            foreach (var check in new[]
            {
                "'..' refused in words", "create dialog shown and accepted", "dialog filled from the document", "new item created and tracked",
                "item on the server", "existing item tracked without a dialog", "Who Is Editing? names alice",
                "a .NET time crosses back for its words", "Subscribe shows alice in a sketch of the held item",
                "blocked card shows the request went to alice", "blocked card settled when alice left", "no jargon in the pane",
            })
                bob.AssertCheck(check);
        }
        finally
        {
            await cts.CancelAsync();
            try
            {
                await bobRun;
            }
            catch (Exception e) when (e is OperationCanceledException or Xunit.Sdk.XunitException)
            {
            }
        }

        using var http = silo.Server.Client(silo.Tokens["carol"]);
        var item = await http.GetAsync($"/api/items/{newPartNumber}");
        Assert.True(item.IsSuccessStatusCode, $"GET {newPartNumber}: {(int)item.StatusCode}");
        foreach (var png in new[] { "track_dialog_newcomer.png", "activity_pane_handoff_requested.png", "activity_pane_settled.png" })
            Assert.True(new FileInfo(Path.Combine(RepoPaths.Screenshots, png)).Length > 10_000, png);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
