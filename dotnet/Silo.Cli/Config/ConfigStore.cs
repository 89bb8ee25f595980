using System.Text.Json;
using System.Text.Json.Serialization;
using Silo.Cli.Output;

namespace Silo.Cli.Config;

/// <summary>
/// The config file: readable by its owner only (the token is a password), written aside and renamed
/// so an interrupted save never leaves a half-written file.
/// </summary>
internal sealed class ConfigStore(string path)
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Beside the config, so a second config (<c>$SILO_CONFIG</c>) is a second workstation identity too.</summary>
    public string WorkstationIdPath => System.IO.Path.Combine(Directory, System.IO.Path.GetFileNameWithoutExtension(Path) + ".silo-workstation");

    /// <summary>
    /// Where silo kept the id of the workstation it once shared with the workbench on the same
    /// machine; it is left to the workbench when silo moves to a workstation of its own.
    /// </summary>
    public string SharedWorkstationIdPath => System.IO.Path.Combine(Directory, System.IO.Path.GetFileNameWithoutExtension(Path) + ".workstation-id");

    /// <summary><c>$SILO_CONFIG</c>, else <c>$XDG_CONFIG_HOME/silo/config.json</c>, else <c>~/.config/silo/config.json</c>.</summary>
    public static string ResolvePath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("SILO_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(configHome, "silo", "config.json");
    }

    /// <returns>The saved config, or null when there is none yet.</returns>
    public async Task<CliConfig?> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(Path)) return null;
        try
        {
            await using var file = File.OpenRead(Path);
            var config = await JsonSerializer.DeserializeAsync<CliConfig>(file, Json, ct);
            if (config is null || string.IsNullOrWhiteSpace(config.Server) || string.IsNullOrWhiteSpace(config.Token))
                throw new CliException(ExitCodes.NotLoggedIn, $"{Path} lacks the server or the token; run 'silo login' again");
            return config;
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.NotLoggedIn, $"{Path} is not valid JSON ({e.Message}); run 'silo login' again", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(ExitCodes.NotLoggedIn, $"cannot read {Path}: {e.Message}", e);
        }
    }

    public async Task SaveAsync(CliConfig config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var created = !System.IO.Directory.Exists(Directory);
        System.IO.Directory.CreateDirectory(Directory);
        // A folder we created is ours alone; an existing one (say $XDG_CONFIG_HOME itself via
        // $SILO_CONFIG) keeps its mode, but the folder silo/ under the default place is always ours.
        if (!OperatingSystem.IsWindows() && (created || System.IO.Path.GetFileName(Directory) == "silo"))
            File.SetUnixFileMode(Directory, OwnerDirectory);

        var temp = Path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            // Created with the owner-only mode from the start: a chmod after writing would leave a
            // moment in which the token is readable by others.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerFile;
            await using (var file = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(file, config, Json, ct);
                await file.FlushAsync(ct);
            }
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
