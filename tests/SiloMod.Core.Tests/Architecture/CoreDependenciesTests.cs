using SiloMod.Core.Workbench;

namespace SiloMod.Core.Tests.Architecture;

public class CoreDependenciesTests
{
    /// <summary>The core must run (and be tested) without FreeCAD, Qt or a Python runtime in the process.</summary>
    [Fact]
    public void ReferencedAssemblies_NoFreeCadQtOrPython()
    {
        var names = typeof(WorkbenchCore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Silo.Client", names);
        Assert.All(names, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
            || name is "Silo.Client" or "Silo.Protocol" or "netstandard",
            $"SiloMod.Core references {name}"));
    }
}
