namespace SiloMod.FreeCAD.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root (the FreeCAD addon folder): the folder holding SiloMod.sln.</summary>
    public static string Root => RepositoryRoot.Path;

    public static string Scripts => Path.Combine(Root, "tests", "freecad");

    /// <summary>artifacts/screenshots/freecad (0.20) or artifacts/screenshots/freecad-1.1, after <see cref="FreeCadSelection"/>.</summary>
    public static string Screenshots => Path.Combine(Root, "artifacts", "screenshots", FreeCadSelection.ScreenshotFolder);

    public static string BridgeOutput => Path.Combine(Root, "dotnet", "SiloMod.Bridge", "bin", "Release", "net10.0");
}
