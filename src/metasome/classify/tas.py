"""Total alkali-silica (TAS) classification, volcanic and plutonic.

The fields are polygons in (SiO2, Na2O+K2O) space read from packaged data
files (``reference/data/classify``): Le Bas et al. (1986) for volcanic rocks,
Middlemost (1994) for plutonic rocks. Both apply to volatile-free analyses
normalised to 100 wt% (Le Bas et al. 1986); :func:`metasome.classify.derive`
does that normalisation, :func:`tas` expects it done.

Tie rule (deterministic on boundaries): a point is given the field that
contains the point displaced by ``(+eps, +eps * 1e-3)`` with ``eps`` =
:data:`TIE_NUDGE` wt%. A point on a shared edge therefore goes to the field on
the higher-SiO2 side, on a horizontal edge to the higher-alkali side, and a
point on a vertex shared by several fields to the field lying just to the
right of it (higher SiO2, then higher alkalis). Points within ``eps`` of an
edge are classified as if on it (``eps`` = 1e-9 wt% is far below any
analytical precision).

Point-in-polygon is an even-odd ray-casting test vectorised over samples
with numpy (no loop over rows).

References
----------
Le Bas, M.J., Le Maitre, R.W., Streckeisen, A. & Zanettin, B. (1986) A chemical
classification of volcanic rocks based on the total alkali-silica diagram.
Journal of Petrology 27, 745-750.
Middlemost, E.A.K. (1994) Naming materials in the magma/igneous rock system.
Earth-Science Reviews 37, 215-224.
Le Bas, M.J., Le Maitre, R.W. & Woolley, A.R. (1992) The construction of the
total alkali-silica chemical classification of volcanic rocks. Mineralogy and
Petrology 46, 1-22 (straight-line boundaries: the open top and left of the
diagram are closed by continuing the published lines).
Le Maitre, R.W. (ed.) (2002) Igneous Rocks: A Classification and Glossary of
Terms, 2nd ed. Cambridge University Press (Fig. 2.14, same vertices as 1986).
Janoušek, V., Farrow, C.M. & Erban, V. (2006) Interpretation of whole-rock
geochemical data in igneous geochemistry: introducing Geochemical Data
Toolkit (GCDkit). Journal of Petrology 47, 1255-1259 (digitised vertices,
checked against GeoplotR's independent reproduction; see the data file).
"""

from __future__ import annotations

import numpy as np

from metasome.classify._data import load
from metasome.errors import InputWarning, MetasomeInputError

#: Displacement (wt%) defining the tie rule on field boundaries.
TIE_NUDGE = 1e-9
KINDS = ("volcanic", "plutonic")


def fields(kind: str = "volcanic"):
    """Field names, vertex arrays and label positions: list of (name, (k,2) ndarray, (x,y))."""
    if kind not in KINDS:
        raise MetasomeInputError(f"TAS kind must be one of {KINDS}, not {kind!r}")
    data = load(kind)
    return [(f["name"], np.asarray(f["vertices"], dtype=float), tuple(f["label"]))
            for f in data["fields"]]


def citation(kind: str = "volcanic") -> str:
    """Citation of the TAS field set ``kind``."""
    return load(kind)["citation"]


def points_in_polygon(x, y, vertices) -> np.ndarray:
    """Even-odd (ray casting) test of points (x, y) against one polygon, vectorised.

    A horizontal ray from each point towards +x is intersected with every
    edge; the point is inside when the number of crossings is odd.
    Behaviour exactly on an edge is unspecified: use :func:`tas`, which
    applies the documented tie rule.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    inside = np.zeros(x.shape, bool)
    v = np.asarray(vertices, float)
    x1, y1 = v[:, 0], v[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    for a, b, c, d in zip(x1, y1, x2, y2):  # loop over the few edges, vectorised over points
        if b == d:
            continue  # horizontal edge: never crossed by a horizontal ray (even-odd rule)
        crosses = (b > y) != (d > y)
        xint = a + (y - b) * ((c - a) / (d - b))
        inside ^= crosses & (x < xint)
    return inside


def _codes(sio2, alkalis, kind):
    """Field index per point (-1: none) and the impossible mask."""
    x = np.asarray(sio2, float).ravel()
    y = np.asarray(alkalis, float).ravel()
    if x.shape != y.shape:
        raise MetasomeInputError("SiO2 and alkalis must have the same length")
    impossible = ~(np.isfinite(x) & np.isfinite(y)) | (x < 0) | (y < 0) | (x + y > 100.0 + 1e-6)
    px = x + TIE_NUDGE
    py = y + TIE_NUDGE * 1e-3
    codes = np.full(x.shape, -1, np.int16)
    for i, (_, verts, _) in enumerate(fields(kind)):
        xmin, ymin = verts.min(axis=0)
        xmax, ymax = verts.max(axis=0)
        box = (px >= xmin) & (px <= xmax) & (py >= ymin) & (py <= ymax) & (codes < 0)
        idx = np.flatnonzero(box)
        if idx.size:
            hit = points_in_polygon(px[idx], py[idx], verts)
            codes[idx[hit]] = i
    codes[impossible] = -1
    return codes, impossible


def _summary_warnings(mask, message, code, index=None, limit=10):
    n = int(mask.sum())
    if not n:
        return []
    rows = np.flatnonzero(mask)[:limit]
    labels = [str(index[r]) for r in rows] if index is not None else [str(r) for r in rows]
    more = " ..." if n > limit else ""
    return [InputWarning(f"{n} analyses {message} (rows {', '.join(labels)}{more})", code=code)]


def tas(sio2, alkalis, kind: str = "volcanic"):
    """TAS field name of each analysis.

    Parameters
    ----------
    sio2, alkalis : array-like or pandas.Series
        SiO2 and Na2O+K2O in wt%, volatile-free and normalised to 100 %.
    kind : "volcanic" (Le Bas et al. 1986) or "plutonic" (Middlemost 1994)

    Returns
    -------
    pandas.Series (categorical) of field names such as ``"basalt"``,
    ``"tephrite/basanite"``, ``"trachyte/trachydacite"`` (volcanic) or
    ``"syenite"``, ``"foid syenite"``, ``"quartz monzonite"`` (plutonic);
    NaN for impossible analyses (NaN, negative, SiO2 + alkalis > 100) and for
    points outside every field. ``attrs["warnings"]`` lists
    :class:`~metasome.errors.InputWarning` records for both cases;
    ``attrs["convention"]`` the field set and tie rule.

    References
    ----------
    Le Bas, M.J. et al. (1986) J. Petrol. 27, 745-750.
    Middlemost, E.A.K. (1994) Earth-Sci. Rev. 37, 215-224.
    """
    import pandas as pd

    index = sio2.index if isinstance(sio2, pd.Series) else None
    codes, impossible = _codes(sio2, alkalis, kind)
    names = [f[0] for f in fields(kind)]
    out = pd.Series(pd.Categorical.from_codes(codes, categories=names), index=index,
                    name=f"TAS {kind}")
    outside = (codes < 0) & ~impossible
    out.attrs["warnings"] = (
        _summary_warnings(impossible, f"impossible for TAS {kind} (NaN, negative or SiO2+alkalis > 100 wt%)",
                          "tas_impossible", index)
        + _summary_warnings(outside, f"outside every TAS {kind} field", "tas_outside", index))
    out.attrs["convention"] = (f"{citation(kind).split(' (')[0]} ({kind}); anhydrous, 100 %-normalised; "
                               f"boundary points go to the field at (SiO2+{TIE_NUDGE}, alkalis+{TIE_NUDGE * 1e-3})")
    return out
