"""The packaged world coastlines (Natural Earth 1:110m, public domain), read offline.

References
----------
Natural Earth (2023) 1:110m Cultural Vectors, Admin 0 - Countries, v5.x, dissolved
to land outlines by ``tools/make_coastlines.py``. Public domain.
https://www.naturalearthdata.com/ (see ``reference/data/coastlines.README.md``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

FILE = "coastlines.npz"


@lru_cache(maxsize=1)
def _load() -> tuple[np.ndarray, np.ndarray, str, str]:
    from ..reference._files import data_file

    with np.load(data_file(FILE), allow_pickle=False) as d:
        lon = d["lon"].astype(np.float64)
        lat = d["lat"].astype(np.float64)
        source, licence = str(d["source"]), str(d["licence"])
    lon.setflags(write=False)
    lat.setflags(write=False)
    return lon, lat, source, licence


def coastlines() -> tuple[np.ndarray, np.ndarray]:
    """World coastlines as read-only ``(lon, lat)`` arrays in degrees, lines separated by NaN."""
    lon, lat, _, _ = _load()
    return lon, lat


def coastline_source() -> dict:
    """Source and licence of the packaged coastlines (for figure captions and reports)."""
    _, _, source, licence = _load()
    return {"source": source, "licence": licence}
