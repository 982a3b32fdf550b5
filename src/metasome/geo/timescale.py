"""The geological time scale: eons, eras and periods, and which one an age falls in.

Boundaries (Ma) and colours are those of the ICS International Chronostratigraphic
Chart v2023/09, packaged as ``reference/data/timescale.csv`` with the chart's
uncertainty and a citation on every row.

Boundary convention: a unit spans ``top_ma < age <= base_ma``. The base of a unit
is its GSSP/GSSA, so an age exactly on a boundary belongs to the *younger* unit
(66.0 Ma is Paleogene, 2500 Ma is Proterozoic); age 0 belongs to the youngest
unit. Ages below 0 or older than the base of the Hadean (4567 Ma) are outside the
scale and get no unit.

The Archean and Hadean have no periods, and the Hadean no eras: with
``complete=True`` (default) the finest unit available takes their place, so that
every age from 0 to 4567 Ma has exactly one unit at every rank.

References
----------
Cohen, K. M., Finney, S. C., Gibbard, P. L. & Fan, J.-X. (2013; updated) The ICS
International Chronostratigraphic Chart. Episodes 36: 199-204.
doi:10.18814/epiiugs/2013/v36i3/002. Chart version v2023/09,
https://stratigraphy.org/chart.
Commission for the Geological Map of the World (CGMW): the colour of every unit,
as printed on the chart.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

RANKS: tuple[str, ...] = ("eon", "era", "period")
FILE = "timescale.csv"
CHART_VERSION = "ICS International Chronostratigraphic Chart v2023/09 (Cohen et al. 2013, updated)"


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    from io import StringIO

    from ..reference._files import data_file

    # the file opens with '#' comment lines; colours also contain '#', so no comment= here
    text = data_file(FILE).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    t = pd.read_csv(StringIO(body), dtype={"name": str, "parent": str, "colour": str})
    t["approximate"] = t["approximate"].astype(str).str.lower().eq("true")
    return t


def load(rank: str | None = None) -> pd.DataFrame:
    """The packaged time scale (a copy), optionally only one rank, youngest first."""
    t = _table()
    if rank is not None:
        _check_rank(rank)
        t = t[t["rank"] == rank]
    order = t["rank"].map({r: i for i, r in enumerate(RANKS)})
    return t.assign(_order=order).sort_values(["_order", "top_ma"]).drop(columns="_order").reset_index(drop=True)


def _check_rank(rank: str) -> None:
    if rank not in RANKS:
        raise ValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")


def intervals(rank: str = "period", complete: bool = True) -> pd.DataFrame:
    """Units of one rank, youngest first, with ``name, rank, top_ma, base_ma, colour``.

    With ``complete=True`` the gaps where the chart has no unit of ``rank``
    (Archean and Hadean periods, Hadean eras) are filled with the next coarser unit,
    so the rows partition 0-4567 Ma without gaps or overlaps.
    """
    _check_rank(rank)
    t = _table()
    rows = t[t["rank"] == rank]
    if complete:
        for coarser in RANKS[:RANKS.index(rank)][::-1]:
            covered_base = rows["base_ma"].max()
            extra = t[(t["rank"] == coarser) & (t["top_ma"] >= covered_base)]
            rows = pd.concat([rows, extra])
    out = rows.sort_values("top_ma")[["name", "rank", "top_ma", "base_ma", "colour"]].reset_index(drop=True)
    return out


def _edges(rank: str | np.ndarray, complete: bool) -> tuple[np.ndarray, np.ndarray, list]:
    """Ascending tops, bases and labels of the bins used to classify ages."""
    if isinstance(rank, str):
        iv = intervals(rank, complete)
        return iv["top_ma"].to_numpy(float), iv["base_ma"].to_numpy(float), list(iv["name"])
    edges = np.unique(np.asarray(rank, dtype=float))
    if edges.size < 2 or not np.all(np.isfinite(edges)):
        raise ValueError("age bins must be at least two finite edges (Ma)")
    labels = [f"{a:g}-{b:g} Ma" for a, b in zip(edges[:-1], edges[1:])]
    return edges[:-1], edges[1:], labels


def _index(ages: np.ndarray, tops: np.ndarray, bases: np.ndarray) -> np.ndarray:
    """Index of the bin ``top < age <= base`` holding each age (the first bin also holds its top); -1 outside."""
    idx = np.searchsorted(bases, ages, side="left")
    idx = np.where(np.isfinite(ages), idx, -1)
    inside = (idx >= 0) & (idx < len(bases))
    safe = np.clip(idx, 0, len(bases) - 1)
    inside &= (ages > tops[safe]) | ((safe == 0) & (ages == tops[0]))
    # bins given by the user may leave gaps; searchsorted already picked the only candidate
    return np.where(inside, safe, -1)


def assign(ages_ma, rank: str = "period", complete: bool = True) -> pd.Series:
    """Name of the unit of ``rank`` each age (Ma) falls in; missing where none.

    Parameters
    ----------
    ages_ma : array_like or pandas.Series
        Ages in Ma. NaN, negative ages and ages older than 4567 Ma get no unit.
    rank : {"eon", "era", "period"}
    complete : bool
        Fill ranks the chart leaves empty with the coarser unit (see module notes).

    Returns
    -------
    pandas.Series of str (missing as NaN), with the index of ``ages_ma`` when it is a Series.

    References
    ----------
    Cohen et al. (2013; updated) ICS International Chronostratigraphic Chart v2023/09.
    """
    index = ages_ma.index if isinstance(ages_ma, pd.Series) else None
    ages = np.asarray(ages_ma, dtype=float)
    tops, bases, labels = _edges(rank, complete)
    idx = _index(ages, tops, bases)
    names = np.array(labels + [np.nan], dtype=object)
    return pd.Series(names[idx], index=index, dtype=object, name=rank)


def tally(ages_ma, groups=None, by="period", complete: bool = True, trim: bool = True) -> pd.DataFrame:
    """Count ages per time-scale unit (or per age bin) and per group.

    Parameters
    ----------
    ages_ma : array_like
        Ages in Ma.
    groups : array_like, optional
        Group of each age (same length); one column per group in first-seen order.
        Without groups, a single column ``"all"``.
    by : {"eon", "era", "period"} or array of bin edges in Ma
        Units of the packaged time scale, or bins ``top < age <= base``.
    trim : bool
        Drop empty units older than the oldest and younger than the youngest age.

    Returns
    -------
    pandas.DataFrame
        Index = unit names (or bin labels), **oldest first**; columns = groups;
        integer counts. ``attrs`` holds ``top_ma``, ``base_ma`` and ``colour`` lists
        matching the rows (colour only for time-scale units), ``n_outside`` (ages
        missing or outside the scale/bins), ``by`` and ``convention``.
    """
    ages = np.asarray(ages_ma, dtype=float).ravel()
    if groups is None:
        g = np.full(ages.shape, "all", dtype=object)
    else:
        g = np.asarray(groups, dtype=object).ravel()
        if g.shape != ages.shape:
            raise ValueError(f"groups has {g.size} values but ages has {ages.size}")
        g = np.where(pd.isna(g), "(no group)", g)
    tops, bases, labels = _edges(by, complete)
    idx = _index(ages, tops, bases)
    order = list(dict.fromkeys(g.tolist()))
    inside = idx >= 0
    codes = pd.Categorical(g[inside], categories=order).codes
    counts = np.zeros((len(labels), len(order)), dtype=np.int64)
    np.add.at(counts, (idx[inside], codes), 1)
    colours = list(intervals(by, complete)["colour"]) if isinstance(by, str) else [None] * len(labels)
    keep = np.arange(len(labels))
    if trim and inside.any():
        used = np.flatnonzero(counts.sum(axis=1) > 0)
        keep = np.arange(used.min(), used.max() + 1)
    keep = keep[::-1]  # oldest first
    out = pd.DataFrame(counts[keep], index=[labels[i] for i in keep], columns=order)
    out.index.name = by if isinstance(by, str) else "age bin"
    out.attrs.update(
        top_ma=[float(tops[i]) for i in keep], base_ma=[float(bases[i]) for i in keep],
        colour=[colours[i] for i in keep], n_outside=int((~inside).sum()),
        by=by if isinstance(by, str) else "bins",
        convention=f"{CHART_VERSION}; a unit holds top < age <= base",
    )
    return out
