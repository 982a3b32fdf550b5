"""Packaged reference data and their immutable loaders.

>>> from metasome import reference
>>> pm = reference.get("PM_PalmeONeill2014")      # or an alias: reference.get("PM_chalcophile")
>>> pm.value("Ni")                                # ppm, converted from the published 0.186 %
1860.0

:func:`get` returns an immutable :class:`Composition`; :func:`names` and
:func:`list_references` list what is packaged (``metasome reference list``).
Data files live in ``reference/data``; see :mod:`metasome.reference.compositions`.
"""

from __future__ import annotations

from metasome.reference.compositions import (
    UNIT_FACTORS,
    Composition,
    aliases,
    get,
    list_references,
    names,
    unit_factor,
)

__all__ = ["Composition", "UNIT_FACTORS", "aliases", "get", "list_references", "names", "unit_factor"]
