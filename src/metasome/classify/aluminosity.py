"""Alumina saturation (Shand 1943): A/CNK, A/NK and peraluminous/metaluminous/peralkaline.

A/CNK = Al2O3 / (CaO + Na2O + K2O) and A/NK = Al2O3 / (Na2O + K2O), molar
proportions (wt% divided by the oxide's molar mass; Al2O3, Na2O and K2O
each counted once as written, as in Shand's definition).
Peralkaline: A/NK < 1; otherwise peraluminous: A/CNK > 1; otherwise
metaluminous (A/NK >= 1 and A/CNK <= 1: the equalities are metaluminous).

References
----------
Shand, S.J. (1943) Eruptive Rocks: Their Genesis, Composition,
Classification, and Their Relation to Ore Deposits. 2nd ed., Wiley, New York.
Maniar, P.D. & Piccoli, P.M. (1989) Tectonic discrimination of granitoids.
Geological Society of America Bulletin 101, 635-643 (A/CNK-A/NK diagram).
Meija, J. et al. (2016) Pure Appl. Chem. 88, 265-291 (molar masses via periodictable).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from metasome.classify.tas import _summary_warnings

CLASSES = ("peraluminous", "metaluminous", "peralkaline")


@lru_cache(maxsize=None)
def _mass(formula: str) -> float:
    import periodictable

    return periodictable.formula(formula).mass


def _arr(v):
    return np.asarray(v, float).ravel()


def a_cnk(al2o3, cao, na2o, k2o) -> np.ndarray:
    """Molar Al2O3/(CaO+Na2O+K2O) (Shand 1943); NaN for missing, negative or zero denominators."""
    with np.errstate(invalid="ignore", divide="ignore"):
        den = _arr(cao) / _mass("CaO") + _arr(na2o) / _mass("Na2O") + _arr(k2o) / _mass("K2O")
        r = (_arr(al2o3) / _mass("Al2O3")) / den
    ok = (_arr(al2o3) >= 0) & (_arr(cao) >= 0) & (_arr(na2o) >= 0) & (_arr(k2o) >= 0) & (den > 0)
    return np.where(ok, r, np.nan)


def a_nk(al2o3, na2o, k2o) -> np.ndarray:
    """Molar Al2O3/(Na2O+K2O) (Shand 1943); NaN for missing, negative or zero denominators."""
    with np.errstate(invalid="ignore", divide="ignore"):
        den = _arr(na2o) / _mass("Na2O") + _arr(k2o) / _mass("K2O")
        r = (_arr(al2o3) / _mass("Al2O3")) / den
    ok = (_arr(al2o3) >= 0) & (_arr(na2o) >= 0) & (_arr(k2o) >= 0) & (den > 0)
    return np.where(ok, r, np.nan)


def aluminosity(al2o3, cao, na2o, k2o):
    """A/CNK, A/NK and the Shand class of each analysis.

    Returns a DataFrame with columns ``"A/CNK"``, ``"A/NK"``, ``"Aluminosity"``
    (``peralkaline`` if A/NK < 1, else ``peraluminous`` if A/CNK > 1, else
    ``metaluminous``; NaN if either ratio is NaN).

    References
    ----------
    Shand, S.J. (1943) Eruptive Rocks, 2nd ed. Wiley.
    """
    import pandas as pd

    index = al2o3.index if isinstance(al2o3, pd.Series) else None
    acnk = a_cnk(al2o3, cao, na2o, k2o)
    ank = a_nk(al2o3, na2o, k2o)
    codes = np.where(ank < 1, 2, np.where(acnk > 1, 0, 1))
    bad = ~(np.isfinite(acnk) & np.isfinite(ank))
    codes = np.where(bad, -1, codes).astype(np.int8)
    out = pd.DataFrame({"A/CNK": acnk, "A/NK": ank,
                        "Aluminosity": pd.Categorical.from_codes(codes, categories=list(CLASSES))},
                       index=index)
    out.attrs["convention"] = ("Shand 1943, molar; peralkaline if A/NK<1, else peraluminous if A/CNK>1, "
                               "else metaluminous")
    out.attrs["warnings"] = _summary_warnings(bad, "without usable Al2O3, CaO, Na2O, K2O for A/CNK",
                                              "aluminosity_missing", index)
    return out
