namespace Silo.Server.Tests.Files;

/// <summary>What a server's <c>blobs/</c> folder holds: finished blobs, and uploads in progress in <c>tmp/</c>.</summary>
public static class BlobDir
{
    public static string Root(string dataDir) => Path.Combine(dataDir, "blobs");

    public static string Temp(string dataDir) => Path.Combine(dataDir, "blobs", "tmp");

    public static string PathOf(string dataDir, string sha256) => Path.Combine(dataDir, "blobs", sha256[..2], sha256);

    public static string[] TempFiles(string dataDir) =>
        Directory.Exists(Temp(dataDir)) ? Directory.GetFiles(Temp(dataDir)) : [];

    /// <summary>Every file under blobs/ that is not an upload in progress.</summary>
    public static string[] StoredFiles(string dataDir) =>
        Directory.Exists(Root(dataDir))
            ? Directory.GetFiles(Root(dataDir), "*", SearchOption.AllDirectories)
                .Where(f => !f.StartsWith(Temp(dataDir) + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToArray()
            : [];

    /// <summary>
    /// Waits (bounded) for something another thread or process does, e.g. the server cleaning up
    /// after a dropped connection. Returns whether the condition came true in time.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
