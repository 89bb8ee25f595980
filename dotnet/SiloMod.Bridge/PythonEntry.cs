namespace SiloMod.Bridge;

/// <summary>
/// What the workbench calls through pythonnet: <c>clr.AddReference("SiloMod.Bridge")</c>, then
/// <c>from SiloMod.Bridge import PythonEntry</c>.
/// </summary>
public static class PythonEntry
{
    private static readonly Lazy<BridgeDispatcher> s_dispatcher = new(() => new BridgeDispatcher(() => CoreFactories.Default));

    public static string Call(string method, string argsJson) => s_dispatcher.Value.Dispatch(method, argsJson);

    /// <summary>The handler runs on the core's threads; null unregisters it.</summary>
    public static void SetEventHandler(Action<string>? handler) => s_dispatcher.Value.SetEventSink(handler);

    public static void Shutdown() => s_dispatcher.Value.Shutdown();
}
