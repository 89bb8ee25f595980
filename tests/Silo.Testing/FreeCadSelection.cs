using System.Diagnostics;

namespace Silo.Testing;

/// <summary>
/// Which FreeCAD the tests run, from <c>SILOMOD_FREECAD</c>: unset or <c>0.20</c> is the host's
/// Debian 12 package; <c>1.1</c> is FreeCAD 1.1 (Qt 6, PySide6, Python 3.14) in the Debian forky
/// chroot of tests/freecad/chroot/forky.sh, which test.sh builds (<c>forky.sh ensure</c>).
/// </summary>
public static class FreeCadSelection
{
    public const string Variable = "SILOMOD_FREECAD";

    public static string Version { get; } = Read();

    public static bool InChroot => Version == "1.1";

    /// <summary>The selected FreeCAD is <paramref name="minimum"/> (major.minor) or newer.</summary>
    public static bool IsAtLeast(string minimum) => System.Version.Parse(Version) >= System.Version.Parse(minimum);

    /// <summary>Screenshots of each FreeCAD go to their own folder so one run never overwrites the other's.</summary>
    public static string ScreenshotFolder => InChroot ? "freecad-1.1" : "freecad";

    /// <summary>
    /// The user Mod folder below HOME a new user of this FreeCAD gets: 1.x keeps user data per
    /// minor version, and uses the unversioned folder only when that already exists.
    /// </summary>
    public static string UserModFolder(string home) => InChroot
        ? Path.Combine(home, ".local", "share", "FreeCAD", "v1-1", "Mod")
        : Path.Combine(home, ".local", "share", "FreeCAD", "Mod");

    /// <summary>
    /// Added to every Xvfb display number of the chroot's FreeCAD. Its X sockets and lock files
    /// share /tmp with the host, so xvfb-run -a already skips displays in use; distinct numbers
    /// keep a 1.1 run from racing a 0.20 run started at the same moment on the same machine.
    /// </summary>
    public static int DisplayOffset => InChroot ? 100 : 0;

    private static string ChrootScript => Path.Combine(RepositoryRoot.Path, "tests", "freecad", "chroot", "forky.sh");

    /// <summary>Sets <paramref name="psi"/> to run <paramref name="program"/> with this FreeCAD's system (host or chroot).</summary>
    public static void SetCommand(ProcessStartInfo psi, string program, IEnumerable<string> arguments)
    {
        psi.ArgumentList.Clear();
        if (InChroot)
        {
            psi.FileName = ChrootScript;
            psi.ArgumentList.Add("run");
            psi.ArgumentList.Add(program);
        }
        else
        {
            psi.FileName = program;
        }

        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
    }

    private static string Read()
    {
        var value = System.Environment.GetEnvironmentVariable(Variable);
        return value switch
        {
            null or "" or "0.20" => "0.20",
            "1.1" => "1.1",
            _ => throw new InvalidOperationException($"{Variable}={value}: expected 0.20 (the host's FreeCAD, the default) or 1.1 (the forky chroot)."),
        };
    }
}
