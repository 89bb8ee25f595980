namespace Silo.Cli.Workspace;

/// <summary>Every item silo has put into the workspace, by part number (part numbers are unique regardless of case).</summary>
internal sealed class WorkspaceState
{
    public Dictionary<string, LocalItem> Items { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public LocalItem? Find(string partNumber) => Items.GetValueOrDefault(partNumber);

    public void Record(string partNumber, LocalItem item) => Items[partNumber] = item;
}
