namespace Silo.Protocol.EditSessions;

/// <summary>The editing context an edit session covers.</summary>
public static class ContextLevels
{
    public const string Sketch = "sketch";
    public const string PartDesign = "partdesign";
    public const string Assembly = "assembly";

    public static IReadOnlyList<string> All { get; } = [Sketch, PartDesign, Assembly];
}
