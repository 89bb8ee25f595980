namespace SiloMod.Core.Settings;

/// <summary>The settings as they are now; the preferences page may change them at any time.</summary>
public interface ISettingsSource
{
    SiloModSettings Current { get; }
}
