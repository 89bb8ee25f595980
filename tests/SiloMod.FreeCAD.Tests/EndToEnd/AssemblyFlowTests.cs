using System.Net.Http.Json;
using System.Text.Json;
using SiloMod.Core.Workbench;

namespace SiloMod.FreeCAD.Tests.EndToEnd;

/// <summary>
/// Assemblies end to end, in FreeCAD 1.x (0.20 has no Assembly workbench, and this test is not
/// discovered there): alice's FreeCAD enters an assembly's edit mode (an assembly edit session on
/// the server) and a body inside it (a nested body session), bob's FreeCAD is blocked from the
/// assembly and backed out of it, and alice leaving pushes an assembly_close checkpoint that carol's
/// subscribed workstation (a <see cref="WorkbenchCore"/> in this process) receives with the hash of
/// alice's saved file.
/// </summary>
public sealed class AssemblyFlowTests(SiloServerFixture silo) : IClassFixture<SiloServerFixture>
{
    private const string PartNumber = "ASM-E2E";
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(150);

    [FreeCadFact("1.0")]
    public async Task AssemblyEdit_BlocksOthers_NestsBody_AndItsCloseReachesSubscribers()
    {
        await using var stage = await TeamStage.SetUpAsync(silo, PartNumber, "End-to-end gearbox", s => s.IsCheckpoint && s.CheckpointContext == "assembly_close");
        var carolSynced = stage.CarolReceived;
        var (sync, aliceFile, bobFile) = (stage.Sync, stage.AliceFile, stage.BobFile);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var aliceRun = FreeCadProcess.RunAsync("e2e/assembly_alice.py", silo.Options("alice", new FreeCadOptions
        {
            Timeout = TimeSpan.FromSeconds(360),
            ServerNumber = 99,
            Args = new { sync_dir = sync, part_number = PartNumber, file_path = aliceFile },
        }), cts.Token);

        FreeCadResult alice;
        try
        {
            // a. alice holds the assembly and, nested in it, the body.
            await Markers.WaitAsync(sync, "alice-in-assembly", aliceRun, PeerTimeout);
            var sessions = await stage.EditSessionsAsync();
            Assert.Contains(sessions, s => s == new TeamStage.Session("alice", "assembly", "Assembly"));
            Assert.Contains(sessions, s => s == new TeamStage.Session("alice", "partdesign", "Body"));

            // b. bob, on a copy of the saved file, is kept out of the assembly.
            File.Copy(aliceFile, bobFile);
            var bob = await FreeCadProcess.RunAsync("e2e/assembly_bob.py", silo.Options("bob", new FreeCadOptions
            {
                ServerNumber = 120,
                Args = new { part_number = PartNumber, file_path = bobFile },
                Environment = new Dictionary<string, string> { ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "ok" },
            }), cts.Token);
            bob.AssertOk();
            bob.AssertCheck("out of the assembly's edit mode");
            bob.AssertCheck("dialog names alice and the assembly");
            Assert.DoesNotContain(await stage.EditSessionsAsync(), s => s.User == "bob");

            // c. alice leaves the body, moves the part and leaves the assembly.
            await File.WriteAllTextAsync(Path.Combine(sync, "go-leave"), "", cts.Token);
            alice = await aliceRun;
            alice.AssertOk();
            alice.AssertCheck("body left, assembly kept");
            alice.AssertCheck("assembly_close checkpoint pushed");
            alice.AssertCheck("checkpoint hash is the saved file's");
        }
        finally
        {
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
        var checkpoints = (await http.GetFromJsonAsync<JsonElement>($"/api/items/{PartNumber}/checkpoints"))
            .EnumerateArray().Select(c => (Context: c.GetProperty("context").GetString(), Hash: c.GetProperty("file_hash").GetString(),
                User: c.GetProperty("user_id").GetString()))
            .ToList();
        Assert.Contains(("assembly_close", aliceSha, "alice"), checkpoints);
        Assert.Contains(checkpoints, c => c.Context == "body_close" && c.User == "alice");
        Assert.Empty(await stage.EditSessionsAsync());
        Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "blocked_dialog_assembly.png")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Screenshots, "activity_pane_assembly.png")));
    }
}
