"""build.py against real folders: a checkout without built assemblies builds itself once (with the
build's output passed on as progress); an addon with neither assemblies nor sources says what to
install. Plain Python: run with `python3 -m unittest discover -s tests/freecad/build`."""

import os
import re
import shutil
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "freecad"))

from silo_mod import build  # noqa: E402  (the package without FreeCAD's `freecad` namespace)
from silo_mod._errors import BuildCancelled, RuntimeUnavailable  # noqa: E402

SOURCES = [os.path.join("dotnet", p) for p in build.SOURCE_PROJECTS] + ["Directory.Build.props", "Directory.Packages.props", "global.json"]


def _copy_sources(target):
    for rel in SOURCES:
        src = os.path.join(REPO, rel)
        dst = os.path.join(target, rel)
        if os.path.isdir(src):
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("bin", "obj"))
        else:
            shutil.copy2(src, dst)


def _referenced_projects(name, seen=None):
    """The bridge's project and every project it references, directly or not, from the csproj files."""
    seen = set() if seen is None else seen
    seen.add(name)
    with open(os.path.join(REPO, "dotnet", name, name + ".csproj"), encoding="utf-8") as f:
        for ref in re.findall(r'ProjectReference Include="\.\./([^/"]+)/', f.read()):
            if ref not in seen:
                _referenced_projects(ref, seen)
    return seen


class SourceProjectsTests(unittest.TestCase):
    def test_source_projects_are_the_bridges_project_references(self):
        # A project left out would neither be copied by an install nor make a build stale.
        self.assertEqual(set(build.SOURCE_PROJECTS), _referenced_projects("SiloMod.Bridge"))


class EnsureBuiltTests(unittest.TestCase):
    def setUp(self):
        self.addon = tempfile.mkdtemp(prefix="silomod-addon-")
        self.addCleanup(shutil.rmtree, self.addon, True)
        self._bridge_dir = os.environ.pop("SILOMOD_BRIDGE_DIR", None)
        self.addCleanup(self._restore_env)

    def _restore_env(self):
        if self._bridge_dir is not None:
            os.environ["SILOMOD_BRIDGE_DIR"] = self._bridge_dir

    def test_ensure_built_no_assemblies_no_sources_tells_what_to_install(self):
        with self.assertRaises(RuntimeUnavailable) as raised:
            build.ensure_built(log=lambda _line: None, addon_dir=self.addon)
        self.assertIn(".NET 10", str(raised.exception))
        self.assertIn("https://dot.net", str(raised.exception))

    def test_ensure_built_checkout_without_assemblies_builds_once_with_progress(self):
        self.assertIsNotNone(build.find_dotnet(), "these tests need the .NET SDK")
        _copy_sources(self.addon)
        lines = []

        folder = build.ensure_built(log=lines.append, addon_dir=self.addon)

        self.assertEqual(os.path.join(self.addon, build.BUILD_OUTPUT), folder)
        self.assertTrue(os.path.isfile(os.path.join(folder, build.ASSEMBLY)))
        self.assertTrue(os.path.isfile(os.path.join(folder, build.RUNTIME_CONFIG)))
        self.assertTrue(lines[0].startswith("SiloMod: building the .NET part once"), lines[:1])
        self.assertTrue(any("SiloMod.Bridge" in line for line in lines[1:-1]), "the build's own output is passed on")
        self.assertEqual("SiloMod: build finished.\n", lines[-1])

        again = []
        self.assertEqual(folder, build.ensure_built(log=again.append, addon_dir=self.addon))
        self.assertEqual([], again, "a second start must not build again")


class BuildRunnerTests(unittest.TestCase):
    """The ``run`` seam FreeCAD's GUI fills with its progress dialog (panels/build_dialog.py)."""

    def setUp(self):
        self.assertIsNotNone(build.find_dotnet(), "these tests need the .NET SDK")
        self.addon = tempfile.mkdtemp(prefix="silomod-addon-")
        self.addCleanup(shutil.rmtree, self.addon, True)
        _copy_sources(self.addon)
        self._bridge_dir = os.environ.pop("SILOMOD_BRIDGE_DIR", None)
        self.addCleanup(lambda: self._bridge_dir is not None and os.environ.__setitem__("SILOMOD_BRIDGE_DIR", self._bridge_dir))
        self.log = []

    def _runner(self, outcome):
        def run(command, cwd, env, on_line):
            self.assertEqual(["build", build.PROJECT, "-c", "Release"], command[1:5])
            self.assertEqual(self.addon, cwd)
            self.assertEqual("1", env["DOTNET_CLI_TELEMETRY_OPTOUT"])
            on_line("Determining projects to restore...\n")
            on_line("error CS1002: ; expected\n")
            return outcome
        return run

    def test_ensure_built_cancelled_leaves_nothing_loaded_and_says_so(self):
        with self.assertRaises(BuildCancelled) as raised:
            build.ensure_built(log=self.log.append, addon_dir=self.addon, run=self._runner(None))

        self.assertIn("cancelled", str(raised.exception))
        self.assertIn("stays inactive", str(raised.exception))
        self.assertEqual("SiloMod: build cancelled.\n", self.log[-1])
        self.assertIsNone(build.find_assemblies(self.addon))

    def test_ensure_built_failed_build_names_the_exit_code_and_the_last_lines(self):
        with self.assertRaises(RuntimeUnavailable) as raised:
            build.ensure_built(log=self.log.append, addon_dir=self.addon, run=self._runner(1))

        self.assertNotIsInstance(raised.exception, BuildCancelled)
        self.assertIn("exit code 1", str(raised.exception))
        self.assertIn("error CS1002: ; expected", str(raised.exception))
        self.assertIn("  error CS1002: ; expected\n", self.log, "each line goes to the log as well")

    def test_run_console_passes_each_line_on_and_answers_the_exit_code(self):
        lines = []

        code = build.run_console([sys.executable, "-c", "print('one'); print('two'); raise SystemExit(3)"], self.addon, dict(os.environ),
                                 lines.append)

        self.assertEqual(3, code)
        self.assertEqual(["one\n", "two\n"], lines)

    def test_run_console_missing_program_is_a_readable_error(self):
        with self.assertRaises(RuntimeUnavailable) as raised:
            build.run_console([os.path.join(self.addon, "no-dotnet")], self.addon, dict(os.environ), self.log.append)

        self.assertIn("could not run", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
