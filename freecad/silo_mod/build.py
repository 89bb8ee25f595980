"""Where the SiloMod.Bridge assemblies are, and building them once when the addon came from git.

Looked for in ``$SILOMOD_BRIDGE_DIR``, then the checkout's ``dotnet build -c Release`` output, then
``<addon>/bin/`` (``dotnet publish ... -o bin``, for a release archive without sources). When none
holds them, or the sources are newer than the build, and ``dotnet`` is on the machine, the bridge
is built once. How the build runs is the caller's: ``run_console`` waits for it (freecadcmd, plain
Python); FreeCAD's GUI passes ``panels.build_dialog.run``, a progress dialog with Cancel.
"""

import os
import shutil
import subprocess

from . import ADDON_DIR
from ._errors import BuildCancelled, RuntimeUnavailable

ASSEMBLY = "SiloMod.Bridge.dll"
RUNTIME_CONFIG = "SiloMod.Bridge.runtimeconfig.json"
PROJECT = os.path.join("dotnet", "SiloMod.Bridge")
BUILD_OUTPUT = os.path.join(PROJECT, "bin", "Release", "net10.0")
# The projects the bridge is built from; a newer source file in any of them means a stale build.
SOURCE_PROJECTS = ("SiloMod.Bridge", "SiloMod.Core", "Silo.Client", "Silo.Protocol")

INSTALL_MESSAGE = (
    "SiloMod needs the .NET 10 runtime and SDK, and neither 'dotnet' nor built SiloMod assemblies "
    "were found. Install the .NET 10 SDK from https://dot.net (on Debian/Ubuntu: "
    "https://learn.microsoft.com/dotnet/core/install/linux), then restart FreeCAD; SiloMod builds "
    "itself the first time it starts."
)


def candidate_dirs(addon_dir=ADDON_DIR):
    override = os.environ.get("SILOMOD_BRIDGE_DIR")
    return ([override] if override else []) + [os.path.join(addon_dir, BUILD_OUTPUT), os.path.join(addon_dir, "bin")]


def data_file(source, copy, addon_dir=ADDON_DIR):
    """A data file the workbench reads before .NET is loaded: ``source`` (relative to the addon) in a
    checkout, else ``copy``, its name beside the assemblies of a build or an archive without sources.
    A missing file is named where its source belongs."""
    path = os.path.join(addon_dir, source)
    beside = [os.path.join(folder, copy) for folder in candidate_dirs(addon_dir)]
    return next((p for p in [path] + beside if os.path.isfile(p)), path)


def find_assemblies(addon_dir=ADDON_DIR):
    """The first folder holding the bridge and its runtimeconfig, or None."""
    return next((folder for folder in candidate_dirs(addon_dir)
                 if all(os.path.isfile(os.path.join(folder, name)) for name in (ASSEMBLY, RUNTIME_CONFIG))), None)


def dotnet_roots():
    """Where .NET may be installed, most specific first: $DOTNET_ROOT, beside 'dotnet' on PATH, the usual folders."""
    on_path = shutil.which("dotnet")
    roots = [os.environ.get("DOTNET_ROOT"), on_path and os.path.dirname(os.path.realpath(on_path)),
             "/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet", os.path.expanduser("~/.dotnet")]
    return list(dict.fromkeys(filter(None, roots)))


def find_dotnet():
    """The dotnet executable: PATH first, then the other roots."""
    candidates = [shutil.which("dotnet")] + [os.path.join(root, "dotnet") for root in dotnet_roots()]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


def _newest_source_mtime(addon_dir):
    newest = 0.0
    for project in SOURCE_PROJECTS:
        folder = os.path.join(addon_dir, "dotnet", project)
        for current, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
            for name in files:
                if name.endswith((".cs", ".csproj", ".json")):
                    newest = max(newest, os.path.getmtime(os.path.join(current, name)))
    props = [os.path.join(addon_dir, name) for name in ("Directory.Build.props", "Directory.Packages.props")]
    return max([newest] + [os.path.getmtime(p) for p in props if os.path.isfile(p)])


def is_stale(folder, addon_dir=ADDON_DIR):
    """The build output is older than a source file (only for the output built from this checkout)."""
    if os.path.abspath(folder) != os.path.abspath(os.path.join(addon_dir, BUILD_OUTPUT)):
        return False
    return _newest_source_mtime(addon_dir) > os.path.getmtime(os.path.join(folder, ASSEMBLY))


def has_sources(addon_dir=ADDON_DIR):
    return os.path.isfile(os.path.join(addon_dir, PROJECT, "SiloMod.Bridge.csproj"))


CANCELLED_MESSAGE = (
    "The build of SiloMod's .NET part was cancelled, so SiloMod stays inactive. Activate the Silo "
    "workbench again to build it; it takes about a minute, once."
)


def ensure_built(log=print, addon_dir=ADDON_DIR, run=None):
    """The folder with the bridge assemblies, building them first when needed and possible.

    run(command, cwd, env, on_line): runs the build, passing each output line to on_line; returns its
    exit code, or None when the user cancelled it. Default: ``run_console``.
    Raises RuntimeUnavailable with an instruction for the user when there is nothing to load, and
    BuildCancelled when the build was cancelled.
    """
    folder = find_assemblies(addon_dir)
    if folder and not is_stale(folder, addon_dir):
        return folder
    dotnet = find_dotnet()
    if dotnet is None or not has_sources(addon_dir):
        if folder:
            return folder
        raise RuntimeUnavailable(INSTALL_MESSAGE)
    _build(dotnet, addon_dir, log, run or run_console)
    folder = find_assemblies(addon_dir)
    if folder is None:
        raise RuntimeUnavailable(
            f"'dotnet build' finished but {ASSEMBLY} is not in {os.path.join(addon_dir, BUILD_OUTPUT)}; "
            "see the Report view for the build output.")
    return folder


def run_console(command, cwd, env, on_line):
    """Runs the build and waits for it, passing its output on line by line; returns its exit code."""
    try:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    except OSError as e:
        raise RuntimeUnavailable(f"SiloMod could not run '{command[0]}': {e}") from e
    for line in process.stdout:
        on_line(line)
    return process.wait()


def _build(dotnet, addon_dir, log, run):
    import fcntl

    # Two FreeCAD windows starting at once must not build into the same obj/ folders together.
    lock_path = os.path.join(addon_dir, PROJECT, ".silomod-build.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = find_assemblies(addon_dir)
        if folder and not is_stale(folder, addon_dir):
            return  # the other process built it while we waited
        command = [dotnet, "build", PROJECT, "-c", "Release", "-nologo"]
        log(f"SiloMod: building the .NET part once: {' '.join(command)}\n")
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        tail = []

        def on_line(line):
            log("  " + line)
            tail[:] = (tail + [line.rstrip()])[-15:]

        code = run(command, addon_dir, env, on_line)
        if code is None:
            log("SiloMod: build cancelled.\n")
            raise BuildCancelled(CANCELLED_MESSAGE)
        if code != 0:
            raise RuntimeUnavailable(
                f"Building SiloMod's .NET part failed (dotnet build exit code {code}). Last lines:\n" + "\n".join(tail))
        log("SiloMod: build finished.\n")
