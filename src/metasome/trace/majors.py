"""Major elements: anhydrous normalisation, iron species, Mg#, oxide <-> element conversion.

Pure, vectorised functions on DataFrames whose columns carry canonical oxide names
(:mod:`metasome.names`, wt%). Inputs are never modified; missing or censored cells (NaN)
stay NaN in the results and never become zeros. Each result records the convention used in
``.attrs["conventions"]``.

Molar masses come from the ``periodictable`` package (IUPAC standard atomic weights), so
e.g. the Fe2O3 -> FeO factor is 2 M(FeO) / M(Fe2O3) = 2 x 71.844 / 159.687 = 0.89981.

References
----------
.. [1] Le Bas, M.J., Le Maitre, R.W., Streckeisen, A., Zanettin, B. (1986) A chemical
   classification of volcanic rocks based on the total alkali-silica diagram. Journal of
   Petrology 27, 745-750. doi:10.1093/petrology/27.3.745 (analyses recalculated to 100 %
   on a H2O- and CO2-free basis before classification).
.. [2] Middlemost, E.A.K. (1989) Iron oxidation ratios, norms and the classification of
   volcanic rocks. Chemical Geology 77, 19-26. doi:10.1016/0009-2541(89)90011-9
.. [3] Verma, S.P., Torres-Alvarado, I.S., Sotelo-Rodriguez, Z.T. (2002) SINCLAS: standard
   igneous norm and volcanic rock classification system. Computers & Geosciences 28,
   711-715. doi:10.1016/S0098-3004(01)00087-5 (total-alkali subdivision of Middlemost's
   foidite and tephrite/basanite ranges).
.. [4] Kienzle, P.A. periodictable: extensible periodic table of the elements (Python
   package), atomic masses from the IUPAC standard atomic weights.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from metasome.errors import MetasomeInputError
from metasome.names import ANHYDROUS_OXIDES, OXIDES, column_values

#: wt% -> ppm (µg/g): 1 wt% = 10^4 µg/g.
WT_PCT_TO_PPM = 1e4

#: Names that stand for the formula of another oxide (totals, water species).
_FORMULA_OF: Mapping[str, str] = MappingProxyType({
    "FeOt": "FeO", "Fe2O3t": "Fe2O3", "H2O+": "H2O", "H2O-": "H2O"})

#: Iron columns and the order in which a row's total iron is taken from them (see fe_total).
IRON_COLUMNS: tuple[str, ...] = ("FeO", "Fe2O3", "FeOt", "Fe2O3t")

#: Middlemost (1989) recommended Fe2O3/FeO weight ratios by TAS rock name [2]. Foidite
#: (0.15-0.40) and tephrite/basanite (0.20-0.30) are ranges, resolved by total alkalis in
#: :func:`middlemost_fe2o3_feo` following SINCLAS [3].
MIDDLEMOST_1989_FE2O3_FEO: Mapping[str, float] = MappingProxyType({
    "picrobasalt": 0.15, "basalt": 0.20, "basaltic andesite": 0.30, "andesite": 0.35,
    "dacite": 0.40, "rhyolite": 0.50, "trachybasalt": 0.30, "basaltic trachyandesite": 0.35,
    "trachyandesite": 0.40, "trachydacite": 0.50, "trachyte": 0.50,
    "trachyte/trachydacite": 0.50, "phonotephrite": 0.35, "tephriphonolite": 0.40,
    "phonolite": 0.50,
})

#: SINCLAS subdivision [3]: (upper bound of Na2O+K2O wt%, Fe2O3/FeO); last bound is open.
FOIDITE_BY_ALKALIS: tuple[tuple[float, float], ...] = ((3.0, 0.15), (7.0, 0.20), (10.0, 0.30), (np.inf, 0.40))
TEPHRITE_BASANITE_BY_ALKALIS: tuple[tuple[float, float], ...] = ((6.0, 0.20), (np.inf, 0.30))
_ALKALI_RANGED = {"foidite": FOIDITE_BY_ALKALIS, "tephrite": TEPHRITE_BASANITE_BY_ALKALIS,
                  "basanite": TEPHRITE_BASANITE_BY_ALKALIS,
                  "tephrite/basanite": TEPHRITE_BASANITE_BY_ALKALIS}


# ------------------------------------------------------------------ molar masses

def _formula(name: str):
    import periodictable

    try:
        return periodictable.formula(_FORMULA_OF.get(name, name))
    except (ValueError, KeyError, TypeError) as exc:
        raise MetasomeInputError(f"cannot read {name!r} as a chemical formula") from exc


@functools.lru_cache(maxsize=None)
def molar_mass(formula: str) -> float:
    """Molar mass (g/mol) of an oxide or other formula, from periodictable [4].

    ``FeOt``/``Fe2O3t`` are taken as FeO/Fe2O3, ``H2O+``/``H2O-`` as H2O.
    """
    return float(_formula(formula).mass)


@functools.lru_cache(maxsize=None)
def _cation(oxide: str) -> tuple[str, int]:
    atoms = _formula(oxide).atoms
    others = [(str(el), int(n)) for el, n in atoms.items() if str(el) != "O"]
    if len(others) != 1 or len(atoms) != 2:
        raise MetasomeInputError(f"{oxide!r} is not a simple oxide of one element")
    return others[0]


def fe2o3_to_feo_factor() -> float:
    """Mass of FeO per unit mass of Fe2O3 with the same iron: 2 M(FeO) / M(Fe2O3) = 0.8998."""
    return 2.0 * molar_mass("FeO") / molar_mass("Fe2O3")


def oxide_to_element_factor(oxide: str) -> float:
    """Mass fraction of the cation element in an oxide, n M(element) / M(oxide).

    E.g. TiO2 -> 47.867 / 79.865 = 0.5993, so 1 wt% TiO2 = 5993 ppm Ti.
    """
    element, n = _cation(oxide)
    return n * molar_mass(element) / molar_mass(oxide)


def element_of(oxide: str) -> str:
    """Symbol of the cation of a simple oxide (``"TiO2"`` -> ``"Ti"``)."""
    return _cation(oxide)[0]


def oxide_to_element(values, oxide: str):
    """Oxide wt% -> element ppm (arrays, Series or DataFrames; NaN stays NaN)."""
    return values * (oxide_to_element_factor(oxide) * WT_PCT_TO_PPM)


def element_to_oxide(values, oxide: str):
    """Element ppm -> oxide wt%, inverse of :func:`oxide_to_element`."""
    return values / (oxide_to_element_factor(oxide) * WT_PCT_TO_PPM)


# ------------------------------------------------------------------ helpers

def _column(df: pd.DataFrame, name: str) -> pd.Series:
    """:func:`metasome.names.column_values` as a Series on ``df``'s index."""
    return pd.Series(column_values(df, name), index=df.index, name=name)


def _with_conventions(obj, key: str, value: dict) -> object:
    """Record a convention in ``attrs``; per-row arguments are noted as such, not copied."""
    def brief(v):
        return v if v is None or isinstance(v, (str, int, float, list, dict)) else "per row"
    obj.attrs = {"conventions": {key: {k: brief(v) for k, v in value.items()}}}
    return obj


# ------------------------------------------------------------------ iron

#: Labels of :func:`iron_source`, in the order of its codes.
IRON_SOURCES: tuple[str, ...] = ("", "FeO+Fe2O3", "FeOt", "Fe2O3t", "FeO", "Fe2O3")


def _iron_codes(df: pd.DataFrame) -> np.ndarray:
    """Per row, the index in :data:`IRON_SOURCES` of the iron column(s) that give total iron (the sources
    1-5 are tried in that order: the order of preference)."""
    feo, fe2o3, feot, fe2o3t = (~np.isnan(column_values(df, c)) for c in IRON_COLUMNS)
    choices = [feo & fe2o3, feot, fe2o3t, feo, fe2o3]
    return np.select(choices, range(1, len(IRON_SOURCES)), default=0).astype(np.int8)


def iron_source(df: pd.DataFrame) -> pd.Series:
    """Per row, which iron column(s) give total iron: 'FeO+Fe2O3', 'FeOt', 'Fe2O3t', 'FeO', 'Fe2O3' or ''
    (a categorical Series of :data:`IRON_SOURCES`).

    The order of preference is the one of :func:`fe_total`.
    """
    return pd.Series(pd.Categorical.from_codes(_iron_codes(df), IRON_SOURCES), index=df.index)


def fe_total(df: pd.DataFrame, as_: str = "FeOt") -> pd.Series:
    """Total iron of each row as ``FeOt`` or ``Fe2O3t`` (wt%).

    Taken, per row, from the first of: FeO and Fe2O3 both reported (FeO + 0.8998 Fe2O3);
    FeOt; Fe2O3t; FeO alone; Fe2O3 alone (a lone FeO or Fe2O3 is read as the total, as most
    sources that report one iron oxide mean). Rows with no iron give NaN. The per-row source
    is given by :func:`iron_source`; counts are in ``attrs["conventions"]["fe_total"]``.
    """
    if as_ not in ("FeOt", "Fe2O3t"):
        raise MetasomeInputError(f"total iron is expressed as 'FeOt' or 'Fe2O3t', not {as_!r}")
    f = fe2o3_to_feo_factor()
    feo, fe2o3, feot, fe2o3t = (column_values(df, c) for c in IRON_COLUMNS)
    code = _iron_codes(df)
    totals = [feo + f * fe2o3, feot, f * fe2o3t, feo, f * fe2o3]      # in the order of IRON_SOURCES[1:]
    as_feo = pd.Series(np.select([code == k for k in range(1, len(IRON_SOURCES))], totals, default=np.nan),
                       index=df.index)
    out = (as_feo if as_ == "FeOt" else as_feo / f).rename(as_)
    used, counts = np.unique(code[code > 0], return_counts=True)
    return _with_conventions(out, "fe_total", {
        "as": as_, "Fe2O3_to_FeO": f,
        "source_counts": {IRON_SOURCES[used[i]]: int(counts[i]) for i in np.argsort(-counts, kind="stable")},
        "reference": "2 M(FeO)/M(Fe2O3) from periodictable atomic masses"})


def fe3_fraction_from_ratio(fe2o3_feo) -> object:
    """Molar Fe3+/ΣFe from a Fe2O3/FeO weight ratio R: F R / (1 + F R), F = 2 M(FeO)/M(Fe2O3)."""
    fr = fe2o3_to_feo_factor() * fe2o3_feo
    return fr / (1.0 + fr)


def fe3_fraction(df: pd.DataFrame) -> pd.Series:
    """Molar Fe3+/ΣFe of rows reporting both FeO and Fe2O3 (NaN otherwise)."""
    n2 = _column(df, "FeO") / molar_mass("FeO")
    n3 = 2.0 * _column(df, "Fe2O3") / molar_mass("Fe2O3")
    return (n3 / (n2 + n3)).rename("Fe3/FeT")


def fe_split(df: pd.DataFrame, *, fe3_fraction=None, fe2o3_feo=None) -> pd.DataFrame:
    """Split each row's total iron into FeO and Fe2O3 (wt%).

    Give exactly one of ``fe3_fraction`` (molar Fe3+/ΣFe) or ``fe2o3_feo`` (Fe2O3/FeO weight
    ratio, e.g. from :func:`middlemost_fe2o3_feo`), each a number or a Series aligned with
    ``df``. With x = Fe3+/ΣFe: FeO = FeOt (1 - x), Fe2O3 = FeOt x / F, F = 2 M(FeO)/M(Fe2O3);
    so FeO + F Fe2O3 = FeOt exactly (iron is conserved).
    """
    if (fe3_fraction is None) == (fe2o3_feo is None):
        raise MetasomeInputError("give exactly one of fe3_fraction (Fe3+/ΣFe) or fe2o3_feo (Fe2O3/FeO)")
    x = fe3_fraction_from_ratio(fe2o3_feo) if fe3_fraction is None else fe3_fraction
    if np.any(np.asarray(x, dtype=float) < 0) or np.any(np.asarray(x, dtype=float) > 1):
        raise MetasomeInputError("Fe3+/ΣFe must lie between 0 and 1")
    feot = fe_total(df, "FeOt")
    out = pd.DataFrame({"FeO": feot * (1.0 - x), "Fe2O3": feot * x / fe2o3_to_feo_factor()}, index=df.index)
    return _with_conventions(out, "fe_split", {
        "fe3_fraction": fe3_fraction, "fe2o3_feo": fe2o3_feo,
        "reference": "Fe3+/ΣFe molar; Fe2O3/FeO weight ratio (Middlemost 1989)"})


def fe_convert(df: pd.DataFrame, to: str = "FeOt", *, fe3_fraction=None, fe2o3_feo=None) -> pd.Series:
    """Iron of each row expressed as ``FeOt``, ``Fe2O3t``, ``FeO`` or ``Fe2O3`` (wt%).

    Totals need no assumption (see :func:`fe_total`); ``FeO``/``Fe2O3`` need the oxidation
    state, given as ``fe3_fraction`` or ``fe2o3_feo`` (see :func:`fe_split`).
    """
    if to in ("FeOt", "Fe2O3t"):
        return fe_total(df, to)
    if to not in ("FeO", "Fe2O3"):
        raise MetasomeInputError(f"fe_convert: 'to' must be FeOt, Fe2O3t, FeO or Fe2O3, not {to!r}")
    split = fe_split(df, fe3_fraction=fe3_fraction, fe2o3_feo=fe2o3_feo)
    return _with_conventions(split[to].copy(), "fe_convert", split.attrs["conventions"]["fe_split"])


def middlemost_fe2o3_feo(rock_names: Iterable[str], total_alkalis=None) -> pd.Series:
    """Middlemost (1989) Fe2O3/FeO weight ratio for each TAS rock name [2].

    Names are matched case-insensitively to :data:`MIDDLEMOST_1989_FE2O3_FEO`. Foidite and
    tephrite/basanite, for which Middlemost gives ranges, use the SINCLAS total-alkali
    subdivision [3] when ``total_alkalis`` (Na2O + K2O wt%, aligned) is given, else NaN.
    Unknown names give NaN.
    """
    names = pd.Series(list(rock_names) if not isinstance(rock_names, pd.Series) else rock_names)
    key = names.astype("string").str.strip().str.lower()
    ratio = key.map(dict(MIDDLEMOST_1989_FE2O3_FEO)).astype(float)
    if total_alkalis is not None:
        alk = pd.Series(np.asarray(total_alkalis, dtype=float), index=names.index)
        for name, steps in _ALKALI_RANGED.items():
            bounds = np.array([b for b, _ in steps])
            values = np.array([v for _, v in steps])
            idx = np.searchsorted(bounds, alk.to_numpy(), side="left").clip(0, len(values) - 1)
            hit = (key == name).fillna(False).to_numpy() & alk.notna().to_numpy()
            ratio[hit] = values[idx[hit]]
    return ratio.rename("Fe2O3/FeO")


# ------------------------------------------------------------------ Mg#, anhydrous

def mg_number(df: pd.DataFrame, fe3_fraction=0.0) -> pd.Series:
    """Mg# = 100 Mg / (Mg + Fe2+), molar.

    ``fe3_fraction`` is the molar Fe3+/ΣFe applied to each row's total iron (number or
    aligned Series; default 0: all iron as Fe2+, the common "Mg# with FeOt"), or
    ``"measured"`` to use the reported FeO column as Fe2+. NaN where MgO or iron is missing.
    For pyrolite (MgO 37.8, FeO 8.05 wt%) this gives 89.3, the Mg# 0.89 of McDonough & Sun
    (1995, Chem. Geol. 120, 223-253).
    """
    n_mg = _column(df, "MgO") / molar_mass("MgO")
    if isinstance(fe3_fraction, str):
        if fe3_fraction != "measured":
            raise MetasomeInputError("fe3_fraction must be a number, a Series or 'measured'")
        n_fe2 = _column(df, "FeO") / molar_mass("FeO")
    else:
        n_fe2 = fe_total(df, "FeOt") * (1.0 - fe3_fraction) / molar_mass("FeO")
    out = (100.0 * n_mg / (n_mg + n_fe2)).rename("Mg#")
    return _with_conventions(out, "mg_number", {
        "definition": "100 Mg/(Mg+Fe2+) molar", "fe3_fraction": fe3_fraction})


def anhydrous(df: pd.DataFrame, oxides: Iterable[str] = ANHYDROUS_OXIDES) -> pd.DataFrame:
    """Volatile-free oxides renormalised to 100 wt% [1].

    Uses the columns of ``oxides`` present in ``df``. If iron is wanted (FeO or Fe2O3 in
    ``oxides``), each row's iron enters once: as FeO and Fe2O3 where either is reported,
    otherwise as FeOt, otherwise as Fe2O3t (those columns then appear in the result, NaN in
    rows where another iron form was used). Missing cells count as absent, not as zero in the
    result; a row with no oxide at all, or a non-positive sum, gives NaN (never a division by
    zero). The oxides used and the iron rule are in ``attrs["conventions"]["anhydrous"]``.
    """
    oxides = tuple(oxides)
    wanted = [o for o in dict.fromkeys(oxides) if o in OXIDES]
    unknown = sorted(set(oxides) - set(OXIDES))
    if unknown:
        raise MetasomeInputError(f"anhydrous: not canonical oxide names: {', '.join(unknown)}")
    columns = {o: column_values(df, o) for o in wanted if o in df.columns}
    if {"FeO", "Fe2O3"} & set(wanted):
        columns = _one_iron_form(df, columns)
    data = np.column_stack(list(columns.values())) if columns else np.empty((len(df), 0))
    # a row's total: NaN when every oxide is missing (not 0), and NaN unless positive
    total = np.where((~np.isnan(data)).any(axis=1), np.nansum(data, axis=1), np.nan)
    with np.errstate(invalid="ignore"):
        total[~(total > 0)] = np.nan
    out = pd.DataFrame(data / total[:, None] * 100.0, index=df.index, columns=list(columns))
    return _with_conventions(out, "anhydrous", {
        "oxides": list(out.columns), "normalised_to": 100.0,
        "iron": "FeO+Fe2O3 where reported, else FeOt, else Fe2O3t",
        "reference": "Le Bas et al. 1986, J. Petrol. 27, 745 (volatile-free, 100 %)"})


def _one_iron_form(df: pd.DataFrame, columns: dict) -> dict:
    """The oxide arrays with each row's iron in one form only (see :func:`anhydrous`)."""
    code = _iron_codes(df)
    pair = np.isin(code, [IRON_SOURCES.index(s) for s in ("FeO+Fe2O3", "FeO", "Fe2O3")])
    columns = dict(columns)
    for col in ("FeO", "Fe2O3"):
        if col in columns:
            columns[col] = np.where(pair, columns[col], np.nan)
    for col in ("FeOt", "Fe2O3t"):
        use = code == IRON_SOURCES.index(col)
        if col in columns or use.any():
            columns[col] = np.where(use, column_values(df, col), np.nan)
    return columns
