using Silo.Client.Files;

namespace SiloMod.Core.Sync;

/// <summary>Compares the sync state with the projects folder.</summary>
public static class SyncAudit
{
    /// <summary>The layout <see cref="SubscriptionPaths"/> writes: <c>{projectsDir}/{category}/{partNumber}[_{description}].FCStd</c>.</summary>
    public const string FilePattern = "*.FCStd";

    public static async Task<SyncAuditReport> RunAsync(SyncStateStore state, string projectsDir, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(projectsDir);
        var tracked = state.All();
        var missing = new List<TrackedFile>();
        var orphans = new List<OrphanFile>();
        foreach (var file in tracked)
        {
            if (!File.Exists(file.Path))
            {
                missing.Add(file);
                continue;
            }
            var (hash, _) = await FileHashes.Sha256Async(file.Path, ct).ConfigureAwait(false);
            if (!string.Equals(hash, file.FileHash, StringComparison.OrdinalIgnoreCase))
                orphans.Add(new OrphanFile(file.Path, file.PartNumber, OrphanReasons.Modified));
        }

        var root = Path.GetFullPath(projectsDir);
        if (Directory.Exists(root))
        {
            var known = new HashSet<string>(tracked.Select(f => Path.GetFullPath(f.Path)), OpenFileSet.PathComparer);
            foreach (var category in Directory.EnumerateDirectories(root))
            {
                foreach (var path in Directory.EnumerateFiles(category, FilePattern, SearchOption.TopDirectoryOnly))
                {
                    // Dot files are the client's download temps and the state's own temps.
                    if (Path.GetFileName(path).StartsWith('.')) continue;
                    if (!known.Contains(Path.GetFullPath(path))) orphans.Add(new OrphanFile(path, null, OrphanReasons.Untracked));
                }
            }
        }
        return new SyncAuditReport(missing, orphans);
    }
}
