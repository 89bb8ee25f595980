namespace SiloMod.Core.Activity;

/// <summary>The pane's header: connection and counts, and a notice under it (empty for none).</summary>
public sealed record ActivityHeader(string Text, string Notice);
