using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Protocol.Checkpoints;

/// <summary>Which editing context the user left when the checkpoint was taken (wire: <c>body_close</c>, …).</summary>
[JsonConverter(typeof(CheckpointContextJsonConverter))]
public enum CheckpointContext
{
    SketchClose,
    BodyClose,
    AssemblyClose,
    Manual,
    Autosave,
}

/// <summary>The wire names whatever options a serialiser is given: the client's options carry no enum converter.</summary>
public sealed class CheckpointContextJsonConverter() : JsonStringEnumConverter<CheckpointContext>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
