namespace SiloMod.Core.Activity;

/// <summary>One button of a row, with what performing it needs.</summary>
/// <param name="Outcome">The line the row keeps once the action succeeded; null when the core's answer words it (a refused push) or the row goes away.</param>
public sealed record ActivityAction(ActivityActionKind Kind, string Label)
{
    public string? PartNumber { get; init; }
    public string? SessionId { get; init; }
    public string? ConflictId { get; init; }

    /// <summary>The file <see cref="ActivityActionKind.Open"/> opens.</summary>
    public string? Path { get; init; }

    public string? Outcome { get; init; }

    /// <summary>A stable snake_case name, for the host's widget names and its tests.</summary>
    public string Key => string.Concat(Kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
