namespace SiloMod.Bridge;

/// <summary>One event of <see cref="WorkbenchFacade.Echo"/>, with the .NET thread that sent it.</summary>
public sealed record EchoEvent(int Index, int ManagedThreadId, string? Payload);
