using Silo.Cli.Config;
using Silo.Cli.Output;

namespace Silo.Cli.Tests.Config;

public sealed class ConfigStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-config-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void ResolvePath_SiloConfigSet_WinsOverXdg()
    {
        Assert.Equal("/x/c.json", ConfigStore.ResolvePath(Env(("SILO_CONFIG", "/x/c.json"), ("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/a"))));
    }

    [Fact]
    public void ResolvePath_XdgConfigHome_UsesSiloFolderInIt()
    {
        Assert.Equal("/xdg/silo/config.json", ConfigStore.ResolvePath(Env(("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/a"))));
    }

    [Fact]
    public void ResolvePath_OnlyHome_UsesDotConfig()
    {
        Assert.Equal("/home/a/.config/silo/config.json", ConfigStore.ResolvePath(Env(("HOME", "/home/a"))));
    }

    [Fact]
    public async Task SaveAsync_NewFolder_FileAndFolderOwnerOnlyAndNoTempLeft()
    {
        var store = new ConfigStore(Path.Combine(_dir, "silo", "config.json"));

        await store.SaveAsync(new CliConfig("http://127.0.0.1:5080/", "secret-token", "/work/ws", "alice"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        Assert.Equal([store.Path], Directory.GetFileSystemEntries(store.Directory));
        var loaded = await store.LoadAsync(CancellationToken.None);
        Assert.Equal(new CliConfig("http://127.0.0.1:5080/", "secret-token", "/work/ws", "alice"), loaded);
    }

    [Fact]
    public async Task SaveAsync_ExistingWorldReadableFile_ReplacedByOwnerOnlyFile()
    {
        var store = new ConfigStore(Path.Combine(_dir, "silo", "config.json"));
        Directory.CreateDirectory(store.Directory);
        await File.WriteAllTextAsync(store.Path, "{}");
        File.SetUnixFileMode(store.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await store.SaveAsync(new CliConfig("http://h/", "t"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
    }

    [Fact]
    public async Task LoadAsync_NoFile_ReturnsNull()
    {
        Assert.Null(await new ConfigStore(Path.Combine(_dir, "none.json")).LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_Garbage_ThrowsNotLoggedIn()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(path, "{ not json");

        var e = await Assert.ThrowsAsync<CliException>(() => new ConfigStore(path).LoadAsync(CancellationToken.None));

        Assert.Equal(ExitCodes.NotLoggedIn, e.ExitCode);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
