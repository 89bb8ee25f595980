namespace SiloMod.Core.Settings;

/// <summary>Settings changed by the host and read by every part of the core.</summary>
public sealed class SettingsHolder(SiloModSettings initial) : ISettingsSource
{
    private SiloModSettings _current = initial.Validate();

    public SiloModSettings Current => Volatile.Read(ref _current);

    public void Update(SiloModSettings settings) => Volatile.Write(ref _current, settings.Validate());
}
