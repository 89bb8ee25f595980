using System.Net.Http.Json;
using System.Text.Json;
using SiloMod.Core.Workbench;

namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>
/// The multi-user flow with the real server and real FreeCAD processes: alice edits a
/// sketch (a session the server shows), bob entering the same sketch is blocked with the dialog and
/// asks for a handoff that reaches alice, and alice leaving the body pushes a checkpoint that carol's
/// subscribed workstation downloads with the same hash. carol is a <see cref="WorkbenchCore"/> in
/// this process: a third FreeCAD would add a minute of start-up on two cores and test nothing more
/// of the workbench.
/// </summary>
public sealed class MultiUserFlowTests(SiloServerFixture silo) : IClassFixture<SiloServerFixture>
{
    private const string PartNumber = "PRT-E2E";
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task EditBlockHandoffCheckpoint_AcrossThreeWorkstations()
    {
        await using var stage = await TeamStage.SetUpAsync(silo, PartNumber, "End-to-end bracket", s => s.IsCheckpoint && s.CheckpointContext == "body_close");
        var carolSynced = stage.CarolReceived;
        var (sync, aliceFile, bobFile) = (stage.Sync, stage.AliceFile, stage.BobFile);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var aliceRun = FreeCadProcess.RunAsync("e2e/alice.py", silo.Options("alice", new FreeCadOptions
        {
            Timeout = TimeSpan.FromSeconds(360),
            ServerNumber = 99,
            Args = new { sync_dir = sync, part_number = PartNumber, file_path = aliceFile },
        }), cts.Token);

        FreeCadResult alice;
        try
        {
            // a. alice's sketch edit is an edit session on the server.
            await Markers.WaitAsync(sync, "alice-editing", aliceRun, PeerTimeout);
            var sessions = await stage.EditSessionsAsync();
            Assert.Contains(sessions, s => s.User == "alice" && s.ContextLevel == "sketch" && s.ObjectId == "Sketch");

            // b. bob, on a copy of the saved file, is blocked out of the same sketch and asks for a handoff.
            File.Copy(aliceFile, bobFile);
            var bob = await FreeCadProcess.RunAsync("e2e/bob.py", silo.Options("bob", new FreeCadOptions
            {
                ServerNumber = 120,
                Args = new { part_number = PartNumber, file_path = bobFile },
                Environment = new Dictionary<string, string> { ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "request_handoff" },
            }), cts.Token);
            bob.AssertOk();
            bob.AssertCheck("clr bundled");
            bob.AssertCheck("out of edit mode");
            bob.AssertCheck("dialog names alice");
            bob.AssertCheck("dialog answered Request Handoff");
            bob.AssertCheck("dialog screenshot");
            Assert.StartsWith("alice is currently editing", bob.Details.GetProperty("dialog").GetProperty("text").GetString());

            // c. alice gets the request, then leaves sketch and body: a body_close checkpoint reaches carol.
            await Markers.WaitAsync(sync, "alice-handoff", aliceRun, PeerTimeout);
            await File.WriteAllTextAsync(Path.Combine(sync, "go-leave"), "", cts.Token);
            alice = await aliceRun;
            alice.AssertOk();
            alice.AssertCheck("clr bundled");
            alice.AssertCheck("handoff request received from bob");
            alice.AssertCheck("body_close checkpoint pushed");
            alice.AssertCheck("pane shows the handoff request");
            alice.AssertCheck("pane shows the checkpoint");
            alice.AssertCheck("handoff card settled when the session ended");
            alice.AssertCheck("screenshot");
        }
        finally
        {
            // A failed step must not leave alice's FreeCAD waiting for markers into the next test.
            await cts.CancelAsync();
            try
            {
                await aliceRun;
            }
            catch (Exception e) when (e is OperationCanceledException or Xunit.Sdk.XunitException)
            {
            }
        }

        var synced = await carolSynced.WaitAsync(TimeSpan.FromSeconds(60));
        var aliceSha = TeamStage.Sha256(aliceFile);
        Assert.Equal(alice.Detail("saved_sha256"), aliceSha);
        Assert.Equal(aliceSha, TeamStage.Sha256(synced.Path));
        Assert.Equal("alice", synced.CheckpointUser);

        using var http = silo.Server.Client(silo.Tokens["carol"]);
        var latest = (await http.GetFromJsonAsync<JsonElement>($"/api/items/{PartNumber}/checkpoints"))
            .EnumerateArray().Select(c => (Context: c.GetProperty("context").GetString(), Hash: c.GetProperty("file_hash").GetString(),
                User: c.GetProperty("user_id").GetString()))
            .ToList();
        Assert.Contains(("body_close", aliceSha, "alice"), latest);
        Assert.DoesNotContain(await stage.EditSessionsAsync(), s => s.User == "alice");
        Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "activity_pane_e2e.png")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "blocked_dialog_e2e.png")));
    }
}
