using System.Net.Http.Json;
using System.Text.Json;
using Silo.Client.Http;
using Silo.Protocol.Lineage;

namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>
/// The lost-work story, replayed in real FreeCADs: bob holds an old copy (revision 1) while alice
/// pushes a newer checkpoint. bob's blocked entry changes nothing; entering the body tells him his
/// copy is behind; his edit anyway is refused at the push and kept, and carol, subscribed, keeps
/// alice's work.
/// </summary>
public sealed class LineageFlowTests(SiloServerFixture silo) : IClassFixture<SiloServerFixture>
{
    private const string PartNumber = "PRT-300";
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task StaleCopy_IsToldBeforeEditing_AndItsPushIsRefusedAndKept_WhileSubscribersKeepTheNewerWork()
    {
        await using var stage = await TeamStage.SetUpAsync(silo, PartNumber, "Lineage bracket", s => s.CheckpointUser == "alice");
        var carolGotAlices = stage.CarolReceived;
        var (sync, aliceFile, bobFile) = (stage.Sync, stage.AliceFile, stage.BobFile);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var aliceRun = FreeCadProcess.RunAsync("e2e/lineage_alice.py", silo.Options("alice", new FreeCadOptions
        {
            Timeout = TimeSpan.FromSeconds(420),
            ServerNumber = 140,
            Args = new { sync_dir = sync, part_number = PartNumber, file_path = aliceFile },
        }), cts.Token);
        Task<FreeCadResult>? bobRun = null;
        try
        {
            // Revision 1 is alice's first save; bob's copy comes from it, as `silo checkout --read-only` would give it.
            await Markers.WaitAsync(sync, "alice-saved", aliceRun, PeerTimeout);
            using (var aliceClient = StandaloneSiloClient.Create(o => { o.BaseAddress = silo.Server.BaseAddress; o.Token = silo.Tokens["alice"]; }))
            {
                var uploaded = await aliceClient.Client.UploadFileAsync(PartNumber, aliceFile);
                await aliceClient.Client.CreateRevisionAsync(PartNumber, uploaded.Sha256, "first");
                await aliceClient.Client.DownloadRevisionAsync(PartNumber, bobFile, 1, uploaded.Sha256);
            }
            var revision1 = TeamStage.Sha256(bobFile);
            await File.WriteAllTextAsync(Path.Combine(sync, "go-edit"), "", cts.Token);

            // bob is blocked from the sketch alice edits; being blocked leaves his document unmodified.
            await Markers.WaitAsync(sync, "alice-editing", aliceRun, PeerTimeout);
            bobRun = FreeCadProcess.RunAsync("e2e/lineage_bob.py", silo.Options("bob", new FreeCadOptions
            {
                Timeout = TimeSpan.FromSeconds(420),
                ServerNumber = 160,
                Args = new { sync_dir = sync, part_number = PartNumber, file_path = bobFile },
                Environment = new Dictionary<string, string>
                {
                    ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "ok",
                    ["SILOMOD_AUTO_ANSWER_STALE"] = "edit_anyway",
                },
            }), cts.Token);
            await Markers.WaitAsync(sync, "bob-blocked", bobRun, PeerTimeout);

            // alice finishes: her body_close, built on revision 1, is the head and reaches carol.
            await File.WriteAllTextAsync(Path.Combine(sync, "go-leave"), "", cts.Token);
            var alice = await aliceRun;
            alice.AssertOk();
            var alicesSha = alice.Detail("saved_sha256");
            Assert.NotEqual(revision1, alicesSha);
            var carols = await carolGotAlices.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(alicesSha, TeamStage.Sha256(carols.Path));

            // bob, still on revision 1, enters the body: told first, edits anyway, and his push is refused.
            await File.WriteAllTextAsync(Path.Combine(sync, "go-body"), "", cts.Token);
            var bob = await bobRun;
            bob.AssertOk();
            bob.AssertCheck("not modified after the block");
            bob.AssertCheck("newer version prompt names alice's checkpoint");
            bob.AssertCheck("push refused as stale");
            bob.AssertCheck("conflict copy beside the document");
            bob.AssertCheck("pane offers the three ways");

            // Nothing of bob's replaced alice's work: the head, and carol's file, are still hers.
            using var http = silo.Server.Client(silo.Tokens["carol"]);
            var versions = await http.GetFromJsonAsync<List<JsonElement>>($"/api/items/{PartNumber}/versions");
            Assert.Equal(alicesSha, versions![0].GetProperty("file_hash").GetString());
            Assert.DoesNotContain(versions, v => v.GetProperty("user").GetString() == "bob");
            Assert.Equal(alicesSha, TeamStage.Sha256(carols.Path));
            Assert.Equal(bob.Detail("bob_sha256"), TeamStage.Sha256(bobFile));
            var sessions = await http.GetFromJsonAsync<List<JsonElement>>($"/api/items/{PartNumber}/edit-sessions");
            Assert.DoesNotContain(sessions!, s => s.GetProperty("user").GetString() == "bob");
            Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "push_conflict_e2e.png")));
            Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "stale_dialog_lineage.png")));
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var run in new[] { aliceRun, bobRun })
            {
                if (run is null) continue;
                try
                {
                    await run;
                }
                catch (Exception e) when (e is OperationCanceledException or Xunit.Sdk.XunitException)
                {
                }
            }
        }
    }
}
