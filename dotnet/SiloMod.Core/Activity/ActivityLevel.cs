namespace SiloMod.Core.Activity;

/// <summary>How urgent a row is: the pane colours its edge by it.</summary>
public enum ActivityLevel
{
    Info,
    Warning,
    Error,
}
