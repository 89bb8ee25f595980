"""Plain-Python tests of the presence dots and item columns of the Subscribe dialog.

Run from the repository root:  python3 -m unittest discover -s tests/freecad/panels -p 'test_*.py'
"""

import unittest
from dataclasses import replace

import _paths  # noqa: E402,F401  (the checkout's freecad package)
from freecad.silo_mod.panels import presence_model  # noqa: E402

import fake_core  # noqa: E402


class PresenceModelTests(unittest.TestCase):
    def test_dots(self):
        in_body, in_sketch = fake_core.PRESENCE
        self.assertEqual(presence_model.dot([in_body]), "🟢")
        self.assertEqual(presence_model.dot([in_body, in_sketch]), "🟡")
        self.assertEqual(presence_model.dot([]), "")

    def test_item_columns(self):
        item = fake_core.ITEMS[0]
        self.assertEqual(presence_model.item_columns(item, [replace(fake_core.PRESENCE[0], ContextLevel="assembly")]),
                         ("PRT-100", "Mounting Bracket", "🟢 (alice)"))
        locked = replace(item, LockedBy="dave")
        self.assertEqual(presence_model.item_columns(locked, None)[2], "🔒 (dave)")

    def test_group_targets(self):
        items = [replace(fake_core.ITEMS[0], Project=p) for p in ("B", "A", "B", None)]
        self.assertEqual(presence_model.group_targets(items, "project"), ["A", "B"])
        self.assertEqual(presence_model.group_targets(fake_core.ITEMS, "category"), ["Assemblies", "Brackets", "Plates"])


if __name__ == "__main__":
    unittest.main()
