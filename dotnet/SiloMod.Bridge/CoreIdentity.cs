namespace SiloMod.Bridge;

/// <summary>Who the started core works as.</summary>
public sealed record CoreIdentity(string WorkstationId, string User)
{
    internal static CoreIdentity Of(StartedCore started) => new(started.WorkstationId, started.User);
}
