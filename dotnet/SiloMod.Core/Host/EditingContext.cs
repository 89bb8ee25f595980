namespace SiloMod.Core.Host;

/// <summary>Where in a document the user is editing.</summary>
/// <param name="Type">One of <see cref="ContextTypes"/>, or null at document level.</param>
/// <param name="ObjectId">The edited object's internal name (a sketch, a body, an assembly); null at document level.</param>
/// <param name="DependencyCone">
/// The objects downstream of <paramref name="ObjectId"/>, as the host computed them from the open
/// document; null lets the server compute the cone from the item's stored DAG.
/// </param>
public sealed record EditingContext(string? Type, string? ObjectId = null, IReadOnlyList<string>? DependencyCone = null)
{
    public static EditingContext Document { get; } = new((string?)null);
}
