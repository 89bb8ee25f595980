using System.Diagnostics;

namespace SiloMod.Core.Tests.Support;

/// <summary>
/// A small tmpfs mounted at a folder (root only): a real disk that really fills, so the core meets
/// ENOSPC from the kernel, not an exception a test made up. <see cref="Fill"/> takes every free
/// byte, <see cref="Free"/> gives them back; disposing unmounts.
/// </summary>
internal sealed class SmallDisk : IAsyncDisposable
{
    private readonly string _filler;

    private SmallDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    /// <exception cref="InvalidOperationException">The mount failed (not root?).</exception>
    public static async Task<SmallDisk> MountAsync(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var (code, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (code != 0) throw new InvalidOperationException($"This test needs root to mount a tmpfs at {path}: mount said {error}");
        return new SmallDisk(path);
    }

    /// <summary>Writes until the disk refuses: afterwards not one more block fits.</summary>
    public void Fill()
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // Full. The last partial block stays as far as it got.
        }
        try
        {
            while (true) file.Write(block, 0, 1);
        }
        catch (IOException)
        {
            // Not a byte more.
        }
    }

    public void Free() => File.Delete(_filler);

    public async ValueTask DisposeAsync()
    {
        var (code, _) = await RunAsync("umount", Path);
        // Still busy (a handle not yet closed): detached now, gone once the last handle closes.
        if (code != 0) await RunAsync("umount", "-l", Path);
    }

    private static async Task<(int Code, string Error)> RunAsync(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error.Trim());
    }
}
