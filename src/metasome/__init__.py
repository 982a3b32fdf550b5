"""metasome: mantle sources and metal budgets of magmas from whole-rock geochemistry.

Importing metasome is cheap and has no side effects: the science submodules,
pandas-heavy readers and matplotlib are loaded only when first used.

Data flow one way: :func:`read` -> canonical table -> calculations
(:mod:`metasome.trace`, :mod:`metasome.isotopes`, :mod:`metasome.classify`,
:mod:`metasome.mixing`, :mod:`metasome.melting`, :mod:`metasome.sulfide`) ->
figures (:mod:`metasome.plots`) and report (:mod:`metasome.report`).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "io", "reference", "trace", "isotopes", "classify", "mixing", "melting", "sulfide",
    "plots", "report", "names", "errors", "parallel",
}

# public name -> (module, attribute)
_LAZY = {
    "read": ("metasome.io", "read"),
    "read_table": ("metasome.io", "read_table"),
    "inspect": ("metasome.io", "inspect"),
    "normalise": ("metasome.trace", "normalise"),
    "MetasomeInputError": ("metasome.errors", "MetasomeInputError"),
    "CanonicalTable": ("metasome.io.table", "CanonicalTable"),
}

__all__ = sorted(_SUBMODULES | set(_LAZY) | {"__version__"})


def __getattr__(name: str):
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"metasome.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'metasome' has no attribute {name!r}")


def __dir__():
    return __all__
