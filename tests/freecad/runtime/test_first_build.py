"""runtime.core() while the first build runs: in FreeCAD's GUI the build waits in a local event loop,
so FreeCAD can ask for the core again meanwhile; that must not start a second build. Plain Python."""

import os
import sys
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "freecad"))

from silo_mod import build, runtime  # noqa: E402
from silo_mod._errors import BuildCancelled, RuntimeUnavailable  # noqa: E402


class FirstBuildTests(unittest.TestCase):
    def setUp(self):
        real = build.ensure_built
        self.addCleanup(setattr, build, "ensure_built", real)

    def test_core_asked_again_during_the_build_says_it_is_still_building(self):
        inner = []

        def ensure_built(log, run=None):
            try:
                runtime.core()
            except RuntimeUnavailable as e:
                inner.append(str(e))
            raise BuildCancelled(build.CANCELLED_MESSAGE)

        build.ensure_built = ensure_built

        with self.assertRaises(BuildCancelled):
            runtime.core()

        self.assertEqual([runtime.BUILDING_MESSAGE], inner)
        self.assertFalse(runtime.is_loaded())

    def test_core_after_a_cancelled_build_builds_again(self):
        tries = []

        def ensure_built(log, run=None):
            tries.append(run)
            raise BuildCancelled(build.CANCELLED_MESSAGE)

        build.ensure_built = ensure_built

        for _ in range(2):
            with self.assertRaises(BuildCancelled):
                runtime.core()

        self.assertEqual([None, None], tries, "without FreeCAD's GUI the build writes to the console")


if __name__ == "__main__":
    unittest.main()
