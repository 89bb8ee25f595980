namespace SiloMod.Bridge;

/// <summary>The factory the transports use for <c>start</c>.</summary>
public static class CoreFactories
{
    // Null until SiloMod.Core provides its composition root; `start` then answers
    // "core not available" while ping and the transport keep working.
    private static ICoreFactory? s_default;

    public static ICoreFactory? Default
    {
        get => Volatile.Read(ref s_default);
        set => Volatile.Write(ref s_default, value);
    }
}
