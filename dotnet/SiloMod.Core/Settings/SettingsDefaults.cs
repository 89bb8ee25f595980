using System.Text.Json;
using System.Text.Json.Serialization;

namespace SiloMod.Core.Settings;

/// <summary>
/// defaults.json, embedded in this assembly. The Python workbench reads the same file from the
/// addon folder, because its preferences page must show the defaults before .NET is ever loaded.
/// </summary>
public sealed record SettingsDefaults(
    SiloModSettings Settings,
    ConnectionDefaults Connection,
    SettingsLimits Limits)
{
    public const string ResourceName = "SiloMod.Core.Settings.defaults.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<SettingsDefaults> Loaded = new(Load);

    public static SettingsDefaults Instance => Loaded.Value;

    /// <exception cref="JsonException">The text is not a complete defaults file.</exception>
    public static SettingsDefaults Parse(string json) =>
        JsonSerializer.Deserialize<SettingsDefaults>(json, Options) ?? throw new JsonException("defaults.json is null.");

    private static SettingsDefaults Load()
    {
        using var stream = typeof(SettingsDefaults).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in SiloMod.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

public sealed record ConnectionDefaults(string ServerUrl, string Token);

public sealed record SettingsLimits(IntRange SubscriptionMaxDownloads);

public sealed record IntRange(int Min, int Max);
