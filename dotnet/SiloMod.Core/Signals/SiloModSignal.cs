namespace SiloMod.Core.Signals;

/// <summary>
/// Something the user should see (the Activity pane, dialogs, presence dots). <see cref="Kind"/>
/// names the record for hosts that receive signals as JSON.
/// </summary>
public abstract record SiloModSignal
{
    public abstract string Kind { get; }
}
