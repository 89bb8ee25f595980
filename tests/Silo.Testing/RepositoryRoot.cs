namespace Silo.Testing;

/// <summary>The checkout the tests and benches run from: the folder holding SiloMod.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // The build output first, so a test built in one checkout never reads another it was started from.
        foreach (var from in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SiloMod.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No SiloMod.sln above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}.");
    }
}
