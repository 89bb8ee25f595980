using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

public sealed class EditSessionsApiTests : TwoEditorsTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-200");
    }

    [Fact]
    public async Task Acquire_NoOtherSession_GrantsWithoutInterferenceAndAnnouncesIt()
    {
        var now = Server.Clock.GetUtcNow();
        var grant = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);

        Assert.Equal("none", grant.GetProperty("interference").GetString());
        Assert.Empty(grant.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(1, grant.GetProperty("fencing_token").GetInt64());
        Assert.Equal(now, grant.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal(now + TimeSpan.FromMinutes(2), grant.GetProperty("expires_at").GetDateTimeOffset());

        var acquired = Assert.Single((await EditSessionTestKit.HistoryAsync(Bob.Http)).OfType("edit.session_acquired")).GetProperty("data");
        Assert.Equal(grant.GetProperty("session_id").GetString(), acquired.GetProperty("session_id").GetString());
        Assert.Equal("PRT-100", acquired.GetProperty("part_number").GetString());
        Assert.Equal("alice", acquired.GetProperty("user").GetString());
        Assert.Equal("alice-pc", acquired.GetProperty("workstation").GetString());
        Assert.Equal(Alice.WorkstationId, acquired.GetProperty("workstation_id").GetString());
        Assert.Equal("sketch", acquired.GetProperty("context_level").GetString());
        Assert.Equal("Sketch001", acquired.GetProperty("object_id").GetString());
        Assert.Equal(now, acquired.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal(now + TimeSpan.FromMinutes(2), acquired.GetProperty("expires_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("Sketch001", new[] { "Pad001", "Fillet001" }, "Sketch001", new[] { "Pocket001" }, "hard", new string[0])]
    [InlineData("Sketch001", new[] { "Pad001", "Fillet001" }, "Sketch002", new[] { "Pocket001", "Fillet001" }, "soft", new[] { "Fillet001" })]
    [InlineData("Sketch001", new[] { "Pad001", "Fillet001" }, "Fillet001", new string[0], "soft", new[] { "Fillet001" })]
    [InlineData("Sketch001", new[] { "Pad001", "Pocket001", "Fillet001" }, "Sketch002", new[] { "Pocket001", "Fillet001" }, "soft", new[] { "Fillet001", "Pocket001" })]
    [InlineData("Sketch001", new[] { "Pad001" }, "Sketch002", new[] { "Pocket001" }, "none", new string[0])]
    [InlineData("Body", new string[0], "Sketch002", new string[0], "none", new string[0])]
    public async Task Acquire_AgainstOtherUsersSession_FollowsInterferenceMatrix(
        string aliceObject, string[] aliceCone, string bobObject, string[] bobCone, string expected, string[] shared)
    {
        var alice = await Alice.GrantAsync("PRT-100", "sketch", aliceObject, aliceCone);
        var response = await Bob.AcquireAsync("PRT-100", "sketch", bobObject, bobCone);

        if (expected == "hard")
        {
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
            var holder = problem.GetProperty("holder");
            Assert.Equal(alice.GetProperty("session_id").GetString(), holder.GetProperty("session_id").GetString());
            Assert.Equal("alice", holder.GetProperty("user").GetString());
            Assert.Equal("alice-pc", holder.GetProperty("workstation").GetString());
            Assert.Equal("sketch", holder.GetProperty("context_level").GetString());
            Assert.Equal(aliceObject, holder.GetProperty("object_id").GetString());
            Assert.Equal(alice.GetProperty("acquired_at").GetDateTimeOffset(), holder.GetProperty("acquired_at").GetDateTimeOffset());
            Assert.Contains("alice", problem.GetProperty("message").GetString());
            Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Bob.Http, "PRT-100")).EnumerateArray());
            return;
        }

        var grant = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(expected, grant.GetProperty("interference").GetString());
        var conflicts = grant.GetProperty("conflicts").EnumerateArray().ToList();
        if (expected == "none")
        {
            Assert.Empty(conflicts);
            return;
        }
        var conflict = Assert.Single(conflicts);
        Assert.Equal(alice.GetProperty("session_id").GetString(), conflict.GetProperty("session_id").GetString());
        Assert.Equal("alice", conflict.GetProperty("user").GetString());
        Assert.Equal("sketch", conflict.GetProperty("context_level").GetString());
        Assert.Equal(aliceObject, conflict.GetProperty("object_id").GetString());
        Assert.Equal(shared, conflict.GetProperty("shared_nodes").Strings());
        Assert.Contains(shared[0], conflict.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Acquire_SoftWithSeveralUsers_ListsEveryConflict()
    {
        using var carol = await Server.CreateEditorAsync("carol");
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001", "Fillet001"]);
        await Bob.GrantAsync("PRT-100", "sketch", "Sketch002", ["Pocket001", "Fillet001"]);

        var grant = await carol.GrantAsync("PRT-100", "sketch", "Sketch003", ["Fillet001"]);

        Assert.Equal("soft", grant.GetProperty("interference").GetString());
        Assert.Equal(new[] { "alice", "bob" }, grant.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("user").GetString()!).Order());
    }

    [Fact]
    public async Task Acquire_OwnNestedSessions_NeverInterfere()
    {
        var body = await Alice.GrantAsync("PRT-100", "partdesign", "Body", ["Sketch001", "Pad001", "Fillet001"]);
        var sketch = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001", "Fillet001"]);
        var secondWorkstation = await EditSessionTestKit.RegisterWorkstationAsync(Alice.Http, "alice-laptop");
        var sameObjectElsewhere = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"], secondWorkstation);

        Assert.Equal("none", sketch.GetProperty("interference").GetString());
        Assert.Equal("none", sameObjectElsewhere.GetProperty("interference").GetString());
        Assert.NotEqual(body.GetProperty("session_id").GetString(), sketch.GetProperty("session_id").GetString());
        Assert.Equal(3, (await EditSessionTestKit.LiveSessionsAsync(Bob.Http, "PRT-100")).GetArrayLength());
    }

    [Fact]
    public async Task Acquire_SameWorkstationAndObjectAgain_ReturnsExistingSessionRenewed()
    {
        var first = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);
        Server.Clock.Advance(TimeSpan.FromSeconds(90));

        var again = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);

        Assert.Equal(first.GetProperty("session_id").GetString(), again.GetProperty("session_id").GetString());
        Assert.Equal(first.GetProperty("fencing_token").GetInt64(), again.GetProperty("fencing_token").GetInt64());
        Assert.Equal(first.GetProperty("acquired_at").GetDateTimeOffset(), again.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal(Server.Clock.GetUtcNow() + TimeSpan.FromMinutes(2), again.GetProperty("expires_at").GetDateTimeOffset());
        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(again.GetProperty("expires_at").GetDateTimeOffset(), live.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Single((await EditSessionTestKit.HistoryAsync(Alice.Http)).OfType("edit.session_acquired"));
    }

    [Fact]
    public async Task Acquire_EveryGrant_GetsAStrictlyLargerFencingTokenPerItem()
    {
        var tokens = new List<long>();
        var a = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        tokens.Add(a.GetProperty("fencing_token").GetInt64());
        tokens.Add((await Bob.GrantAsync("PRT-100", "sketch", "Sketch002")).GetProperty("fencing_token").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent,
            (await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{a.GetProperty("session_id").GetString()}")).StatusCode);
        tokens.Add((await Bob.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("fencing_token").GetInt64());
        tokens.Add((await Alice.GrantAsync("PRT-100", "partdesign", "Body")).GetProperty("fencing_token").GetInt64());
        var otherItem = await Alice.GrantAsync("PRT-200", "sketch", "Sketch001");

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.Equal(1, otherItem.GetProperty("fencing_token").GetInt64());
    }

    [Fact]
    public async Task Acquire_ConeOmitted_ComputesDownstreamConeFromStoredDag()
    {
        await StoreDagAsync("PRT-100", """
            {"nodes":[{"id":"Sketch001","type":"Sketcher::SketchObject","label":"Base"},{"id":"Pad001","type":"PartDesign::Pad","label":"Pad"},
                      {"id":"Sketch002","type":"Sketcher::SketchObject","label":"Holes"},{"id":"Pocket001","type":"PartDesign::Pocket","label":"Pocket"},
                      {"id":"Fillet001","type":"PartDesign::Fillet","label":"Fillet"},{"id":"Sketch003","type":"Sketcher::SketchObject","label":"Free"}],
             "edges":[{"from":"Sketch001","to":"Pad001"},{"from":"Pad001","to":"Sketch002"},{"from":"Sketch002","to":"Pocket001"},
                      {"from":"Pad001","to":"Pocket001"},{"from":"Pocket001","to":"Fillet001"}]}
            """);
        using var carol = await Server.CreateEditorAsync("carol");

        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        var bob = await Bob.GrantAsync("PRT-100", "sketch", "Sketch002");
        var carolGrant = await carol.GrantAsync("PRT-100", "sketch", "Sketch003");

        var conflict = Assert.Single(bob.GetProperty("conflicts").EnumerateArray());
        Assert.Equal("alice", conflict.GetProperty("user").GetString());
        Assert.Equal(new[] { "Fillet001", "Pocket001", "Sketch002" }, conflict.GetProperty("shared_nodes").Strings());
        Assert.Equal("none", carolGrant.GetProperty("interference").GetString());
    }

    [Fact]
    public async Task Acquire_ConeOmittedWithoutDag_UsesEmptyCone()
    {
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");

        var bob = await Bob.GrantAsync("PRT-100", "partdesign", "Pad001");

        Assert.Equal("none", bob.GetProperty("interference").GetString());
    }

    [Fact]
    public async Task Acquire_ItemCheckedOutByOtherUser_Returns409WithItemHolder()
    {
        var locked = await HttpAssert.JsonAsync(await Bob.Http.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await Alice.AcquireAsync("PRT-100", "sketch", "Sketch001"), HttpStatusCode.Conflict);

        var holder = problem.GetProperty("holder");
        Assert.Equal(JsonValueKind.Null, holder.GetProperty("session_id").ValueKind);
        Assert.Equal("bob", holder.GetProperty("user").GetString());
        Assert.Equal("item", holder.GetProperty("context_level").GetString());
        Assert.Equal(locked.GetProperty("locked_at").GetDateTimeOffset(), holder.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Contains("bob", problem.GetProperty("message").GetString());
        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        // The lock holder may still edit inside the item they checked out.
        Assert.Equal("none", (await Bob.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("interference").GetString());
    }

    public static TheoryData<string> BadRequests => new() { "unknown_level", "huge_cone", "foreign_workstation", "unknown_workstation",
        "missing_object", "long_object", "control_char_object", "blank_cone_node", "missing_workstation", "integer_level" };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Acquire_BadInput_Returns4xxAndStoresNothing(string scenario)
    {
        var (body, status) = scenario switch
        {
            "unknown_level" => ((object)new { workstation_id = Alice.WorkstationId, context_level = "drawing", object_id = "Sketch001" }, HttpStatusCode.UnprocessableEntity),
            "huge_cone" => (new { workstation_id = Alice.WorkstationId, context_level = "sketch", object_id = "Sketch001",
                dependency_cone = Enumerable.Range(0, 100_000).Select(i => $"Feature{i:D6}").ToArray() }, HttpStatusCode.UnprocessableEntity),
            "foreign_workstation" => (new { workstation_id = Bob.WorkstationId, context_level = "sketch", object_id = "Sketch001" }, HttpStatusCode.Forbidden),
            "unknown_workstation" => (new { workstation_id = Guid.NewGuid().ToString(), context_level = "sketch", object_id = "Sketch001" }, HttpStatusCode.NotFound),
            "missing_object" => (new { workstation_id = Alice.WorkstationId, context_level = "sketch" }, HttpStatusCode.UnprocessableEntity),
            "long_object" => (new { workstation_id = Alice.WorkstationId, context_level = "sketch", object_id = new string('S', 201) }, HttpStatusCode.UnprocessableEntity),
            "control_char_object" => (new { workstation_id = Alice.WorkstationId, context_level = "sketch", object_id = "Sketch\u0000001" }, HttpStatusCode.UnprocessableEntity),
            "blank_cone_node" => (new { workstation_id = Alice.WorkstationId, context_level = "sketch", object_id = "Sketch001", dependency_cone = new[] { "Pad001", "" } },
                HttpStatusCode.UnprocessableEntity),
            "missing_workstation" => (new { context_level = "sketch", object_id = "Sketch001" }, HttpStatusCode.UnprocessableEntity),
            "integer_level" => (new { workstation_id = Alice.WorkstationId, context_level = 2, object_id = "Sketch001" }, HttpStatusCode.BadRequest),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        await HttpAssert.ProblemAsync(await Alice.Http.PostJsonAsync("/api/items/PRT-100/edit-session", body), status);

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(Alice.Http)).OfType("edit.session_acquired"));
        // No grant was counted: the next one is still the item's first.
        Assert.Equal(1, (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("fencing_token").GetInt64());
    }

    [Fact]
    public async Task Acquire_UnknownFieldOrItem_IsRefused()
    {
        await HttpAssert.ProblemAsync(await Alice.Http.PostJsonAsync("/api/items/PRT-100/edit-session",
            new { workstation_id = Alice.WorkstationId, context_level = "sketch", object_id = "Sketch001", cone = new[] { "Pad001" } }), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await Alice.AcquireAsync("PRT-999", "sketch", "Sketch001"), HttpStatusCode.NotFound);
        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
    }

    [Fact]
    public async Task Acquire_ByViewer_Returns403()
    {
        using var viewer = await Server.CreateEditorAsync("victor", "viewer");

        await HttpAssert.ProblemAsync(await viewer.AcquireAsync("PRT-100", "sketch", "Sketch001"), HttpStatusCode.Forbidden);

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(viewer.Http, "PRT-100")).EnumerateArray());
    }

    [Fact]
    public async Task List_ReturnsLiveSessionsWithHolders()
    {
        var grant = await Alice.GrantAsync("PRT-100", "partdesign", "Body", ["Pad001"]);
        using var viewer = await Server.CreateEditorAsync("victor", "viewer");

        var session = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(viewer.Http, "PRT-100")).EnumerateArray());

        Assert.Equal(grant.GetProperty("session_id").GetString(), session.GetProperty("session_id").GetString());
        Assert.Equal("alice", session.GetProperty("user").GetString());
        Assert.Equal("alice-pc", session.GetProperty("workstation").GetString());
        Assert.Equal("partdesign", session.GetProperty("context_level").GetString());
        Assert.Equal("Body", session.GetProperty("object_id").GetString());
        Assert.Equal(grant.GetProperty("acquired_at").GetDateTimeOffset(), session.GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal(grant.GetProperty("expires_at").GetDateTimeOffset(), session.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(viewer.Http, "PRT-200")).EnumerateArray());
    }

    [Fact]
    public async Task ListMany_NamedItems_ReturnsTheLiveSessionsOfThoseBeingEditedOnly()
    {
        await Server.CreateItemAsync("PRT-300");
        var first = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        var second = await Bob.GrantAsync("PRT-100", "sketch", "Sketch002");
        await Bob.GrantAsync("PRT-300", "sketch", "Sketch001");
        using var viewer = await Server.CreateEditorAsync("victor", "viewer");

        var found = (await HttpAssert.JsonAsync(
            await viewer.Http.GetAsync("/api/edit-sessions?part_number=prt-100&part_number=PRT-200&part_number=NO-SUCH-PART"), HttpStatusCode.OK))
            .EnumerateArray().ToList();

        var item = Assert.Single(found);
        Assert.Equal("PRT-100", item.GetProperty("part_number").GetString());
        Assert.Equal([first.GetProperty("session_id").GetString(), second.GetProperty("session_id").GetString()],
            item.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session_id").GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?part_number=")]
    [InlineData("?part_number=A&part_number=%20")]
    public async Task ListMany_NoOrBlankPartNumber_Returns422(string query)
    {
        await HttpAssert.ProblemAsync(await Alice.Http.GetAsync("/api/edit-sessions" + query), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task ListMany_MoreThanOneRequestMayName_Returns422()
    {
        var query = string.Join("&", Enumerable.Range(0, 101).Select(i => $"part_number=P{i}"));

        await HttpAssert.ProblemAsync(await Alice.Http.GetAsync("/api/edit-sessions?" + query), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Release_ByOwner_Returns204AndAnnouncesIt()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{sessionId}")).StatusCode);

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(Bob.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal(sessionId, released.GetProperty("session_id").GetString());
        Assert.Equal("released", released.GetProperty("reason").GetString());
        Assert.Equal("alice", released.GetProperty("user").GetString());
        await HttpAssert.ProblemAsync(await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{sessionId}"), HttpStatusCode.NotFound);
        Assert.Equal("none", (await Bob.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("interference").GetString());
    }

    [Fact]
    public async Task Release_UnknownOrOnOtherItem_Returns404()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();

        await HttpAssert.ProblemAsync(await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await Alice.Http.DeleteAsync($"/api/items/PRT-200/edit-session/{sessionId}"), HttpStatusCode.NotFound);

        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
    }

    [Fact]
    public async Task Release_OtherUsersSession_RefusedUnlessAdminGivesReason()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        using var admin = Server.AdminClient();
        var path = $"/api/items/PRT-100/edit-session/{sessionId}";

        await HttpAssert.ProblemAsync(await Bob.Http.DeleteAsync(path), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.Http.DeleteAsync(path + "?reason=mine"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await admin.DeleteAsync(path), HttpStatusCode.UnprocessableEntity);
        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(Alice.Http)).OfType("edit.force_released"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(path + "?reason=alice%20left%20for%20the%20day")).StatusCode);

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        var history = await EditSessionTestKit.HistoryAsync(Bob.Http);
        var forced = Assert.Single(history.OfType("edit.force_released")).GetProperty("data");
        Assert.Equal(sessionId, forced.GetProperty("session_id").GetString());
        Assert.Equal("alice", forced.GetProperty("user").GetString());
        Assert.Equal("alice left for the day", forced.GetProperty("reason").GetString());
        Assert.Equal("forced", Assert.Single(history.OfType("edit.session_released")).GetProperty("data").GetProperty("reason").GetString());

        var audit = await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit?part_number=PRT-100"), HttpStatusCode.OK);
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("edit_session.force_release", entry.GetProperty("action").GetString());
        Assert.Equal("alice", entry.GetProperty("subject").GetString());
        Assert.Equal("alice left for the day", entry.GetProperty("reason").GetString());
        Assert.Equal(sessionId, entry.GetProperty("details").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Release_OtherUsersSessionWithControlCharacterReason_Returns422AndKeepsSession()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        using var admin = Server.AdminClient();

        var problem = await HttpAssert.ProblemAsync(
            await admin.DeleteAsync($"/api/items/PRT-100/edit-session/{sessionId}?reason=" + Uri.EscapeDataString("\u0001\u0002")), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
    }

    [Fact]
    public async Task RequestHandoff_ReachesOnlyTheHoldersWorkstationStream()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        var aliceLaptop = await EditSessionTestKit.RegisterWorkstationAsync(Alice.Http, "alice-laptop");
        await using var holderStream = await EditSessionTestKit.StreamAsync(Alice.Http, Alice.WorkstationId);
        await using var holderOtherMachine = await EditSessionTestKit.StreamAsync(Alice.Http, aliceLaptop);
        await using var requesterStream = await EditSessionTestKit.StreamAsync(Bob.Http, Bob.WorkstationId);

        var accepted = await HttpAssert.JsonAsync(await Bob.Http.PostJsonAsync($"/api/items/PRT-100/edit-session/{sessionId}/request-handoff",
            new { message = "Could I fix the mounting holes?" }), HttpStatusCode.Accepted);
        Assert.Equal("alice", accepted.GetProperty("holder").GetString());

        var handoff = (await holderStream.ReadUntilAsync("edit.handoff_requested")).Json.GetProperty("data");
        Assert.Equal(sessionId, handoff.GetProperty("session_id").GetString());
        Assert.Equal("PRT-100", handoff.GetProperty("part_number").GetString());
        Assert.Equal("Sketch001", handoff.GetProperty("object_id").GetString());
        Assert.Equal("bob", handoff.GetProperty("requester").GetString());
        Assert.Equal("Could I fix the mounting holes?", handoff.GetProperty("message").GetString());

        // A public event after the handoff: every stream sees it, so reading up to it proves the handoff was not sent there.
        Assert.Equal(HttpStatusCode.Created, (await Bob.Http.PostAsync("/api/items/PRT-200/lock", null)).StatusCode);
        foreach (var other in new[] { holderOtherMachine, requesterStream })
        {
            var seen = new List<string>();
            await other.ReadUntilAsync("item.locked", seen);
            Assert.DoesNotContain("edit.handoff_requested", seen);
        }
        Assert.Empty((await EditSessionTestKit.HistoryAsync(Bob.Http, Bob.WorkstationId)).OfType("edit.handoff_requested"));
    }

    [Fact]
    public async Task RequestHandoff_WithoutBody_SendsNullMessage()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();

        await HttpAssert.JsonAsync(await Bob.Http.PostAsync($"/api/items/PRT-100/edit-session/{sessionId}/request-handoff", null), HttpStatusCode.Accepted);

        var handoff = Assert.Single((await EditSessionTestKit.HistoryAsync(Alice.Http, Alice.WorkstationId)).OfType("edit.handoff_requested"));
        Assert.Equal(JsonValueKind.Null, handoff.GetProperty("data").GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task RequestHandoff_OwnUnknownOrLapsedSession_IsRefused()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        var path = $"/api/items/PRT-100/edit-session/{sessionId}/request-handoff";

        await HttpAssert.ProblemAsync(await Alice.Http.PostJsonAsync(path, new { message = "me" }), HttpStatusCode.UnprocessableEntity);
        await HttpAssert.ProblemAsync(await Bob.Http.PostJsonAsync($"/api/items/PRT-100/edit-session/{Guid.NewGuid()}/request-handoff", new { }),
            HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await Bob.Http.PostJsonAsync(path, new { message = new string('x', 1001) }), HttpStatusCode.UnprocessableEntity);
        Server.Clock.Advance(TimeSpan.FromMinutes(2));
        await HttpAssert.ProblemAsync(await Bob.Http.PostJsonAsync(path, new { message = "too late" }), HttpStatusCode.NotFound);

        Assert.Empty((await EditSessionTestKit.HistoryAsync(Alice.Http, Alice.WorkstationId)).OfType("edit.handoff_requested"));
    }

    [Fact]
    public async Task Release_OfOverlappingSession_SendsInterferenceResolvedToRemainingParty()
    {
        using var carol = await Server.CreateEditorAsync("carol");
        var alice = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001", "Fillet001"]);
        var bob = await Bob.GrantAsync("PRT-100", "sketch", "Sketch002", ["Fillet001"]);
        await carol.GrantAsync("PRT-100", "sketch", "Sketch003", ["Chamfer001"]);
        Assert.Equal("soft", bob.GetProperty("interference").GetString());
        await using var bobStream = await EditSessionTestKit.StreamAsync(Bob.Http, Bob.WorkstationId);
        await using var carolStream = await EditSessionTestKit.StreamAsync(carol.Http, carol.WorkstationId);

        var aliceSession = alice.GetProperty("session_id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{aliceSession}")).StatusCode);

        var resolved = (await bobStream.ReadUntilAsync("edit.interference_resolved")).Json.GetProperty("data");
        Assert.Equal("PRT-100", resolved.GetProperty("part_number").GetString());
        Assert.Equal(bob.GetProperty("session_id").GetString(), resolved.GetProperty("session_id").GetString());
        Assert.Equal(aliceSession, resolved.GetProperty("resolved_session_id").GetString());
        Assert.Equal("alice", resolved.GetProperty("resolved_user").GetString());
        Assert.Equal("Sketch002", resolved.GetProperty("object_id").GetString());
        Assert.Equal("Sketch001", resolved.GetProperty("resolved_object_id").GetString());

        // Carol's session never overlapped alice's: she hears of the release, not of a resolved conflict.
        var seen = new List<string>();
        await carolStream.ReadUntilAsync("edit.session_released", seen);
        Assert.Equal(HttpStatusCode.Created, (await Bob.Http.PostAsync("/api/items/PRT-200/lock", null)).StatusCode);
        await carolStream.ReadUntilAsync("item.locked", seen);
        Assert.DoesNotContain("edit.interference_resolved", seen);
    }

    private async Task StoreDagAsync(string partNumber, string dag)
    {
        var db = Server.Services.GetRequiredService<IDatabase>();
        await db.WriteAsync(async s =>
        {
            var itemId = await s.ScalarAsync<string>("SELECT id FROM items WHERE part_number = @partNumber", new { partNumber }, CancellationToken.None);
            return await s.ExecuteAsync("INSERT INTO dags(item_id, dag, checkpoint_id, updated_at) VALUES (@itemId, @dag, NULL, 0)",
                new { itemId, dag }, CancellationToken.None);
        }, CancellationToken.None);
    }
}
