"""Header recognition: which quantity, unit, method and role each input column carries.

A header is read from the outside in:

1. descriptive roles (``Sample``, ``SAMPLE NAME``, ``sample_id``, ``field _no``,
   ``Location``, ``Rock Type``, ``rock_name``, ``Unit``, ``Domain``, ``Arc``,
   ``Tectonic Setting``, ``Material``, ``Latitude (Min)`` ...) -> text columns;
2. a trailing ``[...]`` is the analytical method (GEOROC 2.0 ``ITEM(UNIT)[METHOD]``),
   unless it is a unit (``La [ppm]``, as :meth:`CanonicalTable.to_frame` writes);
3. uncertainty columns: ``2SD``, ``2SE``, ``1SD``, ``1SE``, ``2σ``, ``±2s``,
   ``err``/``error``/``uncert``/``±`` after a quantity name or alone; alone, or
   after a name that is not a quantity (``206Pb_error``), they belong to the
   column immediately before them. An unstated level (``err``, ``±``) is taken
   as 2SE and a warning is recorded;
4. trailing parentheses and suffixes give the unit (``(WT%)``, ``(ppm)``,
   ``_ppm``, `` ppm``, ``(per mil LSVEC)``, ``_permil_LSVEC``, ``(a, Min)``),
   an initial-ratio marker (``(i)``, ``(_INI)``, ``initial``, ``(87Sr/86Sr)i``)
   or an age bound (``Min``/``Max``);
5. the remaining name: element symbols and oxides (case-insensitive, so
   ``LA``, ``la``, ``SIO2``, ``sio2``; ``FeO*``, ``FeOT``, ``Fe2O3(T)``...;
   du Bray's normalised suffix ``SiO2n``/``FeO*n``), isotope ratios in any of
   ``87Sr/86Sr``, ``Sr87/Sr86``, ``SR87_SR86``, ``87_86Sr``, ``87Sr86Sr``
   (and ``ISr``), deltas (``d7Li``, ``δ7Li``, ``delta7Li``, ``d138/134Ba``,
   ``d138Ba``; ``d137/134Ba`` and the obsolete ``d6Li`` are converted, see
   below), epsilon values (``eNd``, ``εNd``, ``EPSILON_ND``), ages;
6. failing that, a method suffix (``La_icpms``, ``Ni_xrf``) is split off and 5 retried.

Units (factor to the canonical unit of :mod:`metasome.names`)

=================================================  ==========  ==============================
header unit                                        mass frac.  oxide (wt%) / element (ppm)
=================================================  ==========  ==============================
``wt%``, ``wt.%``, ``%``                           1e-2        1 / 1e4
``ppm``, ``µg/g``, ``ug/g``, ``mg/kg``, ``g/t``     1e-6        1e-4 / 1
``ppb``, ``ng/g``, ``µg/kg``, ``mg/t``              1e-9        1e-7 / 1e-3
``ppt``, ``pg/g``, ``ng/kg`` (parts per trillion)   1e-12       1e-10 / 1e-6
=================================================  ==========  ==============================

Ages: ``a``/``yr``/``yrs`` x 1e-6, ``ka`` x 1e-3, ``Ma`` x 1, ``Ga`` x 1e3 -> Ma.
Deltas are per mil (a reference standard after the unit is kept in the note).
Without a unit, oxides are wt%, elements ppm, deltas per mil (the universal
conventions of geochemical tables) and ages Ma; ages and the elements of
:data:`PPB_ELEMENTS` (often given in ppb) without a unit are recorded as an
assumption (``source="default"``, an ``assumed_unit`` warning). A unit that is not in the table, or that does not fit
the quantity (``87Sr/86Sr (ppm)``), leaves the column unrecognised with a
recorded warning: a unit is never silently taken as factor 1.

Method preference (which column supplies a quantity given by several)
    Candidates are ordered by (converted from another quantity last, method
    rank, column position) with method ranks ICP-MS 0 < isotope dilution 1 <
    INAA 2 < XRF 3 < any other or none 4. For each row the first candidate whose
    cell is not missing (a value *or* a below-detection flag) supplies the
    value. The first candidate is marked ``used``; the others stay in the
    verbatim original and in :func:`metasome.io.read`'s frame, and the number
    of cells each fills in is recorded in its note and in
    ``provenance["sources"]``. Rationale: ICP-MS and isotope dilution have the
    lowest detection limits and best precision for trace elements; XRF is
    preferred only where nothing else was measured (Jenner, 2006; Potts, 1987).

Conversions
    * ``d137/134Ba`` -> ``d138/134Ba``: for mass-dependent fractionation the
      exponential law gives δ138/134 = β δ137/134 with
      β = ln(m138/m134) / ln(m137/m134) ≈ 1.328 (Young et al., 2002), isotope
      masses from :mod:`periodictable` (NIST atomic masses, Wang et al., 2017).
    * ``d6Li`` (old sign convention, 6Li/7Li) -> ``d7Li`` exactly:
      δ7Li = -δ6Li / (1 + δ6Li/1000) (≈ -δ6Li); IUPAC recommends δ7Li
      (Coplen et al., 2002). A warning is recorded.

References
----------
Coplen, T. B. et al. (2002). Isotope-abundance variations of selected elements.
Pure Appl. Chem. 74, 1987-2017.
Jenner, G. A. (1996). Trace element geochemistry of igneous rocks: geochemical
nomenclature and analytical geochemistry. GAC Short Course Notes 12, 51-77.
Potts, P. J. (1987). A Handbook of Silicate Rock Analysis. Blackie.
Wang, M. et al. (2017). The AME2016 atomic mass evaluation. Chin. Phys. C 41, 030003.
Young, E. D., Galy, A. & Nagahara, H. (2002). Kinetic and equilibrium
mass-dependent isotope fractionation laws in nature. Geochim. Cosmochim. Acta
66, 1095-1104.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace

from ..errors import MetasomeInputError
from ..names import (
    CANONICAL_UNITS, DELTAS, ELEMENTS, EPSILONS, INITIAL_SUFFIX, ISOTOPE_RATIOS, OXIDES, TEXT_ROLES,
    UNCERTAINTY_KINDS, kind_of,
)

NUMERIC_KINDS = ("oxide", "element", "ratio", "delta", "epsilon", "age", "uncertainty")

#: mass fraction (g/g) of one unit
MASS_UNITS: dict[str, float] = {
    "wt%": 1e-2, "wt.%": 1e-2, "wt %": 1e-2, "weight%": 1e-2, "%": 1e-2,
    "ppm": 1e-6, "µg/g": 1e-6, "μg/g": 1e-6, "ug/g": 1e-6, "mg/kg": 1e-6, "g/t": 1e-6,
    "ppb": 1e-9, "ng/g": 1e-9, "µg/kg": 1e-9, "μg/kg": 1e-9, "ug/kg": 1e-9, "mg/t": 1e-9,
    "ppt": 1e-12, "pg/g": 1e-12, "ng/kg": 1e-12,
}
_CANONICAL_MASS = {"oxide": 1e-2, "element": 1e-6}
#: ages, in Ma per unit
AGE_UNITS: dict[str, float] = {
    "a": 1e-6, "y": 1e-6, "yr": 1e-6, "yrs": 1e-6, "yrs.": 1e-6, "years": 1e-6,
    "ka": 1e-3, "kyr": 1e-3, "ma": 1.0, "myr": 1.0, "ga": 1e3, "gyr": 1e3,
}
_PERMIL = ("permil", "per mil", "per mille", "permille", "‰", "o/oo")
_METHODS = (
    "la-icp-ms", "la-icpms", "laicpms", "mc-icp-ms", "mc-icpms", "icp-ms", "icpms", "icp-aes", "icpaes",
    "icp-oes", "icpoes", "icp", "xrf", "inaa", "naa", "id-tims", "idtims", "id-ms", "idms", "id", "tims",
    "aas", "sims", "emp", "epma", "ssms",
)

_TEXT_ALIASES: dict[str, tuple[str, ...]] = {
    "sample": ("sample", "samples", "sample name", "sample id", "sampleid", "sample no", "sample no.",
               "sample number", "field no", "specimen", "sample code"),
    "location": ("location", "locality", "site", "location name"),
    "rock_type": ("rock type", "rocktype", "type", "rock class"),
    "rock_name": ("rock name", "rockname", "lithology"),
    "unit": ("unit", "formation", "stratigraphic unit", "strat name"),
    "group": ("group", "domain", "arc", "tectonic setting", "setting", "volcano", "suite", "province"),
    "material": ("material", "type of material", "sample type"),
    "reference": ("reference", "references", "citation", "citations", "geochemistry reference", "source"),
    "method": ("method", "methods", "analytical method", "technique"),
    "latitude": ("latitude", "lat", "lat."),
    "longitude": ("longitude", "long", "long.", "lon", "lng"),
}
_TEXT_LOOKUP = {alias: role for role, aliases in _TEXT_ALIASES.items() for alias in aliases}
assert set(_TEXT_ALIASES) <= set(TEXT_ROLES)

_ELEMENT_LOOKUP = {e.lower(): e for e in ELEMENTS}
_OXIDE_LOOKUP = {o.lower(): o for o in OXIDES}
_OXIDE_LOOKUP.update({
    "feo*": "FeOt", "feo(t)": "FeOt", "feo_t": "FeOt", "feotot": "FeOt", "feo total": "FeOt",
    "fe2o3*": "Fe2O3t", "fe2o3(t)": "Fe2O3t", "fe2o3_t": "Fe2O3t", "fe2o3tot": "Fe2O3t",
    "fe2o3 total": "Fe2O3t", "h2o_p": "H2O+", "h2op": "H2O+", "h2o_m": "H2O-", "h2om": "H2O-",
    "l.o.i.": "LOI", "l.o.i": "LOI",
})
_RATIO_MASS_FIRST = re.compile(r"^(\d+)([a-z]{1,2})\s*[/_]?\s*(\d+)([a-z]{1,2})$", re.I)
_RATIO_ELEMENT_FIRST = re.compile(r"^([a-z]{1,2})(\d+)\s*[/_]?\s*([a-z]{1,2})(\d+)$", re.I)
_RATIO_MASSES = re.compile(r"^(\d+)\s*[/_]\s*(\d+)\s*([a-z]{1,2})$", re.I)
_DELTA = re.compile(r"^(?:d|δ|delta)[\s_]?(\d+)(?:/(\d+))?([a-z]{1,2})$", re.I)
_EPSILON = re.compile(r"^(?:e|ε|epsilon)[\s_]?(nd|hf|sr)$", re.I)
_AGE = re.compile(r"^(?:(?P<pre>min|max)\.?\s+)?(?:rad(?:iometric)?[\s_]?)?age(?:[\s_]+(?P<post>min|max)\.?)?$", re.I)
_TRAILING_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
_LEADING_PAREN_INITIAL = re.compile(r"^\((.*)\)\s*(?:i|t|0|init|initial)$", re.I)
_SUFFIX_INITIAL = re.compile(r"^(.*?)[\s_]+(?:i|ini|init|initial)$", re.I)
_BRACKET = re.compile(r"^(.*?)\s*\[([^\[\]]*)\]$")
_NOTE_SUFFIX = re.compile(r"^(.*?)_(reconstructed|recalculated|calculated|calc)$", re.I)
_UNCERTAINTY = re.compile(
    r"^(?P<q>.*?)(?:^|[\s_(]+)(?:±|\+/-)?\s*(?P<tok>(?P<digit>[12])\s*(?P<what>sigma|sem|sd|se|std|σ|s)"
    r"|err|error|uncert|uncertainty|unc|±|\+/-)\)?(?:\s*\((?P<unit>[^()]*)\))?$", re.I)


@dataclass(frozen=True)
class Recognition:
    """How a header was understood (the reader turns it into a :class:`ColumnInfo`)."""

    quantity: str | None
    kind: str
    unit: str | None = None
    factor: float = 1.0
    method: str | None = None
    note: str = ""
    source: str = "header"
    transform: str | None = None     # "d6Li": exact conversion to d7Li
    bound: str | None = None         # "min" / "max" for age ranges
    level_stated: bool = True        # False for err / ± columns (2SE assumed)
    attach: bool = False             # uncertainty belonging to the preceding column
    problem: str | None = None       # why a quantity-like header stayed unrecognised


UNRECOGNISED = Recognition(None, "unrecognised")

#: Elements whole-rock tables mostly give in ppb (platinum-group elements, Au, Re, Te): without a unit
#: in the header they are still read as ppm, the rule for elements, but with an ``assumed_unit`` warning.
PPB_ELEMENTS = frozenset({"Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Re", "Te"})


@functools.cache
def ba137_to_ba138_factor() -> float:
    """β = ln(m138/m134)/ln(m137/m134): δ138/134Ba = β δ137/134Ba under the exponential law.

    References
    ----------
    Young, E. D., Galy, A. & Nagahara, H. (2002). Geochim. Cosmochim. Acta 66, 1095-1104.
    """
    import periodictable

    m134, m137, m138 = (periodictable.Ba[m].mass for m in (134, 137, 138))
    return math.log(m138 / m134) / math.log(m137 / m134)


def method_rank(method: str | None) -> int:
    """Preference rank of an analytical method (lower is preferred); see the module docstring."""
    if not method:
        return 4
    m = re.sub(r"[^a-z]", "", method.lower())
    if "icpms" in m:
        return 0
    if m.startswith("id") or "isotopedilution" in m:
        return 1
    if "naa" in m:
        return 2
    if "xrf" in m:
        return 3
    return 4


def unit_factor(kind: str, unit: str | None) -> tuple[str | None, float] | None:
    """(unit as understood, factor to canonical) for a quantity ``kind``; None when the unit does not fit."""
    u = None if unit is None else " ".join(unit.replace("_", " ").split()).lower()
    if kind in _CANONICAL_MASS:
        if u is None:
            return CANONICAL_UNITS[kind], 1.0
        if u in MASS_UNITS:
            return unit, MASS_UNITS[u] / _CANONICAL_MASS[kind]
        return None
    if kind == "age":
        if u is None:
            return "Ma", 1.0
        return (unit, AGE_UNITS[u]) if u in AGE_UNITS else None
    if kind == "delta":
        if u is None or u.startswith(_PERMIL) or u.startswith("vs ") or u in ("lsvec", "l-svec"):
            return "permil", 1.0
        return None
    if kind == "ratio":
        return ("ratio", 1.0) if u in (None, "ratio", "atom ratio") else None
    if kind == "epsilon":
        return ("epsilon", 1.0) if u in (None, "epsilon", "eps") else None
    return None


def _is_unit(text: str, in_parens: bool = True) -> bool:
    """Whether ``text`` names a unit; one-letter age units (``a``, ``y``) only inside brackets."""
    u = " ".join(text.replace("_", " ").split()).lower()
    if u in MASS_UNITS or u.startswith(_PERMIL):
        return True
    return u in AGE_UNITS and (in_parens or len(u) > 1)


def text_role(header: str) -> str | None:
    """Descriptive role of a header (``"sample"``, ``"location"`` ...) or None."""
    h = " ".join(header.replace("_", " ").lower().split())
    if h in _TEXT_LOOKUP:
        return _TEXT_LOOKUP[h]
    m = _TRAILING_PAREN.match(h)
    if m and m.group(2).strip(". ") in ("min", "max", "x", "y", "dd", "deg", "decimal degrees"):
        base = m.group(1).strip()
        if _TEXT_LOOKUP.get(base) in ("latitude", "longitude"):
            return _TEXT_LOOKUP[base]
    return None


def recognise(header: str) -> Recognition:
    """Understand one header (see the module docstring for the rules)."""
    h = " ".join(str(header).split())
    if not h:
        return UNRECOGNISED
    role = text_role(h)
    if role:
        return Recognition(role, "text")
    method = None
    m = _BRACKET.match(h)
    if m and m.group(1):
        if _is_unit(m.group(2)):
            h = f"{m.group(1)} ({m.group(2)})"
        else:
            h, method = m.group(1), m.group(2).strip()
    note = ""
    m = _NOTE_SUFFIX.match(h)
    if m:
        h, note = m.group(1), f"suffix '_{m.group(2)}' in the header"
    rec = _uncertainty(h) or _quantity(h)
    if rec.quantity is None and not rec.attach:
        return rec
    if method:
        rec = replace(rec, method=method)
    if note:
        rec = replace(rec, note="; ".join(filter(None, [rec.note, note])))
    return rec


def _uncertainty(h: str) -> Recognition | None:
    m = _UNCERTAINTY.match(h)
    if not m:
        return None
    if m.group("digit"):
        level = m.group("digit") + ("SE" if m.group("what").lower() in ("se", "sem") else "SD")
    else:
        level = None
    q = m.group("q").strip(" _(")
    unit = m.group("unit")
    base = _quantity(q) if q else UNRECOGNISED
    if base.quantity is None or base.kind not in NUMERIC_KINDS:
        return Recognition(None, "uncertainty", unit=unit, attach=True, level_stated=level is not None,
                           note=level or "")
    if unit is not None:
        fitted = unit_factor(base.kind, unit)
        if fitted is None:
            return replace(UNRECOGNISED, problem=f"unit {unit!r} does not fit {base.quantity}")
        base = replace(base, unit=fitted[0], factor=fitted[1])
    return _as_uncertainty(base, level)


def _as_uncertainty(base: Recognition, level: str | None) -> Recognition:
    stated = level is not None
    level = level if level in UNCERTAINTY_KINDS else "2SE"
    factor = abs(base.factor) if base.transform else base.factor
    return Recognition(f"{base.quantity} {level}", "uncertainty", unit=base.unit, factor=factor,
                       method=base.method, note=base.note, source=base.source, level_stated=stated)


def attach_uncertainty(unc: Recognition, previous: Recognition) -> Recognition:
    """Give a bare uncertainty column (``2SE``, ``error (Ma)``) the quantity of the column before it."""
    if previous.quantity is None or previous.kind not in NUMERIC_KINDS or previous.kind == "uncertainty":
        return replace(UNRECOGNISED, problem="uncertainty column with no quantity before it")
    base = previous
    if unc.unit is not None:
        fitted = unit_factor(previous.kind, unc.unit)
        if fitted is None:
            return replace(UNRECOGNISED, problem=f"unit {unc.unit!r} does not fit {previous.quantity}")
        base = replace(previous, unit=fitted[0], factor=fitted[1])
    level = unc.note or None
    rec = _as_uncertainty(replace(base, method=unc.method or previous.method, bound=None), level)
    return replace(rec, note="; ".join(filter(None, [rec.note, "belongs to the preceding column"])))


def _quantity(h: str) -> Recognition:
    core, unit, initial, bound = _split_unit(h)
    rec = _name(core, initial, bound)
    if rec is None:
        m = re.match(rf"^(.*?)[\s_]+({'|'.join(map(re.escape, _METHODS))})$", core, re.I)
        if m and m.group(1):
            inner = _quantity(m.group(1) + (f" ({unit})" if unit else ""))
            if inner.quantity is not None:
                return replace(inner, method=m.group(2))
        return UNRECOGNISED
    fitted = unit_factor(rec.kind, unit)
    if fitted is None:
        return replace(UNRECOGNISED, problem=f"unknown unit {unit!r} for {rec.quantity}")
    unit_name, factor = fitted
    source = "default" if unit is None and (rec.kind == "age" or rec.quantity in PPB_ELEMENTS) else "header"
    note = rec.note
    if rec.kind == "delta" and unit and unit.lower() not in _PERMIL:
        note = "; ".join(filter(None, [note, f"unit {unit!r}"]))
    return replace(rec, unit=unit_name, factor=factor * rec.factor, source=source, note=note)


def _split_unit(h: str) -> tuple[str, str | None, bool, str | None]:
    """Split trailing unit / initial marker / age bound off a header."""
    core, unit, initial, bound = h.strip(), None, False, None
    while True:
        m = _TRAILING_PAREN.match(core)
        if not m or not m.group(1):
            break
        rest = m.group(1)
        recognised = True
        for part in (p.strip() for p in m.group(2).split(",")):
            low = part.lower().strip(". ")
            if low == "t" and (rest + "t").lower() in _OXIDE_LOOKUP:
                rest += "T"  # Fe2O3(T): total iron, not an initial value
            elif low in ("i", "t", "0", "_ini", "ini", "initial", "init"):
                initial = True
            elif low in ("min", "max"):
                bound = low
            elif unit is None and part:
                unit = part
            else:
                recognised = False
        if not recognised:
            break
        core = rest.strip()
    m = _LEADING_PAREN_INITIAL.match(core)
    if m:
        core, initial = m.group(1).strip(), True
    if unit is None:
        core, unit = _split_unit_suffix(core)
    m = _SUFFIX_INITIAL.match(core)
    if m and _name(m.group(1), False, None) is not None:
        core, initial = m.group(1), True
    return core, unit, initial, bound


def _split_unit_suffix(core: str) -> tuple[str, str | None]:
    """``La_ppm`` / ``La ppm`` / ``d7Li_permil_LSVEC`` / ``SiO2%`` -> (name, unit)."""
    tokens = re.split(r"([\s_]+)", core)
    for i in range(2, len(tokens), 2):
        candidate = "".join(tokens[i:]).replace("_", " ")
        if _is_unit(candidate, in_parens=False):
            return "".join(tokens[: i - 1]), candidate
    if core.endswith("%") and len(core) > 1:
        suffix = "wt%" if core.lower().endswith("wt%") else "%"
        name = core[: -len(suffix)].rstrip(" _.")
        if name:
            return name, suffix
    return core, None


def _name(core: str, initial: bool, bound: str | None) -> Recognition | None:
    low = core.lower()
    if not initial and bound is None:
        if low in _ELEMENT_LOOKUP:
            return Recognition(_ELEMENT_LOOKUP[low], "element")
        oxide = _oxide(core)
        if oxide is not None:
            return oxide
    if low in ("isr", "sri", "sr i", "sr_i"):
        return Recognition("87Sr/86Sr" + INITIAL_SUFFIX, "ratio")
    ratio = _ratio(core)
    if ratio is not None:
        quantity = ratio + (INITIAL_SUFFIX if initial else "")
        return Recognition(quantity, "ratio")
    m = _EPSILON.match(core)
    if m:
        q = "e" + m.group(1).capitalize() + (INITIAL_SUFFIX if initial else "")
        return Recognition(q, "epsilon") if q in EPSILONS else None
    m = _DELTA.match(core)
    if m and not initial:
        return _delta(int(m.group(1)), m.group(2), m.group(3).capitalize())
    m = _AGE.match(core)
    if m and not initial:
        bound = bound or (m.group("pre") or m.group("post") or "").lower() or None
        return Recognition("age", "age", bound=bound)
    return None


def _oxide(core: str) -> Recognition | None:
    low = core.lower()
    if low in _OXIDE_LOOKUP:
        return Recognition(_OXIDE_LOOKUP[low], "oxide")
    # du Bray et al. (2006): suffix 'n' = normalised volatile-free (SiO2n, FeO*n)
    if core.endswith("n") and low[:-1] in _OXIDE_LOOKUP:
        return Recognition(_OXIDE_LOOKUP[low[:-1]], "oxide",
                           note="suffix 'n': normalised to 100 % volatile-free by the source")
    return None


def _ratio(core: str) -> str | None:
    m = _RATIO_MASS_FIRST.match(core)
    if m:
        parts = (m.group(1), m.group(2), m.group(3), m.group(4))
    else:
        m = _RATIO_ELEMENT_FIRST.match(core)
        if m:
            parts = (m.group(2), m.group(1), m.group(4), m.group(3))
        else:
            m = _RATIO_MASSES.match(core)
            if not m:
                return None
            parts = (m.group(1), m.group(3), m.group(2), m.group(3))
    name = f"{parts[0]}{parts[1].capitalize()}/{parts[2]}{parts[3].capitalize()}"
    return name if name in ISOTOPE_RATIOS else None


def _delta(mass: int, denominator: str | None, element: str) -> Recognition | None:
    if element == "Li" and mass == 6 and denominator is None:
        return Recognition("d7Li", "delta", factor=-1.0, transform="d6Li",
                           note="converted from d6Li (old convention): d7Li = -d6Li/(1 + d6Li/1000)")
    if element == "Ba":
        pair = (mass, int(denominator) if denominator else 134)
        if pair == (138, 134):
            return Recognition("d138/134Ba", "delta")
        if pair == (137, 134):
            beta = ba137_to_ba138_factor()
            return Recognition("d138/134Ba", "delta", factor=beta, transform="converted",
                               note=f"converted from d137/134Ba x {beta:.4f} (exponential mass law)")
        return None
    name = f"d{mass}{element}" if denominator is None else f"d{mass}/{denominator}{element}"
    return Recognition(name, "delta") if name in DELTAS else None


def recognise_all(headers: list[str]) -> list[Recognition]:
    """Recognise every header, giving bare uncertainty columns the quantity before them."""
    out: list[Recognition] = []
    for header in headers:
        rec = recognise(header)
        if rec.attach:
            rec = attach_uncertainty(rec, out[-1] if out else UNRECOGNISED)
        out.append(rec)
    return out


def detect_format(headers: list[str]) -> str:
    """``georoc-api``, ``georoc-precompiled``, ``earthchem`` or ``table`` from the header style."""
    if any(re.match(r"^[A-Z0-9_]+\((WT%|PPM|PPB|PPT)\)\[.+\]$", h) for h in headers):
        return "georoc-api"
    if any(re.match(r"^[A-Z0-9_]+\((WT%|PPM|PPB|PPT)\)", h) for h in headers):
        return "georoc-precompiled"
    lowered = set(headers)
    if "sample_id" in lowered and lowered & {"sio2", "la", "sr87_sr86", "nd143_nd144"}:
        return "earthchem"
    return "table"


# ----------------------------------------------------------------------------- user overrides

_OVERRIDE_KEYS = {"quantity", "unit", "method"}


def apply_overrides(headers: list[str], recs: list[Recognition], overrides: dict | None,
                    file: str) -> list[Recognition]:
    """Apply ``columns=`` overrides ({header: {"quantity":..., "unit":..., "method":...}})."""
    if not overrides:
        return recs
    if not isinstance(overrides, dict):
        raise MetasomeInputError("columns= must map headers to settings", file=file)
    out = list(recs)
    for header, spec in overrides.items():
        if header not in headers:
            raise MetasomeInputError(f"column override names {header!r}, which is not a header of the file",
                                     file=file, column=str(header))
        if not isinstance(spec, dict) or not set(spec) <= _OVERRIDE_KEYS or not spec:
            raise MetasomeInputError(f"column override must be a table with keys among "
                                     f"{sorted(_OVERRIDE_KEYS)}, not {spec!r}", file=file, column=header)
        for i, h in enumerate(headers):
            if h == header:
                out[i] = _override(recs[i], spec, file, header)
    return out


def _override(rec: Recognition, spec: dict, file: str, header: str) -> Recognition:
    if "quantity" in spec and spec["quantity"] is None:
        return Recognition(None, "unrecognised", source="user", note="left unrecognised by the user")
    quantity = spec.get("quantity", rec.quantity)
    method = spec.get("method", rec.method)
    unit = spec.get("unit", rec.unit if quantity == rec.quantity else None)
    for key, value in (("quantity", quantity), ("method", method), ("unit", unit)):
        if value is not None and not isinstance(value, str):
            raise MetasomeInputError(f"{key} must be text, not {value!r}", file=file, column=header)
    if quantity is None:
        raise MetasomeInputError("the column is not recognised; give its quantity in the override",
                                 file=file, column=header)
    if quantity in TEXT_ROLES:
        return Recognition(quantity, "text", method=method, source="user")
    kind = kind_of(quantity)
    if kind is None:
        raise MetasomeInputError(f"unknown quantity {quantity!r} (see metasome.names)", file=file, column=header)
    fitted = unit_factor(kind, unit)
    if fitted is None:
        raise MetasomeInputError(f"unknown unit {unit!r} for {quantity}", file=file, column=header)
    is_uncertainty = quantity.rsplit(" ", 1)[-1] in UNCERTAINTY_KINDS
    # a conversion found in the header (d137/134Ba -> d138/134Ba) survives a unit override
    conversion = rec.factor / _unit_only(rec) if quantity == rec.quantity and rec.transform else 1.0
    same = quantity == rec.quantity
    return Recognition(quantity, "uncertainty" if is_uncertainty else kind, unit=fitted[0],
                       factor=fitted[1] * conversion, method=method, source="user",
                       note=rec.note if same else "", transform=rec.transform if same else None,
                       bound=rec.bound if same else None)


def _unit_only(rec: Recognition) -> float:
    """The part of ``rec.factor`` due to its unit (the rest is a quantity conversion)."""
    fitted = unit_factor(kind_of(rec.quantity) or rec.kind, rec.unit) if rec.quantity else None
    return fitted[1] if fitted and fitted[1] else 1.0


def load_column_overrides(path) -> dict:
    """Read column overrides from a TOML file: ``[columns."Ni"] unit = "wt%"``.

    ``quantity = false`` (TOML has no null) leaves a column unrecognised.
    """
    import tomllib
    from pathlib import Path

    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MetasomeInputError("column override file not found", file=str(p)) from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MetasomeInputError(f"cannot read column overrides: {exc}", file=str(p)) from exc
    columns = data.get("columns")
    if not isinstance(columns, dict):
        raise MetasomeInputError("expected a [columns.\"HEADER\"] table", file=str(p))
    out = {}
    for header, spec in columns.items():
        if not isinstance(spec, dict):
            raise MetasomeInputError(f"[columns.{header!r}] must be a table", file=str(p), column=header)
        out[header] = {k: (None if k == "quantity" and v is False else v) for k, v in spec.items()}
    return out
