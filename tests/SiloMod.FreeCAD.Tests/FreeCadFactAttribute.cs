using Xunit.Abstractions;
using Xunit.Sdk;

namespace SiloMod.FreeCAD.Tests;

/// <summary>
/// A test of something only newer FreeCADs have (the Assembly workbench is built in from 1.0): it is
/// part of the run with a FreeCAD of at least <paramref name="minimumVersion"/> and is not even
/// discovered with an older one, so the 0.20 run neither fails it nor counts it as skipped. The
/// FreeCAD 1.1 run of test.sh runs it.
/// </summary>
[XunitTestCaseDiscoverer("SiloMod.FreeCAD.Tests.FreeCadFactDiscoverer", "SiloMod.FreeCAD.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class FreeCadFactAttribute(string minimumVersion) : FactAttribute
{
    public string MinimumVersion { get; } = minimumVersion;
}

/// <summary>Discovers a <see cref="FreeCadFactAttribute"/> test as a plain fact, or not at all when the selected FreeCAD is too old.</summary>
public sealed class FreeCadFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var minimum = factAttribute.GetConstructorArguments().Single() as string
            ?? throw new InvalidOperationException($"{testMethod.Method.Name}: [FreeCadFact] needs a minimum FreeCAD version.");
        return FreeCadSelection.IsAtLeast(minimum) ? _fact.Discover(discoveryOptions, testMethod, factAttribute) : [];
    }
}
