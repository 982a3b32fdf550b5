"""n-component mixing for any number of elements and isotope systems; curves and ternary grids.

For mass fractions ``f_i`` (Σ f_i = 1) of end-members i with concentrations
``C_i^E`` and isotope compositions ``δ_i^j`` of system j on element E_j:

    C_M^E = Σ_i f_i C_i^E
    δ_M^j = Σ_i f_i C_i^{E_j} δ_i^j / Σ_i f_i C_i^{E_j}

(element-concentration weighting; δ may be a ratio, delta or epsilon value).

References
----------
Faure, G. & Mensing, T. M. (2005) Isotopes: Principles and Applications, 3rd ed.,
Wiley, ch. 19 (mixing of two and three components).
Langmuir, C. H., Vocke, R. D., Hanson, G. N. & Hart, S. R. (1978) A general mixing
equation with applications to Icelandic basalts. Earth Planet. Sci. Lett. 37, 380-392.
Phillips, D. L. & Gregg, J. W. (2003) Source partitioning using stable isotopes:
coping with too many sources. Oecologia 136, 261-269 (n-source mass balance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.names import ELEMENTS

#: Element carrying each isotope system (the weights of concentration-weighted mixing).
ISOTOPE_ELEMENT: dict[str, str] = {
    "d7Li": "Li", "7Li/6Li": "Li",
    "d138/134Ba": "Ba", "d137/134Ba": "Ba", "138Ba/134Ba": "Ba", "137Ba/134Ba": "Ba",
    "87Sr/86Sr": "Sr", "eSr(i)": "Sr",
    "143Nd/144Nd": "Nd", "eNd": "Nd",
    "176Hf/177Hf": "Hf", "eHf": "Hf",
    "206Pb/204Pb": "Pb", "207Pb/204Pb": "Pb", "208Pb/204Pb": "Pb",
    "187Os/188Os": "Os", "3He/4He": "He",
    "d18O": "O", "d34S": "S", "d26Mg": "Mg", "d56Fe": "Fe",
}

#: Default proportion ticks (fractions of end-member B added to A), as in Qiu et al. 2025 Fig. 4.
DEFAULT_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


def element_of(quantity: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """Element whose concentration weights ``quantity`` (None for an element itself).

    Suffixes ``(i)``, ``(t)`` and ``(<age>)`` are ignored: ``eNd(t)`` -> ``Nd``.
    """
    mapping = {**ISOTOPE_ELEMENT, **(mapping or {})}
    base = quantity.split("(")[0] if "(" in quantity else quantity
    if base in ELEMENTS:
        return None
    if base in mapping:
        return mapping[base]
    raise MetasomeInputError(f"no element known for isotope system {quantity!r}; pass element_of={{...}}")


def _table(endmembers, quantities):
    """(names, {quantity: array over end-members}) from end-member objects or dicts."""
    if hasattr(endmembers, "index") and hasattr(endmembers, "columns"):  # DataFrame
        names = list(endmembers.index)
        return names, {q: endmembers[q].to_numpy(float) for q in quantities}
    if isinstance(endmembers, Mapping):
        names = list(endmembers)
        items = [endmembers[n] for n in names]
    else:
        items = list(endmembers)
        names = [getattr(e, "name", str(i)) for i, e in enumerate(items)]
    out = {}
    for q in quantities:
        vals = []
        for n, e in zip(names, items):
            if q not in e:
                raise MetasomeInputError(f"end-member {n!r} has no value for {q!r}")
            vals.append(float(e[q]))
        out[q] = np.array(vals)
    return names, out


def mix_arrays(fractions, conc, comp):
    """Core of :func:`mix` on arrays.

    Parameters
    ----------
    fractions : array (..., k)
        Mass fractions of k end-members (rows sum to 1).
    conc : array (..., k) or (..., k, m)
        Weighting-element concentrations of each end-member (per system).
    comp : array (..., k) or (..., k, m)
        Isotope compositions.

    Returns
    -------
    array (...,) or (..., m)
        Concentration-weighted compositions.
    """
    f = np.asarray(fractions, float)
    c = np.asarray(conc, float)
    r = np.asarray(comp, float)
    if c.ndim == f.ndim + 1 or r.ndim == f.ndim + 1:
        f = f[..., None]
        w = f * c
        return np.sum(w * r, axis=-2) / np.sum(w, axis=-2)
    w = f * c
    return np.sum(w * r, axis=-1) / np.sum(w, axis=-1)


def mix(fractions, endmembers, quantities: Sequence[str] | None = None, *,
        element_map: Mapping[str, str] | None = None):
    """Composition of mixtures of any number of end-members.

    Parameters
    ----------
    fractions : array (n, k) or (k,), or mapping name -> array
        Mass fractions of the k end-members (order of ``endmembers``); rows must
        sum to 1 (checked to 1e-9).
    endmembers : sequence of Endmember/dict, mapping name -> Endmember/dict, or DataFrame
        Each gives concentrations (ppm) and isotope compositions by canonical name.
    quantities : sequence of str, optional
        Elements and isotope systems to compute; default: every quantity present
        in all end-members. An isotope system needs its element (``d7Li`` -> ``Li``).
    element_map : mapping, optional
        Extra isotope-system -> element entries (see :data:`ISOTOPE_ELEMENT`).

    Returns
    -------
    pandas.DataFrame
        One column per quantity, one row per fraction row; ``attrs["conventions"]``
        records the weighting.

    References
    ----------
    Faure & Mensing (2005) ch. 19; Langmuir et al. (1978) EPSL 37, 380-392.
    """
    import pandas as pd

    if isinstance(fractions, Mapping):
        names_f = list(fractions)
        fractions = np.column_stack([np.atleast_1d(np.asarray(fractions[n], float)) for n in names_f])
        if isinstance(endmembers, Mapping):
            endmembers = {n: endmembers[n] for n in names_f}
    f = np.atleast_2d(np.asarray(fractions, float))
    if quantities is None:
        items = list(endmembers.values()) if isinstance(endmembers, Mapping) else list(endmembers)
        if hasattr(endmembers, "columns"):
            quantities = list(endmembers.columns)
        else:
            sets = [set(e.central() if hasattr(e, "central") else e) for e in items]
            quantities = sorted(set.intersection(*sets))
    quantities = list(quantities)
    systems = {q: element_of(q, element_map) for q in quantities}
    needed = list(dict.fromkeys(quantities + [e for e in systems.values() if e]))
    names, tab = _table(endmembers, needed)
    if f.shape[-1] != len(names):
        raise MetasomeInputError(f"fractions have {f.shape[-1]} columns for {len(names)} end-members")
    if np.any(np.abs(f.sum(axis=-1) - 1) > 1e-9):
        raise MetasomeInputError("mixing fractions must sum to 1 in every row")
    out = {}
    for q in quantities:
        el = systems[q]
        if el is None:
            out[q] = f @ tab[q]
        else:
            out[q] = mix_arrays(f, tab[el], tab[q])
    df = pd.DataFrame(out)
    df.attrs["conventions"] = {
        "mixing": "mass fractions of end-members " + ", ".join(map(str, names)),
        "isotope weighting": "element concentration (Faure & Mensing 2005; Langmuir et al. 1978)",
        "isotope systems": {q: e for q, e in systems.items() if e},
    }
    return df


def _axis_value(spec: str, conc_mix: dict, comp_mix: dict):
    if spec.startswith("1/"):
        return 1.0 / conc_mix[spec[2:]]
    if spec in conc_mix:
        return conc_mix[spec]
    return comp_mix[spec]


@dataclass(frozen=True)
class Curve:
    """A binary mixing curve in a two-axis space with proportion ticks.

    ``f`` is the mass fraction of end-member **b** (the added component), so
    ``f = 0`` is end-member a. ``tick_labels`` are percentages of b.
    """

    a: str
    b: str
    x_name: str
    y_name: str
    f: np.ndarray
    x: np.ndarray
    y: np.ndarray
    tick_f: np.ndarray
    tick_x: np.ndarray
    tick_y: np.ndarray
    tick_labels: tuple
    conventions: dict = field(default_factory=dict)


def _binary_axes(fb, a, b, specs, element_map):
    """Mixture values of each axis spec for mass fraction fb of b (a + b)."""
    fb = np.asarray(fb, float)
    conc, comp = {}, {}
    for s in specs:
        q = s[2:] if s.startswith("1/") else s
        el = element_of(q, element_map)
        if el is None:
            conc[q] = (1 - fb) * float(a[q]) + fb * float(b[q])
        else:
            ca, cb = float(a[el]), float(b[el])
            w_a, w_b = (1 - fb) * ca, fb * cb
            comp[q] = (w_a * float(a[q]) + w_b * float(b[q])) / (w_a + w_b)
    return [_axis_value(s, conc, comp) for s in specs]


def _label(p):
    pct = 100 * p
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 1e-9 else f"{pct:g}%"


def curve(a, b, *, x: str, y: str, ticks: Sequence[float] = DEFAULT_TICKS, n: int = 501,
          element_map: Mapping[str, str] | None = None) -> Curve:
    """Binary mixing curve from a to b in any two-axis space, with proportion ticks.

    Parameters
    ----------
    a, b : Endmember or mapping quantity -> value
        End-members; ``f`` is the mass fraction of ``b``.
    x, y : str
        Axis specifications: an isotope system (``"d7Li"``, ``"eNd"``, ``"87Sr/86Sr"``),
        an element concentration (``"Li"``) or an inverse concentration (``"1/Sr"``).
    ticks : sequence of float
        Mass fractions of ``b`` at which to place ticks (default 1..50 %).
    n : int
        Number of curve points; points are spaced uniformly in log(f) near 0 and
        linearly elsewhere so the strongly bent part near the mantle is resolved.

    References
    ----------
    Langmuir et al. (1978) EPSL 37, 380-392 (hyperbolae; straight line vs 1/C);
    Faure & Mensing (2005) ch. 19.
    """
    f = np.unique(np.concatenate([[0.0], np.geomspace(1e-5, 1.0, n // 2), np.linspace(0, 1, n - n // 2)]))
    xs, ys = _binary_axes(f, a, b, (x, y), element_map)
    tf = np.asarray(ticks, float)
    tx, ty = _binary_axes(tf, a, b, (x, y), element_map)
    name = lambda e, d: getattr(e, "name", d)  # noqa: E731
    return Curve(name(a, "A"), name(b, "B"), x, y, f, np.asarray(xs), np.asarray(ys), tf,
                 np.asarray(tx), np.asarray(ty), tuple(_label(p) for p in tf),
                 {"f": "mass fraction of end-member b", "weighting": "element concentration"})


@dataclass(frozen=True)
class TernaryGrid:
    """Iso-proportion lines of a three-end-member mixing surface in a two-axis space.

    ``lines`` is a list of (label, x array, y array): for each level p, the line
    where the fraction of b is p and the line where the fraction of c is p.
    """

    names: tuple
    x_name: str
    y_name: str
    levels: np.ndarray
    lines: list


def ternary_grid(a, b, c, *, x: str, y: str, levels: Sequence[float] = (0.1, 0.2, 0.3, 0.5),
                 n: int = 201, element_map: Mapping[str, str] | None = None) -> TernaryGrid:
    """Iso-fraction lines of b and of c in a three-component mixing surface.

    References
    ----------
    Langmuir et al. (1978) EPSL 37, 380-392; Faure & Mensing (2005) ch. 19.
    """
    ems = (a, b, c)
    lines = []

    def values(F):
        out = []
        for s in (x, y):
            q = s[2:] if s.startswith("1/") else s
            el = element_of(q, element_map)
            if el is None:
                v = F @ np.array([float(e[q]) for e in ems])
                out.append(1 / v if s.startswith("1/") else v)
            else:
                out.append(mix_arrays(F, np.array([float(e[el]) for e in ems]),
                                      np.array([float(e[q]) for e in ems])))
        return out

    t = np.linspace(0, 1, n)
    for p in levels:
        rest = 1 - p
        Fb = np.column_stack([rest * (1 - t), np.full(n, p), rest * t])   # fraction of b fixed
        Fc = np.column_stack([rest * (1 - t), rest * t, np.full(n, p)])   # fraction of c fixed
        xb, yb = values(Fb)
        xc, yc = values(Fc)
        lines.append((f"{getattr(b, 'name', 'B')} {_label(p)}", xb, yb))
        lines.append((f"{getattr(c, 'name', 'C')} {_label(p)}", xc, yc))
    names = tuple(getattr(e, "name", d) for e, d in zip(ems, "ABC"))
    return TernaryGrid(names, x, y, np.asarray(levels, float), lines)
