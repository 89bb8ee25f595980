"""SiloMod: the FreeCAD side of the Silo workbench.

Importing this package is cheap and never starts .NET: the runtime is loaded by
``freecad.silo_mod.runtime.core()`` on first use.
"""

import os

__version__ = "0.1.0"

#: The addon folder (the repository root): this file is <root>/freecad/silo_mod/__init__.py.
ADDON_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: The name FreeCAD knows the addon by (its Mod folder and package.xml name).
ADDON_NAME = "SiloMod"


def resource_path(*parts):
    """A file under freecad/silo_mod/resources/."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources", *parts)
