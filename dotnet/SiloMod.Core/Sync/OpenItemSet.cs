namespace SiloMod.Core.Sync;

/// <summary>The part numbers of the tracked documents the host reports open.</summary>
public sealed class OpenItemSet
{
    private readonly Lock _gate = new();
    private HashSet<string> _open = new(StringComparer.Ordinal);

    /// <summary>Replaces the set; true when it holds an item the previous set did not.</summary>
    public bool Replace(IEnumerable<string> partNumbers)
    {
        ArgumentNullException.ThrowIfNull(partNumbers);
        var fresh = new HashSet<string>(partNumbers.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()), StringComparer.Ordinal);
        lock (_gate)
        {
            var added = !fresh.IsSubsetOf(_open);
            _open = fresh;
            return added;
        }
    }

    public IReadOnlyList<string> All()
    {
        lock (_gate) return [.. _open.Order(StringComparer.Ordinal)];
    }
}
