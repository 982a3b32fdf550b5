"""Normalisation of element concentrations to a reference composition.

``normalise(values, reference)`` divides each element column (ppm) by the
reference value of that element in ppm. Units are converted explicitly per
element by the reference room (:meth:`metasome.reference.Composition.ppm`),
so a reference stored partly in wt% (Palme & O'Neill 2014 stores Ni and S in
%) still normalises a table holding its own values to exactly 1.

K, P, Ti (and the other elements listed in :data:`OXIDE_OF_ELEMENT`) are
usually reported as oxides in wt%; when the element column is absent and the
oxide column is present, the element is computed from the oxide with
stoichiometric masses (``periodictable``) and the conversion is recorded in
``attrs["converted_from_oxides"]``.

References
----------
Sun, S.-s. & McDonough, W.F. (1989) Chemical and isotopic systematics of
oceanic basalts. Geol. Soc. London Spec. Publ. 42, 313-345 (default
primitive mantle for incompatible elements).
Palme, H. & O'Neill, H.St.C. (2014) Cosmochemical estimates of mantle
composition. Treatise on Geochemistry, 2nd ed., vol. 3, 1-39 (default
primitive mantle for chalcophile elements, as in Holwell et al. 2019).
Meija, J. et al. (2016) Atomic weights of the elements 2013 (IUPAC
Technical Report). Pure Appl. Chem. 88, 265-291 (atomic masses, via the
``periodictable`` package).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.names import ELEMENTS, column_values, float_values

#: Default reference for incompatible elements (Sun & McDonough 1989 primitive mantle).
DEFAULT_REFERENCE = "PM_SunMcDonough1989"
#: Default reference for chalcophile elements (Palme & O'Neill 2014 primitive mantle).
DEFAULT_CHALCOPHILE_REFERENCE = "PM_PalmeONeill2014"
#: Default chondrite for REE diagrams and REE anomalies (Sun & McDonough 1989 CI).
DEFAULT_CHONDRITE = "CI_SunMcDonough1989"

#: Oxide (wt%) from which an element (ppm) is computed when the element column is absent.
OXIDE_OF_ELEMENT: dict[str, str] = {
    "K": "K2O", "P": "P2O5", "Ti": "TiO2", "Mn": "MnO", "Na": "Na2O", "Mg": "MgO",
    "Ca": "CaO", "Al": "Al2O3", "Si": "SiO2", "Cr": "Cr2O3", "Ni": "NiO", "Ba": "BaO",
    "Sr": "SrO", "Fe": "FeOt",
}


@lru_cache(maxsize=None)
def oxide_to_element_factor(element: str, oxide: str) -> float:
    """ppm of ``element`` per wt% of ``oxide``: 1e4 * n M(element) / M(oxide).

    ``FeOt`` is treated as FeO. Masses are IUPAC standard atomic weights
    (Meija et al. 2016) from ``periodictable``.

    References
    ----------
    Meija, J. et al. (2016) Pure Appl. Chem. 88, 265-291.
    """
    import periodictable

    formula = periodictable.formula("FeO" if oxide in ("FeOt", "FeO*") else oxide)
    atoms = {str(k): v for k, v in formula.atoms.items()}
    if element not in atoms:
        raise MetasomeInputError(f"oxide {oxide!r} does not contain {element!r}")
    el_mass = getattr(periodictable, element).mass
    return 1.0e4 * atoms[element] * el_mass / formula.mass


def resolve_reference(reference: Any):
    """Return ``(name, citation, getter)`` for a reference given by name, object or mapping.

    ``reference`` may be a name known to :func:`metasome.reference.get`, a
    ``Composition`` (anything with ``.ppm()``), or a mapping/Series of element
    -> ppm (named ``"custom"``). ``getter(elements)`` returns an ndarray of
    ppm values (NaN where the reference lacks an element).
    """
    import pandas as pd

    if isinstance(reference, str):
        from metasome import reference as refroom

        try:
            comp = refroom.get(reference)  # raises MetasomeInputError for unknown names
        except (KeyError, FileNotFoundError) as exc:
            raise MetasomeInputError(f"unknown reference composition {reference!r}: {exc}") from exc
        reference = comp
    if hasattr(reference, "ppm"):
        comp = reference
        name = str(getattr(comp, "name", "unnamed"))
        citation = str(getattr(comp, "citation", ""))

        def getter(elements):
            s = comp.ppm(list(elements))
            return pd.to_numeric(pd.Series(s).reindex(list(elements)), errors="coerce").to_numpy(float)

        return name, citation, getter
    if isinstance(reference, (dict, pd.Series)):
        series = pd.to_numeric(pd.Series(dict(reference)), errors="coerce")

        def getter(elements):
            return series.reindex(list(elements)).to_numpy(float)

        return "custom", "user-supplied values (ppm)", getter
    raise MetasomeInputError(
        f"reference must be a name, a Composition or a mapping element -> ppm, not {type(reference).__name__}")


def _as_frame(values):
    import pandas as pd

    if isinstance(values, pd.Series):
        return values.to_frame().T
    if isinstance(values, pd.DataFrame):
        return values
    raise MetasomeInputError(f"values must be a pandas DataFrame or Series, not {type(values).__name__}")


def element_columns(values, elements: Iterable[str], *, from_oxides: bool = True):
    """Element concentrations (ppm) as an (n, k) float array, plus notes.

    Elements absent from ``values`` are NaN columns (never dropped); an
    absent element whose oxide (:data:`OXIDE_OF_ELEMENT`) is present is
    computed from the oxide when ``from_oxides`` is true. Non-numeric cells
    become NaN; negative concentrations are impossible and become NaN.

    Returns
    -------
    array : ndarray (n, k)
    notes : dict with ``converted_from_oxides`` (element -> oxide),
        ``missing_in_data`` (list) and ``negative_set_to_nan`` (element -> count).
    """

    df = _as_frame(values)
    elements = list(elements)
    n = len(df)
    # column-major: each element is one contiguous write, and pandas keeps such an array without a copy
    out = np.full((n, len(elements)), np.nan, order="F")
    converted, missing, negative = {}, [], {}
    for j, el in enumerate(elements):
        if el in df.columns:
            col = df[el]
            arr = float_values(col)
        elif from_oxides and el in OXIDE_OF_ELEMENT and OXIDE_OF_ELEMENT[el] in df.columns:
            ox = OXIDE_OF_ELEMENT[el]
            arr = column_values(df, ox) * oxide_to_element_factor(el, ox)
            converted[el] = ox
        else:
            missing.append(el)
            continue
        neg = arr < 0
        if neg.any():
            arr = np.where(neg, np.nan, arr)
            negative[el] = int(neg.sum())
        out[:, j] = arr
    return out, {"converted_from_oxides": converted, "missing_in_data": missing,
                 "negative_set_to_nan": negative}


def normalise(values, reference: Any = DEFAULT_REFERENCE, elements=None, *,
              from_oxides: bool = True):
    """Normalise element concentrations to a reference composition.

    ``X_N = X_sample (ppm) / X_reference (ppm)`` element by element.

    Parameters
    ----------
    values : pandas.DataFrame or pandas.Series
        Samples in rows, canonical element columns in ppm (a Series is one
        sample indexed by element). Censored cells must already be NaN.
    reference : str, Composition or mapping, default ``"PM_SunMcDonough1989"``
        Reference composition: a packaged name (``metasome.reference.get``),
        a ``Composition`` or a mapping element -> ppm.
    elements : None, str or sequence of str
        Columns of the result, in order. ``None``: the element columns of
        ``values`` in their order. A string names an order of
        :mod:`metasome.trace.orders` (``"spider"``, ``"ree"``, ``"chalcophile"``).
        Elements absent from the data or the reference are kept as NaN
        columns and listed in ``attrs`` (never dropped).
    from_oxides : bool, default True
        Compute K, P, Ti (... :data:`OXIDE_OF_ELEMENT`) from their oxide
        (wt%) when the element column is absent.

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``; ``attrs["normalised_to"]`` is the reference
        name, ``attrs["reference_citation"]`` its citation, and
        ``attrs["converted_from_oxides"]``, ``attrs["missing_in_data"]``,
        ``attrs["missing_in_reference"]`` record what was done. A reference
        value of zero or NaN gives NaN.

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    Palme, H. & O'Neill, H.St.C. (2014) Treatise on Geochemistry 2nd ed. 3, 1-39.
    """
    import pandas as pd

    from metasome.trace.orders import order

    df = _as_frame(values)
    if elements is None:
        elements = [c for c in df.columns if c in ELEMENTS]
        if from_oxides:
            elements += [el for el, ox in OXIDE_OF_ELEMENT.items()
                         if el not in elements and ox in df.columns and el in ("K", "P", "Ti")]
        if not elements:
            # an empty result would hide that headers such as 'LA(PPM)' were never mapped
            raise MetasomeInputError(
                "no element columns in values (canonical names such as 'La', 'Yb'); read the table with "
                "metasome.read_table to map headers such as 'LA(PPM)', or name the elements")
    elif isinstance(elements, str):
        elements = list(order(elements))
    else:
        elements = list(elements)
    unknown = [e for e in elements if e not in ELEMENTS]
    if unknown:
        raise MetasomeInputError(f"not element names: {unknown}")
    name, citation, getter = resolve_reference(reference)
    ref = getter(elements)
    ref = np.where(ref > 0, ref, np.nan)
    data, notes = element_columns(df, elements, from_oxides=from_oxides)
    # in place and without a copy into the frame: fresh (n, k) arrays cost page faults on big tables
    with np.errstate(invalid="ignore", divide="ignore"):
        data /= ref
    out = pd.DataFrame(data, index=df.index, columns=elements, copy=False)
    out.attrs.update({
        "normalised_to": name,
        "reference_citation": citation,
        "converted_from_oxides": notes["converted_from_oxides"],
        "missing_in_data": notes["missing_in_data"],
        "missing_in_reference": [e for e, r in zip(elements, ref) if not np.isfinite(r)],
        "negative_set_to_nan": notes["negative_set_to_nan"],
    })
    return out
