"""Canonical names of the quantities metasome knows, and their canonical units.

Every room of metasome speaks of quantities by these names: the reader maps a
header such as ``SIO2(WT%)``, ``SiO2n`` or ``sio2`` to ``"SiO2"``; science
functions take DataFrames whose columns carry these names.

Canonical units: oxides and LOI in wt%; elements in ppm (µg/g); isotope
ratios as measured (atom ratios); delta values in per mil; epsilon values in
parts per 10^4; ages in Ma. Uncertainty columns are the quantity name
followed by a space and ``2SD``, ``2SE``, ``1SD`` or ``1SE``
(e.g. ``"87Sr/86Sr 2SE"``), in the quantity's canonical unit.
"""

from __future__ import annotations

#: Element symbols (Z = 1..94), canonical unit ppm.
ELEMENTS: tuple[str, ...] = (
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S",
    "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga",
    "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd",
    "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm",
    "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os",
    "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa",
    "U", "Np", "Pu",
)

#: Major and minor oxides and volatiles, canonical unit wt%.
#: ``FeOt`` is total iron as FeO, ``Fe2O3t`` total iron as Fe2O3.
OXIDES: tuple[str, ...] = (
    "SiO2", "TiO2", "Al2O3", "Cr2O3", "Fe2O3", "FeO", "FeOt", "Fe2O3t", "MnO", "NiO", "MgO",
    "CaO", "SrO", "BaO", "Na2O", "K2O", "P2O5", "H2O", "H2O+", "H2O-", "CO2", "SO3", "LOI",
)

#: Oxides that enter an anhydrous (volatile-free) total.
ANHYDROUS_OXIDES: tuple[str, ...] = (
    "SiO2", "TiO2", "Al2O3", "Cr2O3", "Fe2O3", "FeO", "MnO", "NiO", "MgO", "CaO", "SrO", "BaO",
    "Na2O", "K2O", "P2O5",
)

#: Volatile oxides excluded from anhydrous totals.
VOLATILES: tuple[str, ...] = ("H2O", "H2O+", "H2O-", "CO2", "SO3", "LOI")

#: Isotope atom ratios, as measured (present-day) unless suffixed ``(i)``.
ISOTOPE_RATIOS: tuple[str, ...] = (
    "87Sr/86Sr", "87Rb/86Sr", "143Nd/144Nd", "147Sm/144Nd", "206Pb/204Pb", "207Pb/204Pb",
    "208Pb/204Pb", "176Hf/177Hf", "176Lu/177Hf", "187Os/188Os", "187Re/188Os", "7Li/6Li",
    "138Ba/134Ba", "137Ba/134Ba", "3He/4He",
)

#: Suffix for an initial ratio reported by the source (e.g. ``"87Sr/86Sr(i)"``).
INITIAL_SUFFIX = "(i)"

#: Delta values, per mil, with their reference standards.
DELTAS: dict[str, str] = {
    "d7Li": "L-SVEC (NIST RM 8545)",
    "d138/134Ba": "NIST SRM 3104a",
    "d137/134Ba": "NIST SRM 3104a",
    "d18O": "VSMOW",
    "d34S": "VCDT",
    "d26Mg": "DSM3",
    "d56Fe": "IRMM-014",
}

#: Epsilon values, parts per 10^4, as reported by a source.
EPSILONS: tuple[str, ...] = ("eNd", "eNd(i)", "eHf", "eHf(i)", "eSr(i)")

#: Uncertainty column suffixes recognised and written.
UNCERTAINTY_KINDS: tuple[str, ...] = ("2SD", "2SE", "1SD", "1SE")

#: Canonical name of the age column (Ma).
AGE = "age"

#: Descriptive (text) roles a column may play.
TEXT_ROLES: tuple[str, ...] = (
    "sample", "location", "rock_type", "rock_name", "unit", "group", "material", "reference",
    "method", "latitude", "longitude",
)

CANONICAL_UNITS: dict[str, str] = {
    "oxide": "wt%",
    "element": "ppm",
    "ratio": "ratio",
    "delta": "permil",
    "epsilon": "epsilon",
    "age": "Ma",
}


def kind_of(quantity: str) -> str | None:
    """Return the kind (``oxide``, ``element``, ``ratio``, ``delta``, ``epsilon``, ``age``) of a canonical name.

    Uncertainty columns (``"La 2SD"``) return the kind of the quantity they belong to.
    """
    base = quantity.rsplit(" ", 1)[0] if quantity.rsplit(" ", 1)[-1] in UNCERTAINTY_KINDS else quantity
    if base in OXIDES:
        return "oxide"
    if base in ELEMENTS:
        return "element"
    stripped = base.removesuffix(INITIAL_SUFFIX)
    if stripped in ISOTOPE_RATIOS:
        return "ratio"
    if base in DELTAS:
        return "delta"
    if base in EPSILONS:
        return "epsilon"
    if base == AGE:
        return "age"
    return None


def canonical_unit(quantity: str) -> str | None:
    """Canonical unit of a canonical quantity name, or None for unknown names."""
    kind = kind_of(quantity)
    return CANONICAL_UNITS.get(kind) if kind else None


def float_values(column):
    """A column of canonical values as a float64 array: numeric columns as they are (no copy), any other
    through ``pandas.to_numeric``, where a cell that is not a number becomes NaN."""
    import pandas as pd

    if column.dtype.kind in "fiu":
        return column.to_numpy(float)
    return pd.to_numeric(column, errors="coerce").to_numpy(float)


def column_values(frame, name: str):
    """Column ``name`` of ``frame`` as :func:`float_values` (the first of repeated headers), or all NaN when
    the frame has no such column."""
    import numpy as np
    import pandas as pd

    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    column = frame[name]
    return float_values(column.iloc[:, 0] if isinstance(column, pd.DataFrame) else column)
