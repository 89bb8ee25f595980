"""Plain-Python tests of the rules the workbench reads from dotnet/Silo.Protocol/rules.json.

Run from the repository root:  python3 -m unittest discover -s tests/freecad/rules -p 'test_*.py'
The same cases run against the .NET rule in tests/Silo.Protocol.Tests (RulesDataTests), so the two
languages cannot drift apart.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from freecad.silo_mod import rules  # noqa: E402

CASES = os.path.join(ROOT, "tests", "Silo.Protocol.Tests", "part_number_cases.json")


class PartNumberProblemTests(unittest.TestCase):
    def test_shared_cases_agree_with_the_server_rule(self):
        with open(CASES, encoding="utf-8") as f:
            cases = json.load(f)
        for pn in cases["valid"]:
            with self.subTest(pn=pn):
                self.assertIsNone(rules.part_number_problem(pn))
        for pn in cases["invalid"]:
            with self.subTest(pn=pn):
                self.assertIsNotNone(rules.part_number_problem(pn))

    def test_empty_asks_for_one(self):
        self.assertEqual("A part number is required.", rules.part_number_problem(""))

    def test_dot_dot_is_refused_in_words(self):
        self.assertIn("not a valid part number", rules.part_number_problem(".."))

    def test_too_long_names_the_limit(self):
        self.assertIn(str(rules.PART_NUMBER_MAX_LENGTH), rules.part_number_problem("A" * (rules.PART_NUMBER_MAX_LENGTH + 1)))


class RulesFileTests(unittest.TestCase):
    def test_build_output_carries_the_rules_for_an_archive_without_sources(self):
        # What `dotnet build`/`dotnet publish` of the bridge puts beside the assemblies must be the rules themselves.
        from freecad.silo_mod import build

        copy = os.path.join(ROOT, build.BUILD_OUTPUT, rules.RULES_COPY)
        if not os.path.isfile(copy):
            self.skipTest("the bridge is not built in this checkout")
        with open(copy, encoding="utf-8") as built, open(os.path.join(ROOT, rules.RULES_FILE), encoding="utf-8") as source:
            self.assertEqual(json.load(built), json.load(source))


if __name__ == "__main__":
    unittest.main()
