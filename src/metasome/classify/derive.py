"""Classification columns for ``metasome compute``.

All classifications use anhydrous majors renormalised to 100 wt%
(:func:`metasome.trace.majors.anhydrous`), as required for TAS by Le Bas et
al. (1986). An analysis lacking any of SiO2, Al2O3, iron, MgO, CaO, Na2O or
K2O is not renormalised (the total would be meaningless) and is left
unclassified with a warning.

References
----------
Le Bas, M.J. et al. (1986) J. Petrol. 27, 745-750.
Middlemost, E.A.K. (1994) Earth-Sci. Rev. 37, 215-224.
Irvine, T.N. & Baragar, W.R.A. (1971) Can. J. Earth Sci. 8, 523-548.
Peccerillo, A. & Taylor, S.R. (1976) Contrib. Mineral. Petrol. 58, 63-81.
Shand, S.J. (1943) Eruptive Rocks, 2nd ed. Wiley.
Pearce, J.A. (2008) Lithos 100, 14-48.
"""

from __future__ import annotations

import numpy as np

from metasome.classify.aluminosity import aluminosity
from metasome.classify.pearce import pearce_array
from metasome.classify.series import alkalinity, k2o_series
from metasome.classify.tas import _summary_warnings, tas
from metasome.errors import MetasomeInputError
from metasome.names import column_values

#: Oxides an analysis needs before it is renormalised and classified.
REQUIRED_MAJORS: tuple[str, ...] = ("SiO2", "Al2O3", "MgO", "CaO", "Na2O", "K2O")
IRON_FORMS: tuple[str, ...] = ("FeOt", "Fe2O3t", "FeO", "Fe2O3")
#: Plausible range (wt%) of the volatile-free oxide sum before renormalisation.
TOTAL_RANGE: tuple[float, float] = (85.0, 105.0)
_REPORTED_ABOVE = {"tas_impossible", "alkalinity_missing", "k2o_missing"}


def majors_complete(values) -> np.ndarray:
    """True where an analysis has every oxide needed to renormalise it volatile-free (SiO2, Al2O3,
    MgO, CaO, Na2O, K2O and one form of iron): only those are classified.

    References
    ----------
    Le Bas, M.J. et al. (1986) J. Petrol. 27, 745-750.
    """
    present = np.column_stack([np.isfinite(column_values(values, c)) for c in REQUIRED_MAJORS])
    has_fe = np.column_stack([np.isfinite(column_values(values, c)) for c in IRON_FORMS]).any(axis=1)
    return present.all(axis=1) & has_fe


def derive(values, *, alkalinity_method: str = "polynomial", total_range=TOTAL_RANGE):
    """Classification columns: ``TAS volcanic``, ``TAS plutonic``, ``Alkalinity``,
    ``K2O series``, ``A/CNK``, ``A/NK``, ``Aluminosity``, ``Pearce array``.

    Parameters
    ----------
    values : pandas.DataFrame
        Canonical columns: oxides in wt% (as analysed, with or without
        volatiles), Th, Nb, Yb in ppm.
    alkalinity_method : "polynomial" (default) or "digitised" Irvine & Baragar line.
    total_range : (low, high) wt%
        Volatile-free oxide sums outside this range are flagged (warning only).

    Returns
    -------
    pandas.DataFrame with the new columns only (same index; categorical
    columns, NaN where unclassified). ``attrs["warnings"]`` lists
    :class:`~metasome.errors.InputWarning` records, ``attrs["conventions"]``
    each convention used.

    References
    ----------
    Le Bas et al. (1986); Middlemost (1994); Irvine & Baragar (1971);
    Peccerillo & Taylor (1976); Shand (1943); Pearce (2008).
    """
    import pandas as pd

    from metasome.names import ANHYDROUS_OXIDES
    from metasome.trace.majors import anhydrous

    if not isinstance(values, pd.DataFrame):
        raise MetasomeInputError("values must be a pandas DataFrame")
    index = values.index
    complete = majors_complete(values)
    anh = anhydrous(values, ANHYDROUS_OXIDES)
    raw = np.column_stack([column_values(values, c) for c in anh.columns if c in values.columns]
                          or [np.full(len(index), np.nan)])
    raw_total = np.where((~np.isnan(raw)).any(axis=1), np.nansum(raw, axis=1), np.nan)
    sio2 = np.where(complete, column_values(anh, "SiO2"), np.nan)
    na2o = np.where(complete, column_values(anh, "Na2O"), np.nan)
    k2o = np.where(complete, column_values(anh, "K2O"), np.nan)
    alk = na2o + k2o
    warnings = _summary_warnings(~complete, "lacking one of SiO2, Al2O3, Fe, MgO, CaO, Na2O, K2O: "
                                 "not classified", "majors_incomplete", index)
    lo, hi = total_range
    odd_total = complete & ((raw_total < lo) | (raw_total > hi))
    warnings += _summary_warnings(odd_total, f"with a volatile-free total outside {lo}-{hi} wt%",
                                  "majors_total", index)
    negative = complete & ~((sio2 >= 0) & (alk >= 0) & (sio2 + alk <= 100.0 + 1e-6))
    warnings += _summary_warnings(negative, "with negative oxides: not classified", "majors_negative", index)
    cols = {}
    conventions = {"majors": "anhydrous, renormalised to 100 wt% (metasome.trace.majors.anhydrous)"}
    parts = [tas(sio2, alk, "volcanic"), tas(sio2, alk, "plutonic"),
             alkalinity(sio2, alk, alkalinity_method), k2o_series(sio2, k2o)]
    for s in parts:
        cols[s.name] = s.array
        conventions[s.name] = s.attrs["convention"]
        # rows lacking majors are reported once above, not again per classification
        warnings += [w for w in s.attrs["warnings"] if w.code not in _REPORTED_ABOVE]
    alu = aluminosity(*(column_values(values, c) for c in ("Al2O3", "CaO", "Na2O", "K2O")))
    for c in alu.columns:
        cols[c] = alu[c].array
    conventions["Aluminosity"] = alu.attrs["convention"]
    with np.errstate(invalid="ignore", divide="ignore"):
        yb = column_values(values, "Yb")
        pa = pearce_array(column_values(values, "Th") / yb, column_values(values, "Nb") / yb)
    cols["Pearce array"] = pa.array
    conventions["Pearce array"] = pa.attrs["convention"]
    out = pd.DataFrame(cols, index=index)
    out.attrs["warnings"] = warnings
    out.attrs["conventions"] = conventions
    return out
