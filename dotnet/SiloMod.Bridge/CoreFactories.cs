namespace SiloMod.Bridge;

/// <summary>The factory <see cref="PythonEntry"/> uses for <c>start</c>.</summary>
public static class CoreFactories
{
    // Replaceable so tests can start the bridge over a substitute core; null makes `start`
    // answer "core not available" while ping and the bridge keep working.
    private static ICoreFactory? s_default = new WorkbenchCoreFactory();

    public static ICoreFactory? Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value);
    }
}
