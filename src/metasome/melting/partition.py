"""Mineral/melt partition coefficients and bulk D, P from mineral modes.

The packaged library (``reference/data/partition/<assemblage>.csv``) holds
one cited value per element and mineral, with range, unit, conditions and a
``status`` column (published / derived / transcribed, defined in the file
header; no placeholder or assumed value is packaged). Users override any
value, or add a missing mineral/element pair, with ``kd=``.

References
----------
Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243 (bulk D0 = sum X_j D_j,
P = sum p_j D_j). Values: see the ``citation`` column of each file.
Matzen, A.K. et al. (2017) Nat. Geosci. 10, 530-535 (olivine Ni).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from metasome.errors import MetasomeInputError

ASSEMBLAGES = ("peridotite", "basalt_syenite", "trachyte_phonolite")


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


#: Matzen et al. (2017) olivine/liquid Ni-Mg exchange: ln K_D = A/T(K) + B, as implemented in
#: pyMelt (simonwmatthews/pyMelt@1e7beb9, pyMelt/chemistry/matzen.py ``kd_olvliq_Ni``).
MATZEN2017_NI = {"A": 4505.0, "B": -2.075}

_M_MGO, _M_FEO, _M_SIO2 = 40.304, 71.844, 60.083


def olivine_mgo_wt(fo):
    """MgO (wt%) of stoichiometric olivine (Mg,Fe)2SiO4 with forsterite fraction ``fo`` (0-1).

    ``MgO = 2 fo M_MgO / (2 fo M_MgO + 2 (1 - fo) M_FeO + M_SiO2)`` (molar masses, g/mol).
    """
    fo = np.asarray(fo, float)
    if np.any((fo < 0) | (fo > 1)):
        raise MetasomeInputError("fo is a fraction (0-1)")
    mg = 2.0 * fo * _M_MGO
    return 100.0 * mg / (mg + 2.0 * (1.0 - fo) * _M_FEO + _M_SIO2)


def d_ni_olivine_matzen2017(T_K, mgo_liq, mgo_ol, A=MATZEN2017_NI["A"], B=MATZEN2017_NI["B"]):
    """Olivine/melt D_Ni (mass ratio) from the Matzen et al. (2017) Ni-Mg exchange coefficient.

    ``D_Ni = (MgO_ol / MgO_liq) exp(A/T + B)``, MgO in wt%, T in K. The exchange
    coefficient ``(Ni/Mg)_ol/(Ni/Mg)_liq`` is the same on a mass or molar
    basis, so D on a mass basis follows from D_MgO by mass.

    Check: at 1400 C with an 18 wt% MgO liquid and Fo91.5 olivine this gives
    D_Ni = 5.2, against 5.0 reported by Matzen et al. (2013) for those
    conditions (science.md §4.4).

    References
    ----------
    Matzen, A.K., Wood, B.J., Baker, M.B. & Stolper, E.M. (2017) The roles of
    pyroxenite and peridotite in the mantle sources of oceanic basalts. Nat.
    Geosci. 10, 530-535 (expression and constants as implemented in pyMelt,
    simonwmatthews/pyMelt@1e7beb9 ``pyMelt/chemistry/matzen.py``).
    """
    T_K, mgo_liq, mgo_ol = (np.asarray(v, float) for v in (T_K, mgo_liq, mgo_ol))
    if np.any(T_K <= 0) or np.any(mgo_liq <= 0) or np.any(mgo_ol <= 0):
        raise MetasomeInputError("T_K, mgo_liq and mgo_ol must be positive")
    return mgo_ol / mgo_liq * np.exp(A / T_K + B)
