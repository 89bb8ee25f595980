namespace SiloMod.Bridge;

/// <summary>
/// What the workbench calls through pythonnet: <c>clr.AddReference("SiloMod.Bridge")</c>, then
/// <c>from SiloMod.Bridge import PythonEntry</c>.
/// </summary>
public static class PythonEntry
{
    private static readonly Lazy<WorkbenchFacade> s_facade = new(() => new WorkbenchFacade(() => CoreFactories.Default));
    private static readonly Lazy<BridgeDispatcher> s_dispatcher = new(() => new BridgeDispatcher(s_facade.Value));

    /// <summary>The typed surface: call its methods and subscribe to its streams directly.</summary>
    public static WorkbenchFacade Facade => s_facade.Value;

    public static string Call(string method, string argsJson) => s_dispatcher.Value.Dispatch(method, argsJson);

    /// <summary>The handler runs on the core's threads; null unregisters it.</summary>
    public static void SetEventHandler(Action<string>? handler) => s_dispatcher.Value.SetEventSink(handler);

    /// <summary>Stops the core and forgets the event handler; the host is going away.</summary>
    public static void Shutdown()
    {
        if (s_dispatcher.IsValueCreated) s_dispatcher.Value.SetEventSink(null);
        if (s_facade.IsValueCreated) s_facade.Value.Stop();
    }
}
