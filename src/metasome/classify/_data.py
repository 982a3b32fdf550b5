"""Load the packaged classification data (JSON in ``reference/data/classify``), read-only."""

from __future__ import annotations

import json
from functools import lru_cache
from types import MappingProxyType

from metasome.reference._files import data_file

FILES = {
    "volcanic": "tas_volcanic_LeBas1986.json",
    "plutonic": "tas_plutonic_Middlemost1994.json",
    "irvine_baragar": "irvine_baragar_1971.json",
    "k2o_series": "k2o_series_PeccerilloTaylor1976.json",
    "pearce": "pearce2008_array.json",
}


def _freeze(obj):
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


@lru_cache(maxsize=None)
def load(key: str):
    """The parsed, immutable content of a classification data file (see :data:`FILES`)."""
    with open(data_file("classify", FILES[key]), encoding="utf-8") as fh:
        return _freeze(json.load(fh))
