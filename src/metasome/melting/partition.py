"""Mineral/melt partition coefficients and bulk D, P from mineral modes.

The packaged library (``reference/data/partition/<assemblage>.csv``) holds
one cited value per element and mineral, with range, unit, conditions and a
``status`` column (published / derived / transcribed-unverified /
assumption). Users override any value with ``kd=``.

References
----------
Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243 (bulk D0 = sum X_j D_j,
P = sum p_j D_j). Values: see the ``citation`` column of each file.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from metasome.errors import MetasomeInputError

ASSEMBLAGES = ("peridotite", "basalt_syenite")


@lru_cache(maxsize=None)
def _load(assemblage: str):
    import pandas as pd

    from metasome.reference._files import data_file

    if assemblage not in ASSEMBLAGES:
        raise MetasomeInputError(f"unknown assemblage {assemblage!r}; choose one of {ASSEMBLAGES}")
    return pd.read_csv(data_file("partition", f"{assemblage}.csv"), comment="#")


def kd_table(assemblage: str = "peridotite"):
    """The packaged Kd records (a copy: element, mineral, value, min, max, unit, citation, conditions, status)."""
    return _load(assemblage).copy()


def kd_matrix(assemblage: str = "peridotite", kd=None):
    """Kd as an element x mineral DataFrame, with optional user overrides.

    Parameters
    ----------
    kd : dict or DataFrame, optional
        ``{(element, mineral): value}`` or an element x mineral DataFrame whose
        non-NaN cells replace (or add to) the library values.
    """
    import pandas as pd

    m = _load(assemblage).pivot(index="element", columns="mineral", values="value")
    if kd is not None:
        if isinstance(kd, dict):
            for (el, mn), v in kd.items():
                m.loc[el, mn] = float(v)
        elif isinstance(kd, pd.DataFrame):
            m = kd.combine_first(m)
        else:
            raise MetasomeInputError("kd must be a dict {(element, mineral): value} or a DataFrame")
    return m


def bulk_d(modes: dict, elements=None, assemblage: str = "peridotite", kd=None, normalise=True):
    """Bulk partition coefficient ``D = sum_j X_j Kd_j`` for each element.

    Parameters
    ----------
    modes : dict
        Mineral -> mass fraction (or melting proportion p_j, giving P).
    elements : sequence of str, optional
        Elements wanted (default: all in the library).
    normalise : bool
        Scale the modes to sum to 1 (default). If False they must already.

    Returns
    -------
    pandas.Series
        Bulk D by element, ``attrs['conventions']`` records modes and sources.
        Raises MetasomeInputError when a mineral with a non-zero mode has no
        Kd for a requested element (never silently zero).

    References
    ----------
    Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243.
    """
    import pandas as pd

    w = pd.Series(modes, dtype=float)
    if (w < 0).any() or not np.isfinite(w).all():
        raise MetasomeInputError(f"modes must be finite and >= 0: {dict(w)}")
    total = w.sum()
    if normalise:
        if total <= 0:
            raise MetasomeInputError("modes sum to zero")
        w = w / total
    elif abs(total - 1) > 1e-6:
        raise MetasomeInputError(f"modes sum to {total}, not 1")
    m = kd_matrix(assemblage, kd)
    if elements is None:
        elements = list(m.index)
    missing_el = [e for e in elements if e not in m.index]
    if missing_el:
        raise MetasomeInputError(f"no Kd in the {assemblage!r} library for {missing_el}; pass kd=")
    w = w[w > 0]
    missing_min = [mn for mn in w.index if mn not in m.columns]
    if missing_min:
        raise MetasomeInputError(f"no Kd for minerals {missing_min} in the {assemblage!r} library; pass kd=")
    sub = m.loc[list(elements), list(w.index)]
    holes = sub.isna()
    if holes.any().any():
        el, mn = next((e, c) for e in sub.index for c in sub.columns if holes.loc[e, c])
        raise MetasomeInputError(f"no Kd for {el} in {mn} ({assemblage!r}); pass kd={{('{el}', '{mn}'): value}}")
    out = sub.to_numpy() @ w.to_numpy()
    s = pd.Series(out, index=list(elements), name="D")
    s.attrs["conventions"] = {"modes": dict(w), "assemblage": assemblage,
                              "formula": "D = sum X_j Kd_j (Shaw 1970)"}
    return s
