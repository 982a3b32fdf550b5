"""Columns added by ``metasome compute`` for trace elements: ratios, anomalies, REE sums.

References
----------
Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345
(chondrite and primitive mantle normalising values).
Qiu, K. et al. (2025) Nature Communications (seed study: Ce/Ce*, Th/Yb, Sr/Y,
Ba/La, Zr/Nb, REE sums).
Holwell, D.A. et al. (2019) Nature Communications 10, 3511 (Ni/Te, Cu/Te).
Adachi, G. & Imanaka, N. (1998) The binary rare earth oxides. Chemical
Reviews 98, 1479-1514 (CeO2, Pr6O11 and Tb4O7 as the oxides stable in air,
the others R2O3).
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.trace.normalise import DEFAULT_CHONDRITE, DEFAULT_REFERENCE, element_columns
from metasome.trace.orders import REE

#: Plain element ratios added by :func:`derive`.
RATIO_COLUMNS: tuple[str, ...] = (
    "Th/Yb", "Nb/Yb", "Ba/La", "Zr/Nb", "Sr/Y", "La/Yb", "Ni/Te", "Cu/Te", "Pd/Ir", "Cu/Pd",
)

#: Oxide reported for each REE (and Y) in a total rare-earth-oxide sum:
#: R2O3 except CeO2, Pr6O11 and Tb4O7, the oxides stable on ignition in air
#: (Adachi & Imanaka 1998), the convention of REE resource reporting.
REE_OXIDES: dict[str, str] = {
    "La": "La2O3", "Ce": "CeO2", "Pr": "Pr6O11", "Nd": "Nd2O3", "Sm": "Sm2O3", "Eu": "Eu2O3",
    "Gd": "Gd2O3", "Tb": "Tb4O7", "Dy": "Dy2O3", "Ho": "Ho2O3", "Er": "Er2O3", "Tm": "Tm2O3",
    "Yb": "Yb2O3", "Lu": "Lu2O3", "Y": "Y2O3",
}

MISSING_POLICIES = ("nan", "partial")


def element_to_oxide_factor(element: str, oxide: str) -> float:
    """Mass of ``oxide`` per unit mass of ``element`` in it: M(oxide) / (n M(element)).

    References
    ----------
    Meija, J. et al. (2016) Atomic weights of the elements 2013. Pure Appl.
    Chem. 88, 265-291 (via ``periodictable``).
    """
    from metasome.trace.normalise import oxide_to_element_factor

    return 1.0e4 / oxide_to_element_factor(element, oxide)


def _sum(arr, missing: str):
    if missing not in MISSING_POLICIES:
        raise MetasomeInputError(f"missing-REE policy must be one of {MISSING_POLICIES}, not {missing!r}")
    if missing == "nan":
        return arr.sum(axis=1)  # NaN as soon as one term is NaN
    with np.errstate(invalid="ignore"):
        total = np.nansum(arr, axis=1)
    return np.where(np.isfinite(arr).any(axis=1), total, np.nan)


def ree_sum(values, *, with_y: bool = False, missing: str = "nan"):
    """Sum of the 14 REE La-Lu (ppm), optionally + Y.

    ``missing="nan"`` (default): NaN when any REE is missing or censored (a
    partial sum would understate the total without saying so).
    ``missing="partial"``: sum of the REE present (NaN only when none is);
    use it knowingly and report it.
    """
    import pandas as pd

    els = list(REE) + (["Y"] if with_y else [])
    arr, _ = element_columns(values, els, from_oxides=False)
    return pd.Series(_sum(arr, missing), index=values.index, name="REE+Y (ppm)" if with_y else "REE (ppm)")


def treo(values, *, with_y: bool = True, missing: str = "nan", oxides: dict | None = None):
    """Total rare-earth oxides (wt%): sum of ppm x M(oxide)/(n M(element)) / 1e4.

    Oxide forms :data:`REE_OXIDES` (R2O3, CeO2, Pr6O11, Tb4O7; Adachi &
    Imanaka 1998); Y2O3 included by default (``with_y``), as in REE resource
    reporting. ``missing`` as in :func:`ree_sum`.

    References
    ----------
    Adachi, G. & Imanaka, N. (1998) Chemical Reviews 98, 1479-1514.
    """
    import pandas as pd

    oxides = dict(REE_OXIDES if oxides is None else oxides)
    els = list(REE) + (["Y"] if with_y else [])
    arr, _ = element_columns(values, els, from_oxides=False)
    factors = np.array([element_to_oxide_factor(e, oxides[e]) for e in els])
    return pd.Series(_sum(arr * factors, missing) / 1.0e4, index=values.index, name="TREO (wt%)")


def derive(values, *, reference=DEFAULT_REFERENCE, chondrite=DEFAULT_CHONDRITE,
           ce_form: str = "arithmetic", eu_form: str = "geometric",
           ree_missing: str = "nan", ree_with_y: bool = False, treo_with_y: bool = True,
           censored=None):
    """Trace-element columns for ``metasome compute``.

    Columns: the ratios of :data:`RATIO_COLUMNS`; ``(La/Yb)N``, ``(La/Sm)N``,
    ``Ce/Ce*`` and ``Eu/Eu*`` normalised to ``chondrite``; ``Nb/Nb*``,
    ``Pb/Pb*`` and ``Ti/Ti*`` normalised to ``reference`` (primitive mantle);
    ``REE (ppm)`` and ``TREO (wt%)``.

    Parameters
    ----------
    values : pandas.DataFrame
        Canonical columns, elements in ppm, oxides in wt%. Censored cells
        must be NaN unless the user's censoring policy substituted values.
    reference : primitive mantle for spider anomalies (default Sun & McDonough 1989).
    chondrite : chondrite for REE ratios and anomalies (default CI, Sun & McDonough 1989).
    ce_form, eu_form : anomaly forms (defaults: the seed's arithmetic Ce/Ce*,
        geometric Eu/Eu*).
    ree_missing : "nan" (default) or "partial", see :func:`ree_sum`.
    ree_with_y, treo_with_y : include Y in the REE sum (default no) and in
        TREO (default yes).
    censored : optional boolean DataFrame (same index, canonical columns),
        True where a value is below detection; those cells are treated as
        missing whatever value they hold.

    Returns
    -------
    pandas.DataFrame, same index as ``values``, only the new columns;
    ``attrs["conventions"]`` records every choice. Any missing term gives NaN.

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    Qiu, K. et al. (2025) Nature Communications. Holwell, D.A. et al. (2019)
    Nature Communications 10, 3511.
    """
    import pandas as pd

    from metasome.trace.ratios import ratio
    from metasome.trace.normalise import resolve_reference

    if not isinstance(values, pd.DataFrame):
        raise MetasomeInputError("values must be a pandas DataFrame")
    if censored is not None:
        cols = [c for c in censored.columns if c in values.columns]
        mask = censored.reindex(index=values.index, columns=cols).fillna(False).to_numpy(bool)
        values = values.copy()
        sub = values[cols].apply(pd.to_numeric, errors="coerce").to_numpy(float)
        values[cols] = np.where(mask, np.nan, sub)
    out = {}
    for expr in RATIO_COLUMNS:
        out[expr] = ratio(values, expr).to_numpy()
    out["(La/Yb)N"] = ratio(values, "(La/Yb)N", reference=chondrite).to_numpy()
    out["(La/Sm)N"] = ratio(values, "(La/Sm)N", reference=chondrite).to_numpy()
    out["Ce/Ce*"] = ratio(values, "Ce/Ce*", reference=chondrite, anomaly_form=ce_form).to_numpy()
    out["Eu/Eu*"] = ratio(values, "Eu/Eu*", reference=chondrite, anomaly_form=eu_form).to_numpy()
    for an in ("Nb/Nb*", "Pb/Pb*", "Ti/Ti*"):
        out[an] = ratio(values, an, reference=reference).to_numpy()
    out["REE (ppm)"] = ree_sum(values, with_y=ree_with_y, missing=ree_missing).to_numpy()
    out["TREO (wt%)"] = treo(values, with_y=treo_with_y, missing=ree_missing).to_numpy()
    result = pd.DataFrame(out, index=values.index)
    result.attrs["conventions"] = {
        "chondrite": resolve_reference(chondrite)[0],
        "primitive_mantle": resolve_reference(reference)[0],
        "Ce/Ce*": "2 Ce_N/(La_N+Pr_N)" if ce_form == "arithmetic" else "Ce_N/sqrt(La_N Pr_N)",
        "Eu/Eu*": "Eu_N/sqrt(Sm_N Gd_N)" if eu_form == "geometric" else "2 Eu_N/(Sm_N+Gd_N)",
        "Nb/Nb*": "Nb_PM/sqrt(Th_PM La_PM)",
        "Pb/Pb*": "Pb_PM/sqrt(Ce_PM Pr_PM)",
        "Ti/Ti*": "Ti_PM/sqrt(Eu_PM Gd_PM)",
        "REE (ppm)": ("La-Lu" + (" + Y" if ree_with_y else "") + f"; missing term -> {ree_missing}"),
        "TREO (wt%)": ("R2O3 except CeO2, Pr6O11, Tb4O7" + (" + Y2O3" if treo_with_y else "")
                       + f"; missing term -> {ree_missing}"),
        "censored": "censored cells treated as missing (NaN)",
    }
    return result
