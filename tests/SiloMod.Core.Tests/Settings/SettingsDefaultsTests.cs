using System.Reflection;
using System.Text.Json;
using SiloMod.Core.Settings;

namespace SiloMod.Core.Tests.Settings;

public class SettingsDefaultsTests
{
    private static readonly string SourceFile = typeof(SettingsDefaultsTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SettingsDefaultsJson").Value!;

    [Fact]
    public void Default_EqualsTheSourceFile_FieldByField()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(SourceFile));
        var settings = file.RootElement.GetProperty("settings");
        var expected = new SiloModSettings(
            settings.GetProperty("edit_locking_enabled").GetBoolean(),
            settings.GetProperty("push_on_context_close").GetBoolean(),
            settings.GetProperty("subscription_auto_sync").GetBoolean(),
            settings.GetProperty("subscription_max_downloads").GetInt32(),
            settings.GetProperty("subscription_sync_on_connect").GetBoolean(),
            settings.GetProperty("subscription_notify").GetBoolean());

        Assert.Equal(6, settings.EnumerateObject().Count());
        Assert.Equal(expected, SiloModSettings.Default);
    }

    [Fact]
    public void Limits_EqualTheSourceFile()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(SourceFile));
        var downloads = file.RootElement.GetProperty("limits").GetProperty("subscription_max_downloads");

        Assert.Equal(downloads.GetProperty("min").GetInt32(), SiloModSettings.MinDownloads);
        Assert.Equal(downloads.GetProperty("max").GetInt32(), SiloModSettings.MaxDownloads);
    }

    [Fact]
    public void Instance_EmbedsTheSourceFile()
    {
        Assert.Equal(SettingsDefaults.Parse(File.ReadAllText(SourceFile)), SettingsDefaults.Instance);
        Assert.Equal("http://localhost:5000", SettingsDefaults.Instance.Connection.ServerUrl);
    }

    [Fact]
    public void Parse_UnknownOrMissingKey_Throws()
    {
        var text = File.ReadAllText(SourceFile);
        Assert.Throws<JsonException>(() => SettingsDefaults.Parse(text.Replace("\"subscription_notify\"", "\"subscription_notifications\"", StringComparison.Ordinal)));
        Assert.Throws<JsonException>(() => SettingsDefaults.Parse("{\"settings\": {}}"));
    }
}
