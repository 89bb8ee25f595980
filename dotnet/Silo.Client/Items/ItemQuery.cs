namespace Silo.Client.Items;

/// <summary>Filters for listing items; null leaves a filter out.</summary>
/// <param name="Search">Text in the part number or description.</param>
/// <param name="Locked">Only checked-out (true) or free (false) items.</param>
/// <param name="Limit">1–500; null for the server's default (50).</param>
public sealed record ItemQuery(string? Search = null, string? Category = null, string? Project = null, bool? Locked = null, int? Limit = null, int? Offset = null);
