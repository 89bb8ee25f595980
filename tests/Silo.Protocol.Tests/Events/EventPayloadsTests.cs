using Silo.Protocol.Events;
using System.Reflection;

namespace Silo.Protocol.Tests.Events;

public sealed class EventPayloadsTests
{
    private static List<string> EventNames() =>
        typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    /// <summary>
    /// The server emits only names of <see cref="EventTypes"/>, and its event log refuses data that
    /// is not the record registered for the name; so every name needs its record here.
    /// </summary>
    [Fact]
    public void ByEventType_EveryEventNameHasItsPayloadRecord()
    {
        var names = EventNames();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(EventPayloads.ByEventType.ContainsKey(name), $"'{name}' has no payload record."));
        Assert.All(EventPayloads.ByEventType.Keys, name => Assert.Contains(name, names));
    }

    [Fact]
    public void ByEventType_EveryPayloadIsAConcreteRecord() =>
        Assert.All(EventPayloads.ByEventType.Values, type =>
        {
            Assert.True(typeof(SiloEventPayload).IsAssignableFrom(type), $"{type.Name} is no SiloEventPayload.");
            Assert.False(type.IsAbstract, $"{type.Name} is abstract.");
        });
}
