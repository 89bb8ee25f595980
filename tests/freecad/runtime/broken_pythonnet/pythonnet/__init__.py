"""A pythonnet that imports but cannot load (its Python.Runtime.dll is missing).

The real package fails the same way: ``load()`` raises ``ClrError`` 0x80131509 from clr_loader.
"""

loads = []


class ClrError(Exception):
    pass


def get_runtime_info():
    return None


def load(runtime=None, **params):
    loads.append((runtime, params))
    raise ClrError("Failed to load runtime: 0x80131509 (Python.Runtime.dll not found)")
