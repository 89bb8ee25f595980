namespace SiloMod.Core.Activity;

/// <summary>One row of the Activity pane, worded: the host lays it out as it is.</summary>
/// <param name="Id">Unique for the life of the feed; 0 before the feed added it.</param>
/// <param name="Kind">The signal kind it words (<c>file_synced</c>, ...).</param>
/// <param name="MergeKey">Rows with the same key replace each other instead of piling up.</param>
/// <param name="Subject">The edit session the card is about: when it ends (or a handoff for it is sent) the card settles.</param>
public sealed record ActivityRow(
    string Kind, string Icon, string Title, IReadOnlyList<string> Details, IReadOnlyList<ActivityAction> Actions, ActivityLevel Level = ActivityLevel.Info,
    string? PartNumber = null, string? MergeKey = null, string? Subject = null, long Id = 0)
{
    /// <summary>The title line with its icon, as shown.</summary>
    public string Text => $"{Icon} {Title}";

    public ActivityAction? Action(ActivityActionKind kind) => Actions.FirstOrDefault(a => a.Kind == kind);

    /// <summary>The question is answered: kept as a record, without buttons; the same outcome twice is said once.</summary>
    public ActivityRow Settled(string outcome) =>
        this with { Actions = [], Level = ActivityLevel.Info, Details = Details.Contains(outcome) ? Details : [.. Details, outcome] };

    // Records compare lists by reference: rows are equal when they show the same.
    public bool Equals(ActivityRow? other) =>
        other is not null && (Kind, Icon, Title, Level, PartNumber, MergeKey, Subject, Id) == (other.Kind, other.Icon, other.Title, other.Level, other.PartNumber, other.MergeKey, other.Subject, other.Id)
        && Details.SequenceEqual(other.Details) && Actions.SequenceEqual(other.Actions);

    public override int GetHashCode() => HashCode.Combine(Kind, Title, Id);
}
