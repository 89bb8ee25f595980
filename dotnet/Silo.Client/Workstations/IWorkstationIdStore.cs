namespace Silo.Client.Workstations;

/// <summary>Where the workbench keeps its workstation id between runs (settings, a file, ...).</summary>
public interface IWorkstationIdStore
{
    ValueTask<string?> GetAsync(CancellationToken ct = default);

    ValueTask SetAsync(string workstationId, CancellationToken ct = default);
}
