namespace SiloMod.Bridge;

/// <summary>
/// What the workbench calls through pythonnet: <c>clr.AddReference("SiloMod.Bridge")</c>, then
/// <c>from SiloMod.Bridge import PythonEntry</c>.
/// </summary>
public static class PythonEntry
{
    private static readonly Lazy<WorkbenchFacade> s_facade = new(() => new WorkbenchFacade(() => CoreFactories.Default));

    /// <summary>The typed surface: call its methods and subscribe to its streams directly.</summary>
    public static WorkbenchFacade Facade => s_facade.Value;

    /// <summary>Stops the core; the host is going away.</summary>
    public static void Shutdown()
    {
        if (s_facade.IsValueCreated) s_facade.Value.Stop();
    }
}
