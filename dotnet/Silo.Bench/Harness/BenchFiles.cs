using System.Security.Cryptography;

namespace Silo.Bench.Harness;

/// <summary>Large files of random bytes for the transfer benchmarks.</summary>
public static class BenchFiles
{
    public static async Task WriteRandomAsync(string path, long bytes, CancellationToken ct)
    {
        var chunk = new byte[1024 * 1024];
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            await file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - written)), ct);
        }
    }

    /// <summary>New bytes at the start: a new hash, so the server cannot answer "already stored".</summary>
    public static async Task ChangeAsync(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        await file.WriteAsync(RandomNumberGenerator.GetBytes(32), ct);
    }

    /// <summary>Megabytes (10^6 bytes) per second.</summary>
    public static double MBps(long bytes, double ms) => bytes / 1e6 / (ms / 1000.0);
}
