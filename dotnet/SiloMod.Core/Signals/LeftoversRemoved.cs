namespace SiloMod.Core.Signals;

/// <summary>
/// On start, the core removed temp files a previous run left when it was killed or lost power:
/// unfinished downloads and half-written state. Published only when they took noticeable space.
/// </summary>
/// <param name="Files">How many files were removed.</param>
/// <param name="Downloads">Of those, unfinished downloads.</param>
/// <param name="Bytes">The space they took.</param>
/// <param name="Message">What was cleaned, for the user.</param>
public sealed record LeftoversRemoved(int Files, int Downloads, long Bytes, string Message) : SiloModSignal
{
    public override string Kind => "leftovers_removed";
}
