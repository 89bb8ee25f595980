using System.Text.Json;

namespace SiloMod.FreeCAD.Tests;

/// <summary>What a script wrote (<c>{"ok", "checks", "details", "error"}</c>), with the process output for failure messages.</summary>
public sealed class FreeCadResult
{
    public required bool Ok { get; init; }

    public required IReadOnlyDictionary<string, bool> Checks { get; init; }

    public required JsonElement Details { get; init; }

    public string? Error { get; init; }

    public required string Output { get; init; }

    public string Detail(string name) =>
        Details.ValueKind == JsonValueKind.Object && Details.TryGetProperty(name, out var value) ? value.ToString() : "";

    /// <summary>Fails with every failed check, the script's error and the tail of FreeCAD's output.</summary>
    public void AssertOk()
    {
        if (Ok) return;
        var failed = Checks.Where(c => !c.Value).Select(c => $"  FAIL {c.Key}: {Detail(c.Key)}");
        Assert.Fail($"FreeCAD script failed.\n{string.Join('\n', failed)}\nerror: {Error}\n--- output (tail) ---\n{Tail(Output, 60)}");
    }

    public void AssertCheck(string name)
    {
        Assert.True(Checks.ContainsKey(name), $"The script made no check '{name}'. Checks: {string.Join(", ", Checks.Keys)}");
        Assert.True(Checks[name], $"Check '{name}' failed: {Detail(name)}");
    }

    internal static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
