using Silo.Protocol.EditSessions;

namespace SiloMod.Core.Contexts;

/// <summary>The server's edit-session level for each context type the host reports.</summary>
public static class ContextLevelMap
{
    /// <summary>The <see cref="ContextLevels"/> value, or null for the document and for types Silo does not gate.</summary>
    public static string? LevelOf(string? contextType) => contextType switch
    {
        Host.ContextTypes.Sketcher => ContextLevels.Sketch,
        Host.ContextTypes.PartDesign => ContextLevels.PartDesign,
        Host.ContextTypes.Assembly => ContextLevels.Assembly,
        _ => null,
    };

    /// <summary>The context type of a server level: the other way round of <see cref="LevelOf"/>.</summary>
    public static string? TypeOf(string level) => level switch
    {
        ContextLevels.Sketch => Host.ContextTypes.Sketcher,
        ContextLevels.PartDesign => Host.ContextTypes.PartDesign,
        ContextLevels.Assembly => Host.ContextTypes.Assembly,
        _ => null,
    };
}
