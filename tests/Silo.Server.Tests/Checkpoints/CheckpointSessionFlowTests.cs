using System.Net;
using Silo.Server.Tests.EditSessions;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

/// <summary>
/// The two stories end to end through the public API only: sessions taken with
/// POST …/edit-session, released by the checkpoint that closes them.
/// </summary>
public sealed class CheckpointSessionFlowTests : TwoEditorsTest
{
    [Fact]
    public async Task Push_WithLiveSession_ReleasesItStoresDagAndResolvesSoftConflict()
    {
        var body = await Alice.GrantAsync("PRT-100", "partdesign", "Body", ["Pad001", "Fillet001"]);
        var bobs = await Bob.GrantAsync("PRT-100", "sketch", "Sketch002", ["Pocket002", "Fillet001"]);
        Assert.Equal("soft", bobs.GetProperty("interference").GetString());
        await using var bobStream = await EditSessionTestKit.StreamAsync(Bob.Http, Bob.WorkstationId);

        var dag = Dag(("Sketch001", "Pad001"), ("Pad001", "Fillet001"), ("Sketch002", "Pocket002"), ("Pocket002", "Fillet001"));
        var result = await PushAsync(Server, Alice.Http, "PRT-100", RandomBytes(4096), "body_close", body.GetProperty("session_id").GetString(), dag);

        Assert.True(result.GetProperty("session_released").GetBoolean());
        Assert.True(result.GetProperty("dag_synced").GetBoolean());
        var live = await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100");
        Assert.Equal(new[] { "bob" }, live.EnumerateArray().Select(s => s.GetProperty("user").GetString()!).ToArray());
        var resolved = await bobStream.ReadUntilAsync("edit.interference_resolved");
        Assert.Equal(body.GetProperty("session_id").GetString(), resolved.Json.GetProperty("data").GetProperty("resolved_session_id").GetString());

        // The stored DAG now gives the cone when a client sends none: Sketch001 feeds Pad001 → Fillet001, which Bob's cone shares.
        using var carol = await Server.CreateEditorAsync("carol");
        var grant = await carol.GrantAsync("PRT-100", "sketch", "Sketch001");
        Assert.Equal("soft", grant.GetProperty("interference").GetString());
        Assert.Contains("Fillet001", grant.GetProperty("conflicts")[0].GetProperty("shared_nodes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Push_SketchClose_ReleasesSketchSessionAndKeepsBodySession()
    {
        var body = await Alice.GrantAsync("PRT-100", "partdesign", "Body", ["Pad001"]);
        var sketch = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);
        Assert.Equal("none", sketch.GetProperty("interference").GetString());

        var result = await PushAsync(Server, Alice.Http, "PRT-100", RandomBytes(1024), "sketch_close", sketch.GetProperty("session_id").GetString());

        Assert.True(result.GetProperty("session_released").GetBoolean());
        Assert.Equal(0, result.GetProperty("subscribers_notified").GetInt32());
        var live = await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100");
        Assert.Equal(new[] { body.GetProperty("session_id").GetString()! }, live.EnumerateArray().Select(s => s.GetProperty("session_id").GetString()!).ToArray());
    }

    [Fact]
    public async Task Push_AfterLeaseLapsedAndObjectTakenByOther_Returns409SupersededAndStoresNothing()
    {
        var alices = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        var bobs = await Bob.GrantAsync("PRT-100", "sketch", "Sketch001");
        Assert.True(bobs.GetProperty("fencing_token").GetInt64() > alices.GetProperty("fencing_token").GetInt64());

        var bytes = RandomBytes(2048);
        var sha = await UploadAsync(Server, Alice.Http, "PRT-100", bytes);
        var problem = await HttpAssert.ProblemAsync(
            await PostCheckpointAsync(Alice.Http, "PRT-100", Body(sha, bytes.Length, "body_close", alices.GetProperty("session_id").GetString())),
            HttpStatusCode.Conflict);

        Assert.Equal("superseded", problem.GetProperty("code").GetString());
        var list = await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/items/PRT-100/checkpoints"), HttpStatusCode.OK);
        Assert.Equal(0, list.GetArrayLength());
        var live = await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100");
        Assert.Equal(new[] { "bob" }, live.EnumerateArray().Select(s => s.GetProperty("user").GetString()!).ToArray());
    }
}
