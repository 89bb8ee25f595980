namespace SiloMod.Core.Host;

/// <summary>The user moved from one editing context to another in <see cref="Document"/>.</summary>
public sealed record ContextChange(EditingContext Old, EditingContext New, TrackedDocument Document);
