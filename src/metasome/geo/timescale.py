"""The geological time scale: eons, eras, periods and Cenozoic epochs, and which one an age falls in.

Boundaries (Ma) and colours are those of the ICS International Chronostratigraphic
Chart v2023/09, packaged as ``reference/data/timescale.csv`` with the chart's
uncertainty and a citation on every row (checked against the ICS's machine-readable
release of that version, ``chart_2023-09.ttl``). Epochs are packaged for the
Cenozoic only (the epochs most often named in compilations: Miocene, Pliocene...).

Names of units written in age cells (``"CRETACEOUS"``, ``"Late Jurassic"``,
``"Mio-Pliocene"``) are looked up by :func:`name_intervals`, which returns the
unit's span, never an invented numeric age; :func:`tally` counts such spans in the
finest unit that holds them.

Boundary convention: a unit spans ``top_ma < age <= base_ma``. The base of a unit
is its GSSP/GSSA, so an age exactly on a boundary belongs to the *younger* unit
(66.0 Ma is Paleogene, 2500 Ma is Proterozoic); age 0 belongs to the youngest
unit. Ages below 0 or older than the base of the Hadean (4567 Ma) are outside the
scale and get no unit.

The Archean and Hadean have no periods, the Hadean no eras, and only the Cenozoic
has epochs here: with ``complete=True`` (default) the finest unit available takes
their place, so that every age from 0 to 4567 Ma has exactly one unit at every rank.

References
----------
Cohen, K. M., Finney, S. C., Gibbard, P. L. & Fan, J.-X. (2013; updated) The ICS
International Chronostratigraphic Chart. Episodes 36: 199-204.
doi:10.18814/epiiugs/2013/v36i3/002. Chart version v2023/09,
https://stratigraphy.org/chart; machine-readable release chart_2023-09.ttl,
https://github.com/i-c-stratigraphy/chart.
Commission for the Geological Map of the World (CGMW): the colour of every unit,
as printed on the chart.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

RANKS: tuple[str, ...] = ("eon", "era", "period", "epoch")
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


def _spans_in_units(span_top, span_base, tops, bases) -> np.ndarray:
    """Index of the narrowest unit holding each span ``[top, base]`` (Ma); -1 where none does.

    Work is done once per distinct span (compilations repeat a handful of names).
    """
    pairs = np.column_stack([np.asarray(span_top, float).ravel(), np.asarray(span_base, float).ravel()])
    out = np.full(len(pairs), -1)
    finite = np.isfinite(pairs).all(axis=1)
    if not finite.any():
        return out
    uniq, inverse = np.unique(pairs[finite], axis=0, return_inverse=True)
    tol = 1e-9
    holds = (tops[None, :] <= uniq[:, :1] + tol) & (uniq[:, 1:] <= bases[None, :] + tol)
    width = np.where(holds, (bases - tops)[None, :], np.inf)
    best = np.where(holds.any(axis=1), np.argmin(width, axis=1), -1)
    out[finite] = best[inverse.ravel()]
    return out


def _units_for(by, complete: bool):
    """Tops, bases, labels and colours of the bins of ``by`` followed by every coarser unit.

    The coarser units (eras and eons for ``by="period"``) receive spans named by a
    coarser unit (``"Mesozoic"``) or straddling a boundary of ``by``.
    """
    tops, bases, labels = _edges(by, complete)
    if not isinstance(by, str):
        return tops, bases, labels, [None] * len(labels)
    colours = list(intervals(by, complete)["colour"])
    t = _table()
    coarser = t[t["rank"].isin(RANKS[:RANKS.index(by)]) & ~t["name"].isin(labels)]
    return (np.concatenate([tops, coarser["top_ma"].to_numpy(float)]),
            np.concatenate([bases, coarser["base_ma"].to_numpy(float)]),
            labels + list(coarser["name"]), colours + list(coarser["colour"]))


def tally(ages_ma, groups=None, by="period", complete: bool = True, trim: bool = True,
          spans=None) -> pd.DataFrame:
    """Count ages per time-scale unit (or per age bin) and per group.

    Parameters
    ----------
    ages_ma : array_like
        Ages in Ma.
    groups : array_like, optional
        Group of each age (same length); one column per group in first-seen order.
        Without groups, a single column ``"all"``.
    by : {"eon", "era", "period", "epoch"} or array of bin edges in Ma
        Units of the packaged time scale, or bins ``top < age <= base``.
    trim : bool
        Drop empty units older than the oldest and younger than the youngest counted unit.
    spans : (array_like, array_like), optional
        ``(top_ma, base_ma)`` of each row whose age is known only as a named unit
        (:func:`name_intervals`); used where the age is NaN. A span is counted in the
        unit of ``by`` that holds it, else in the narrowest coarser unit that does
        (``"Mesozoic"`` for a span over several periods), which then gets its own row.
        No numeric age is invented.

    Returns
    -------
    pandas.DataFrame
        Index = unit names (or bin labels), **oldest first** (a coarser unit before the
        units it holds); columns = groups; integer counts. ``attrs`` holds ``top_ma``,
        ``base_ma`` and ``colour`` lists matching the rows (colour only for time-scale
        units), ``n_outside`` (rows counted nowhere), ``n_by_name`` (rows counted
        from a span), ``by`` and ``convention``.

    References
    ----------
    Cohen et al. (2013; updated) ICS International Chronostratigraphic Chart v2023/09.
    """
    ages = np.asarray(ages_ma, dtype=float).ravel()
    if groups is None:
        g = np.full(ages.shape, "all", dtype=object)
    else:
        g = np.asarray(groups, dtype=object).ravel()
        if g.shape != ages.shape:
            raise ValueError(f"groups has {g.size} values but ages has {ages.size}")
        g = np.where(pd.isna(g), "(no group)", g)
    tops, bases, labels, colours = _units_for(by, complete)
    n_by = len(_edges(by, complete)[2])
    idx = _index(ages, tops[:n_by], bases[:n_by])
    by_name = np.zeros(ages.shape, dtype=bool)
    if spans is not None:
        span_top, span_base = (np.asarray(a, dtype=float).ravel() for a in spans)
        if span_top.shape != ages.shape or span_base.shape != ages.shape:
            raise ValueError("spans must give one (top, base) pair per age")
        placed = _spans_in_units(span_top, span_base, tops, bases)
        by_name = np.isnan(ages) & (placed >= 0)
        idx = np.where(by_name, placed, idx)
    order = list(dict.fromkeys(g.tolist()))
    inside = idx >= 0
    codes = pd.Categorical(g[inside], categories=order).codes
    counts = np.zeros((len(labels), len(order)), dtype=np.int64)
    np.add.at(counts, (idx[inside], codes), 1)
    used = counts.sum(axis=1) > 0
    keep = np.flatnonzero((np.arange(len(labels)) < n_by) | used)
    keep = keep[np.lexsort((-(bases[keep] - tops[keep]), -bases[keep]))]  # oldest first, wider first
    if trim and used.any():
        hit = np.flatnonzero(used[keep])
        keep = keep[hit.min():hit.max() + 1]
    out = pd.DataFrame(counts[keep], index=[labels[i] for i in keep], columns=order)
    out.index.name = by if isinstance(by, str) else "age bin"
    out.attrs.update(
        top_ma=[float(tops[i]) for i in keep], base_ma=[float(bases[i]) for i in keep],
        colour=[colours[i] for i in keep], n_outside=int((~inside).sum()), n_by_name=int(by_name.sum()),
        by=by if isinstance(by, str) else "bins",
        convention=f"{CHART_VERSION}; a unit holds top < age <= base; ages given as unit names are "
                   "counted in the finest unit holding the named span",
    )
    return out


#: Spelling variants folded before looking a name up (British spellings, GEOROC habits).
_VARIANTS: tuple[tuple[str, str], ...] = (("palae", "pale"), ("archaean", "archean"), ("aean", "ean"))
#: Qualifiers of subdivisions not packaged here; the name is placed in the unit it qualifies.
QUALIFIERS: tuple[str, ...] = ("early", "middle", "mid", "late", "lower", "upper", "uppermost",
                               "lowermost", "latest", "earliest")


def _fold(text: str) -> str:
    t = " ".join(str(text).lower().replace("_", " ").split())
    for old, new in _VARIANTS:
        t = t.replace(old, new)
    return t


@lru_cache(maxsize=1)
def _by_name() -> dict:
    t = _table()
    return {_fold(n): (n, r, float(a), float(b)) for n, r, a, b in zip(t["name"], t["rank"], t["top_ma"], t["base_ma"])}


def _one_name(text: str):
    """(canonical label, top, base, qualified) of a unit name or a pair ``A-B``; None if not a unit."""
    units = _by_name()
    words = _fold(text).split(" ")
    qualified = len(words) > 1 and words[0] in QUALIFIERS
    key = " ".join(words[1:] if qualified else words)
    if key in units:
        name, _, top, base = units[key]
        return name, top, base, qualified
    parts = [p.strip() for p in key.replace(" to ", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        return None
    right = _one_name(parts[1])
    if right is None:
        return None
    left = _one_name(parts[0])
    if left is None:  # an abbreviated first half: "Mio-Pliocene", "Plio-Pleistocene"
        rank = units[_fold(right[0])][1]
        stems = [u for u in units.values() if u[1] == rank and _fold(u[0]).startswith(parts[0])]
        if len(stems) != 1:
            return None
        left = (stems[0][0], stems[0][2], stems[0][3], False)
    return (f"{left[0]}-{right[0]}", min(left[1], right[1]), max(left[2], right[2]), left[3] or right[3])


def name_intervals(texts) -> pd.DataFrame:
    """Spans of geological unit names written in age cells (case-insensitive).

    ``"CRETACEOUS"`` -> Cretaceous (66.0-145.0 Ma); ``"Late Jurassic"`` -> the
    Jurassic, since the chart's subdivisions below the packaged ranks are not held
    (``qualified`` is True); ``"Mio-Pliocene"`` and ``"Miocene to Pliocene"`` -> from
    the top of the younger to the base of the older unit. Text that names no unit of
    the packaged chart gets NaN (``"Tertiary"`` and ``"Precambrian"`` are not chart units).

    Returns
    -------
    pandas.DataFrame
        Same index as ``texts`` when it is a Series; columns ``unit`` (canonical
        name, None where not a name), ``top_ma``, ``base_ma`` and ``qualified``.

    References
    ----------
    Cohen et al. (2013; updated) ICS International Chronostratigraphic Chart v2023/09.
    """
    s = pd.Series(texts, copy=False).astype(object)
    uniq = pd.unique(s.dropna())
    found = {u: _one_name(u) for u in uniq if str(u).strip()}
    looked = s.map(lambda v: found.get(v))  # one look-up per distinct cell, mapped back
    return pd.DataFrame({
        "unit": looked.map(lambda r: r[0] if r else None),
        "top_ma": looked.map(lambda r: r[1] if r else np.nan).astype(float),
        "base_ma": looked.map(lambda r: r[2] if r else np.nan).astype(float),
        "qualified": looked.map(lambda r: bool(r[3]) if r else False).astype(bool),
    }, index=s.index)
