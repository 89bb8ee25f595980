using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Protocol.Sync;

/// <summary><c>is_checkpoint</c> may be left out or sent as null; both mean false, as they always have on the wire.</summary>
public sealed class AbsentMeansFalse : JsonConverter<bool>
{
    public override bool HandleNull => true;

    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        // Anything but null is read as any bool is, wrong types refused alike.
        reader.TokenType != JsonTokenType.Null && JsonSerializer.Deserialize<bool>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }
}
