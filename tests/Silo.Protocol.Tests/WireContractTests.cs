using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Client.Events;
using Silo.Client.Http;
using Silo.Protocol.Events;
using Silo.Protocol.Tests.Support;
using Silo.Server.Events;
using Silo.Testing;

namespace Silo.Protocol.Tests;

/// <summary>
/// The wire contract between the server and the client: every record either side writes is read
/// back by the other, field by field, with the JSON options each really uses (the running
/// server's, the client's <see cref="SiloClientJson"/>), and every event takes the server's path
/// into the event log and the SSE frame before the client decodes it.
/// </summary>
public sealed class WireContractTests(WireContractTests.RunningServer server) : IClassFixture<WireContractTests.RunningServer>
{
    /// <summary>One server for all the cases: only its configured options are read.</summary>
    public sealed class RunningServer : IAsyncLifetime
    {
        public SiloTestServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await SiloTestServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public static TheoryData<string> Records() => [.. Samples.WireRecords().Select(t => t.FullName!)];

    public static TheoryData<string> EventNames() => [.. EventPayloads.ByEventType.Keys];

    /// <summary>What the server's endpoints write and read with: the options the running app configured.</summary>
    private JsonSerializerOptions ServerOptions => server.Server.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    [Fact]
    public void WireRecords_FindsTheSharedRecords()
    {
        var names = Samples.WireRecords().Select(t => t.Name).ToList();

        // A sample of each feature, so a broken discovery cannot pass by finding nothing.
        Assert.Contains(nameof(Items.Item), names);
        Assert.Contains(nameof(Sync.SyncDiffEntry), names);
        Assert.Contains(nameof(EditSessionAcquired), names);
        Assert.Contains(nameof(Checkpoints.CreateCheckpointRequest), names);
        Assert.True(names.Count >= 50, $"Only {names.Count} records found.");
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void ServerWrites_ClientReadsEveryField(string record)
    {
        var type = Type.GetType(record + ", Silo.Protocol", throwOnError: true)!;
        var sent = new Samples().Build(type);

        var json = JsonSerializer.Serialize(sent, type, ServerOptions);
        var read = JsonSerializer.Deserialize(json, type, SiloClientJson.Options);

        Fields.AssertSame(sent, read, type.Name);
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void ClientWrites_ServerReadsEveryField(string record)
    {
        var type = Type.GetType(record + ", Silo.Protocol", throwOnError: true)!;
        var sent = new Samples().Build(type);

        var json = JsonSerializer.Serialize(sent, type, SiloClientJson.Options);
        // The server refuses unknown fields, so a field the client names differently fails here.
        var read = JsonSerializer.Deserialize(json, type, ServerOptions);

        Fields.AssertSame(sent, read, type.Name);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Event_ThroughLogAndStream_ClientDecodesEveryField(string eventType)
    {
        var payload = (SiloEventPayload)new Samples().Build(EventPayloads.ByEventType[eventType]);
        var occurredAt = new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.Zero);

        var stored = EventLog.SerializeData(eventType, payload);
        using var frame = new MemoryStream(EventFrames.Render(42, eventType, "PRT-100", occurredAt, stored));
        var item = Assert.Single(EventPayloadDecoder.ParseStream(frame).Enumerate());
        var read = item.Data;

        Assert.Equal((eventType, "42"), (item.EventType, item.EventId));
        Assert.NotNull(read);
        Assert.Equal((42L, eventType, "PRT-100", occurredAt), (read.Id, read.Type, read.PartNumber, read.OccurredAt));
        Fields.AssertSame(payload, read.Payload, eventType);
    }

    [Fact]
    public void EventStream_ConnectedAndKeepAlives_ClientYieldsOnlyTheEvents()
    {
        var unlocked = (SiloEventPayload)new Samples().Build(typeof(ItemUnlocked));
        var frame = EventFrames.Render(7, EventTypes.ItemUnlocked, "PRT-100", DateTimeOffset.UnixEpoch, EventLog.SerializeData(EventTypes.ItemUnlocked, unlocked));
        using var stream = new MemoryStream([.. EventFrames.Connected, .. EventFrames.KeepAlive, .. frame, .. EventFrames.KeepAlive, .. frame]);

        var parser = EventPayloadDecoder.ParseStream(stream);
        var items = parser.Enumerate().ToList();

        Assert.Equal([7L, 7L], items.Select(i => i.Data?.Id));
        // The connected preamble's retry: is the reconnect advice the client's default delay follows.
        Assert.Equal(TimeSpan.FromSeconds(2), parser.ReconnectionInterval);
    }

    [Fact]
    public void SerializeData_RecordOfAnotherEvent_Refused()
    {
        var unlocked = (SiloEventPayload)new Samples().Build(typeof(ItemUnlocked));

        Assert.Throws<InvalidOperationException>(() => EventLog.SerializeData(EventTypes.ItemLocked, unlocked));
    }
}
