using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Server.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.Hosting;

/// <summary>Mistyped switches and SILO_ variables stop the start with the closest real name; documented ones all work.</summary>
public sealed partial class SettingsCheckTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "silo-settings-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }

    [Theory]
    [InlineData("--lock-tll", "--lock-ttl")]
    [InlineData("--lockttl", "--lock-ttl")]
    [InlineData("--data-dri", "--data-dir")]
    [InlineData("--url", "--urls")]
    [InlineData("--max-upload-byte", "--max-upload-bytes")]
    [InlineData("-lock-ttl", "--lock-ttl")]
    public async Task Start_MistypedSwitch_ExitsWithTheClosestRealOne(string mistyped, string meant)
    {
        await using var server = ServerProcess.Start(["--urls", "http://127.0.0.1:0", "--data-dir", _dataDir, mistyped, "1:00:00"]);

        Assert.Equal(2, await server.ExitCodeAsync(Patience));

        Assert.Contains($"Unknown setting '{mistyped}'. Did you mean '{meant}'?", server.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir), "the server created its data directory before refusing the settings");
    }

    [Fact]
    public async Task Start_MistypedVariable_ExitsWithTheClosestRealOne()
    {
        await using var server = ServerProcess.Start(["--urls", "http://127.0.0.1:0", "--data-dir", _dataDir],
            new Dictionary<string, string> { ["SILO_LOCK_TLL"] = "1:00:00" });

        Assert.Equal(2, await server.ExitCodeAsync(Patience));

        Assert.Contains("Unknown environment variable SILO_LOCK_TLL. Did you mean 'SILO_LOCK_TTL'?", server.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public void Build_SwitchFarFromAnyRealOne_ListsTheRealOnes()
    {
        var error = Assert.Throws<SiloSettingsException>(() => SiloServer.Build(["--data-dir", _dataDir, "--colour", "blue"]));

        Assert.StartsWith("Unknown setting '--colour'. Settings: --urls, --data-dir, --lock-ttl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StrayArgument_IsRefused()
    {
        var error = Assert.Throws<SiloSettingsException>(() => SiloServer.Build(["--data-dir", _dataDir, "1:00:00"]));

        Assert.Contains("Unexpected argument '1:00:00'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SwitchWithoutValue_IsRefused()
    {
        var error = Assert.Throws<SiloSettingsException>(() => SiloServer.Build(["--data-dir", _dataDir, "--lock-ttl"]));

        Assert.Contains("--lock-ttl needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValueTheServerCannotUse_ExitsNamingTheSettingAndTheValue()
    {
        await using var server = ServerProcess.Start(["--urls", "http://127.0.0.1:0", "--data-dir", _dataDir, "--lock-ttl", "soon"]);

        Assert.Equal(2, await server.ExitCodeAsync(Patience));

        Assert.Contains("silo-server: ", server.Errors, StringComparison.Ordinal);
        Assert.Contains("'soon' at 'LOCK_TTL'", server.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir), "the server created its data directory before refusing the settings");
    }

    [Theory]
    [InlineData("--max-upload-bytes", "0", "Setting MAX_UPLOAD_BYTES must be a positive whole number, got '0'.")]
    [InlineData("--max-json-bytes", "lots", "'lots' at 'MAX_JSON_BYTES'")]
    [InlineData("--keep-alive", "-00:00:05", "Setting KEEP_ALIVE must be a positive duration such as 24:00:00, got '-00:00:05'.")]
    [InlineData("--maintenance-interval", "50.00:00:00", "Setting MAINTENANCE_INTERVAL must be a positive duration of at most 49.7 days")]
    [InlineData("--data-dir", " ", "Setting DATA_DIR must name a directory")]
    [InlineData("--database", "mysql://silo:secret@db/silo", "Setting DATABASE must be empty (SQLite in the data directory) or a PostgreSQL connection string")]
    [InlineData("--database", "Database=silo;Password=secret", "got 'Database=silo;Password=***': it names no host")]
    public void Build_ValueTheServerCannotUse_IsRefusedWithTheSettingAndTheValue(string setting, string value, string expected)
    {
        string[] args = setting == "--data-dir" ? [setting, value] : ["--data-dir", _dataDir, setting, value];

        var error = Assert.Throws<SiloSettingsException>(() => SiloServer.Build(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public void Build_TwoBadValues_NamesBoth()
    {
        var error = Assert.Throws<SiloSettingsException>(() => SiloServer.Build(["--data-dir", _dataDir, "--lock-ttl", "0", "--url-ttl", "0:00"]));

        Assert.Contains("LOCK_TTL", error.Message, StringComparison.Ordinal);
        Assert.Contains("URL_TTL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Settings_AreOneInstanceForOptionsAndStores()
    {
        await using var app = SiloServer.Build(["--data-dir", _dataDir, "--lock-ttl", "36:30"]);

        var options = app.Services.GetRequiredService<SiloServerOptions>();
        Assert.Same(app.Services.GetRequiredService<IOptions<SiloServerOptions>>().Value, options);
        Assert.Equal(TimeSpan.FromMinutes(36 * 60 + 30), options.LockTtl.Value);
    }

    [Fact]
    public async Task Build_EverySwitchOfTheReadme_IsAcceptedAndApplied()
    {
        var documented = ReadmeSettings();
        Assert.Equal(documented.Select(s => s.Switch).Order(StringComparer.Ordinal), SettingsCheck.Switches.Order(StringComparer.Ordinal));
        var args = documented.SelectMany(s => new[] { s.Switch + "=" + SampleValue(s.Switch) }).ToArray();

        await using var app = SiloServer.Build(args);

        var options = app.Services.GetRequiredService<SiloServerOptions>();
        Assert.Equal(Path.GetFullPath(_dataDir), options.DataDir);
        Assert.Equal(TimeSpan.FromHours(1), options.LockTtl);
        Assert.Equal(TimeSpan.FromHours(1), options.BlobGrace);
        Assert.Equal(1000, options.MaxUploadBytes);
    }

    [Fact]
    public async Task Start_EveryVariableOfTheReadmeAndTheSiloCommands_Starts()
    {
        var documented = ReadmeSettings();
        Assert.Equal(documented.Select(s => s.Variable).Order(StringComparer.Ordinal), SettingsCheck.Variables.Order(StringComparer.Ordinal));
        var environment = documented.ToDictionary(s => s.Variable, s => SampleValue(s.Switch));
        // The silo command's variables live in the same shells; they are not the server's business.
        environment["SILO_CONFIG"] = "/nonexistent/config.json";
        environment["SILO_WORKSPACE"] = "/nonexistent/workspace";
        environment["SILO_TEST_POSTGRES"] = "Host=127.0.0.1;Port=1";

        await using var server = ServerProcess.Start([], environment);

        var address = await server.ListeningAsync(Patience);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dataDir, "admin-token")), server.Output);
    }

    private string SampleValue(string setting) => setting switch
    {
        "--urls" => "http://127.0.0.1:0",
        "--data-dir" => _dataDir,
        "--keys-dir" => Path.Combine(_dataDir, "shared-keys"),
        "--database" => "",
        "--max-upload-bytes" or "--max-json-bytes" => "1000",
        _ => "01:00:00",
    };

    private sealed record Setting(string Switch, string Variable);

    /// <summary>The switches and variables of README's "Server settings" table, as a reader finds them.</summary>
    private static List<Setting> ReadmeSettings()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("## Server settings", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = SettingRow().Matches(section).Select(m => new Setting(m.Groups["switch"].Value, m.Groups["variable"].Value)).ToList();
        Assert.NotEmpty(rows);
        return rows;
    }

    [GeneratedRegex(@"^\| `(?<switch>--[a-z-]+)` \| `(?<variable>SILO_[A-Z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex SettingRow();
}
