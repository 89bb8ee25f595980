namespace SiloMod.FreeCAD.Tests;

/// <summary>
/// An addon installed from git without built assemblies builds itself once when dotnet is there,
/// and says what to install when it is not (tests/freecad/build, plain Python, a real dotnet build).
/// </summary>
public sealed class BuildTests
{
    [Fact]
    public Task EnsureBuilt_FromSourcesAndWithoutThem() => PythonUnitTests.AssertPassAsync("tests/freecad/build", TimeSpan.FromMinutes(5));
}
