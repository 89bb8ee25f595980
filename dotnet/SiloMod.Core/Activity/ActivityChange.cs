namespace SiloMod.Core.Activity;

/// <summary>One change of the feed, with the header as it is after it.</summary>
/// <param name="Row">The row added, replaced, settled or removed; null for <see cref="ActivityChangeKind.Cleared"/> and <see cref="ActivityChangeKind.Header"/>.</param>
public sealed record ActivityChange(ActivityChangeKind Kind, ActivityRow? Row, ActivityHeader Header);
