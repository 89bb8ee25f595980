using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text;

namespace Silo.Bench.Fanout;

/// <summary>
/// A workstation's event stream read for the benchmarks: every event is parsed as SSE, but only a
/// subscription.checkpoint event becomes a delivery, stamped the moment it had fully arrived.
/// </summary>
internal static class CheckpointDeliveries
{
    private const string CheckpointEvent = "subscription.checkpoint";
    private static readonly byte[] CheckpointId = "\"checkpoint_id\":\""u8.ToArray();

    public readonly record struct Arrival(string CheckpointId, long At);

    /// <summary>Items carry an <see cref="Arrival"/> for checkpoint events and null for the others.</summary>
    public static SseParser<Arrival?> Parse(Stream body) => SseParser.Create(body, Read);

    private static Arrival? Read(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType != CheckpointEvent) return null;
        var at = Stopwatch.GetTimestamp();
        // The envelope is the server's compact JSON, where this key occurs once, in the event's data.
        var start = data.IndexOf(CheckpointId);
        if (start < 0) throw new InvalidDataException("A subscription.checkpoint event without checkpoint_id.");
        var value = data[(start + CheckpointId.Length)..];
        return new Arrival(Encoding.UTF8.GetString(value[..value.IndexOf((byte)'"')]), at);
    }
}
