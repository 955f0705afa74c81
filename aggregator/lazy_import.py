"""A module bound now and loaded on first use: the standard library's ``LazyLoader`` recipe.

Every command is one process; a library that only some inputs need (dateparser, for the rare date
text the scanner has no shape for) would otherwise be loaded by every ``aggregator parse-dates``
before it reads its first line, and take longer to load than the rest of the command.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module ``name``, loaded when one of its attributes is first read or set."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
