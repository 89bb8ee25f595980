using System.Text.Json;
using Silo.Protocol.Events;
using Silo.Protocol.Tests.Support;
using Silo.Server.Json;

namespace Silo.Protocol.Tests;

/// <summary>
/// The wire itself, held still: the JSON field names of every record and the record of every
/// event, as the server writes them, against <c>wire-fields.txt</c>. Both ends share the records,
/// so a renamed field would still round-trip; it would break every client built before it, and
/// docs/api.md. A deliberate change of the wire updates the file (the failure prints the new lines).
/// </summary>
public sealed class WireFieldsTests
{
    private static string ApprovedPath => Path.Combine(AppContext.BaseDirectory, "wire-fields.txt");

    [Fact]
    public void Fields_AsTheServerWritesThem_MatchTheApprovedWire()
    {
        var lines = new List<string>();
        foreach (var type in Samples.WireRecords())
        {
            var json = JsonSerializer.SerializeToElement(new Samples().Build(type), type, SiloJson.Options);
            lines.Add($"{type.FullName}: {string.Join(' ', json.EnumerateObject().Select(p => p.Name))}");
        }
        lines.AddRange(EventPayloads.ByEventType.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"event {e.Key}: {e.Value.FullName}"));

        var approved = File.ReadAllLines(ApprovedPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.True(approved.SequenceEqual(lines), "The wire differs from wire-fields.txt. As the server writes it now:\n" + string.Join('\n', lines));
    }
}
