"""Server-side validation of the model forms (Holwell chalcophile continuum, binary mixing).

Every value arrives as text; each is parsed and checked against its allowed
range here, and every problem becomes one readable sentence (shown escaped on
the page), never an exception reaching the user.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

#: Presets of D(sulfide liquid/silicate melt) offered (:func:`metasome.sulfide.sulfide_d`).
D_SL_PRESETS = ("Holwell2019", "KiseevaWood2015", "Lee2012")
#: Elements the Holwell model can carry (``seed_holwell2019.ELEMENTS``).
HOLWELL_ELEMENTS = ("Ni", "Co", "Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Cu", "Te", "Se")
MELTING_MODES = ("fractional", "batch")


@dataclass(frozen=True)
class Param:
    """One numeric model parameter: keyword name, label, published default and allowed range."""

    name: str
    label: str
    default: float
    low: float
    high: float
    group: str
    unit: str = ""

    @property
    def range_text(self) -> str:
        return f"{self.low:g} to {self.high:g}{(' ' + self.unit) if self.unit else ''}"


#: The numeric keywords of :func:`metasome.sulfide.reproduce_holwell` exposed by the form
#: (defaults are the function's own; ranges keep each step physically meaningful).
HOLWELL_PARAMS: tuple[Param, ...] = (
    Param("F_model", "Melt fraction carried into the crust", 0.05, 0.005, 0.25, "mantle melting"),
    Param("s0", "Source S", 200.0, 10.0, 2000.0, "mantle melting", "ppm"),
    Param("scss_mantle", "SCSS (S2-) of the mantle melt", 1000.0, 100.0, 5000.0, "mantle melting", "ppm"),
    Param("delta_fmq", "Oxygen fugacity relative to FMQ", 1.0, -3.0, 3.0, "mantle melting", "log units"),
    Param("f_sl", "Sulfide-liquid fraction of the source sulfide", 0.8, 0.0, 1.0, "mantle melting"),
    Param("F_lower", "Melt remaining after the lower-crust step", 0.8, 0.05, 0.99, "lower crust"),
    Param("T_lower_K", "Lower-crust magma temperature", 1473.15, 1000.0, 1900.0, "lower crust", "K"),
    Param("mgo_lower", "Lower-crust melt MgO", 10.0, 1.0, 25.0, "lower crust", "wt%"),
    Param("fo_lower", "Lower-crust olivine Fo (fraction)", 0.88, 0.6, 0.95, "lower crust"),
    Param("P_lower_kbar", "Lower-crust pressure", 6.0, 0.5, 20.0, "lower crust", "kbar"),
    Param("entrained", "Fraction of lower-crust sulfide entrained", 0.5, 0.0, 1.0, "ascent and mid crust"),
    Param("P_mid_kbar", "Mid-crust pressure", 1.2, 0.1, 20.0, "ascent and mid crust", "kbar"),
    Param("F_mid", "Melt remaining after the mid-crust step", 0.8, 0.05, 0.99, "ascent and mid crust"),
    Param("T_mid_K", "Mid-crust magma temperature", 1373.15, 1000.0, 1900.0, "ascent and mid crust", "K"),
    Param("mgo_mid", "Mid-crust melt MgO", 7.0, 1.0, 25.0, "ascent and mid crust", "wt%"),
    Param("fo_mid", "Mid-crust olivine Fo (fraction)", 0.82, 0.6, 0.95, "ascent and mid crust"),
    Param("F_upper", "Melt remaining after the upper-crust step", 0.7, 0.05, 0.99, "upper crust"),
    Param("T_upper_K", "Upper-crust magma temperature", 1273.15, 1000.0, 1900.0, "upper crust", "K"),
    Param("mgo_upper", "Upper-crust melt MgO", 4.0, 1.0, 25.0, "upper crust", "wt%"),
    Param("fo_upper", "Upper-crust olivine Fo (fraction)", 0.75, 0.6, 0.95, "upper crust"),
)
HOLWELL_GROUPS = tuple(dict.fromkeys(p.group for p in HOLWELL_PARAMS))


def holwell_defaults() -> dict[str, str]:
    """Form values (text) of the published defaults."""
    out = {p.name: f"{p.default:g}" for p in HOLWELL_PARAMS}
    out.update(d_preset="Holwell2019", melting_mode="fractional", d_sl_user="", d_mss_user="")
    return out


def parse_number(text: str, label: str, low: float, high: float, unit: str = "") -> tuple[float | None, str]:
    """``(value, "")`` or ``(None, message)`` for a number that must lie in ``[low, high]``."""
    raw = str(text).strip()
    if not raw:
        return None, f"{label}: a value is needed ({low:g} to {high:g}{(' ' + unit) if unit else ''})."
    try:
        value = float(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw)
    except ValueError:
        return None, f"{label}: {raw!r} is not a number."
    if not math.isfinite(value):
        return None, f"{label}: {raw!r} is not a finite number."
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        return None, f"{label}: {value:g} is outside the allowed range {low:g} to {high:g}{suffix}."
    return value, ""


def parse_pairs(text: str, label: str, *, low: float, high: float) -> tuple[dict[str, float], list[str]]:
    """``"Os=1e5, Rh=3e5"`` -> ``{"Os": 1e5, "Rh": 3e5}``; elements from :data:`HOLWELL_ELEMENTS`."""
    out: dict[str, float] = {}
    errors: list[str] = []
    for item in str(text).replace(";", ",").replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            errors.append(f"{label}: {item!r} is not of the form element=value (e.g. Os=1e5).")
            continue
        el, _, val = (s.strip() for s in item.partition("="))
        if el not in HOLWELL_ELEMENTS:
            errors.append(f"{label}: {el!r} is not one of the modelled elements ({', '.join(HOLWELL_ELEMENTS)}).")
            continue
        value, err = parse_number(val, f"{label} {el}", low, high)
        if err:
            errors.append(err)
        else:
            out[el] = value
    return out, errors


def holwell_params(form: Mapping[str, object]) -> tuple[dict, dict[str, str], list[str]]:
    """Validate the Holwell form.

    Returns ``(keyword arguments for reproduce_holwell, the submitted text per field, errors)``.
    """
    texts = holwell_defaults()
    params: dict = {}
    errors: list[str] = []
    for p in HOLWELL_PARAMS:
        raw = form.get(p.name)
        text = texts[p.name] if raw is None else str(raw)
        texts[p.name] = text
        value, err = parse_number(text, p.label, p.low, p.high, p.unit)
        if err:
            errors.append(err)
        else:
            params[p.name] = value
    if "P_lower_kbar" in params and "P_mid_kbar" in params and params["P_mid_kbar"] >= params["P_lower_kbar"]:
        errors.append("Mid-crust pressure must be lower than the lower-crust pressure (the magma ascends).")
    preset = str(form.get("d_preset", "Holwell2019"))
    texts["d_preset"] = preset
    if preset not in D_SL_PRESETS:
        errors.append(f"Unknown partition preset {preset!r}; choose one of {', '.join(D_SL_PRESETS)}.")
    mode = str(form.get("melting_mode", "fractional"))
    texts["melting_mode"] = mode
    if mode not in MELTING_MODES:
        errors.append(f"Unknown melting mode {mode!r}; choose fractional or batch.")
    for key, label, low, high in (("d_sl_user", "D(sulfide liquid/silicate melt)", 1e-3, 1e8),
                                  ("d_mss_user", "D(mss/sulfide liquid)", 0.0, 100.0)):
        text = str(form.get(key, "") or "")
        texts[key] = text
        pairs, errs = parse_pairs(text, label, low=low, high=high)
        errors += errs
        params[key] = pairs
    if preset in D_SL_PRESETS and not errors:
        from ..sulfide.partition import sulfide_d

        known = set(sulfide_d(preset, "D_SL_SM").index) | set(params["d_sl_user"])
        missing = [e for e in ("Ni", "Cu", "Te") if e not in known]
        if missing:
            errors.append(f"The preset {preset} has no D(sulfide liquid/silicate melt) for {', '.join(missing)}: "
                          "give them in the D overrides (e.g. Te=3170) or choose Holwell2019.")
    params["d_preset"], params["melting_mode"] = preset, mode
    return params, texts, errors


def changed_params(params: dict) -> list[str]:
    """Readable list of the parameters that differ from the published defaults."""
    out = [f"{p.label} {params[p.name]:g}{(' ' + p.unit) if p.unit else ''} (default {p.default:g})"
           for p in HOLWELL_PARAMS if p.name in params and params[p.name] != p.default]
    if params.get("d_preset", "Holwell2019") != "Holwell2019":
        out.append(f"D preset {params['d_preset']}")
    if params.get("melting_mode", "fractional") != "fractional":
        out.append(f"{params['melting_mode']} melting")
    for key, label in (("d_sl_user", "D(SL/silicate)"), ("d_mss_user", "D(mss/SL)")):
        if params.get(key):
            out.append(f"{label} " + ", ".join(f"{k}={v:g}" for k, v in params[key].items()))
    return out


# ---------------------------------------------------------------------- binary mixing
#: Axes offered for binary mixing: isotope systems, element concentrations, inverse concentrations.
MIXING_AXES = ("d7Li", "d138/134Ba", "eNd", "87Sr/86Sr", "143Nd/144Nd", "Li", "Ba", "Sr", "Nd",
               "1/Li", "1/Ba", "1/Sr", "1/Nd")
MIXING_DEFAULTS = {"a": "NMORB_SM89", "b": "UCC_RG03", "x": "87Sr/86Sr", "y": "eNd", "ticks": "1, 2, 5, 10, 20, 30, 50"}
MAX_TICKS = 20


def _needs(axis: str) -> list[str]:
    """Library quantities an axis needs: itself (or its element) and, for an isotope system, its element."""
    from ..mixing.ncomp import element_of

    q = axis.removeprefix("1/")
    el = element_of(q)
    return [q] if el is None else [q, el]


def mixing_choice(form: Mapping[str, object], library) -> tuple[dict, dict[str, str], list[str]]:
    """Validate the binary mixing form against the end-member ``library``.

    Returns ``(choice with a, b, x, y, ticks (fractions), the submitted text per field, errors)``.
    """
    texts = dict(MIXING_DEFAULTS)
    for key in texts:
        if form.get(key) is not None:
            texts[key] = str(form.get(key))
    errors: list[str] = []
    a, b, x, y = texts["a"], texts["b"], texts["x"], texts["y"]
    for key, name in (("a", a), ("b", b)):
        if name not in library:
            errors.append(f"End-member {key.upper()}: {name!r} is not in the library.")
    if a == b and a in library:
        errors.append("Choose two different end-members.")
    for key, axis in (("x", x), ("y", y)):
        if axis not in MIXING_AXES:
            errors.append(f"The {key} axis {axis!r} is not offered; choose one of {', '.join(MIXING_AXES)}.")
    if x == y and x in MIXING_AXES:
        errors.append("Choose two different axes.")
    ticks: list[float] = []
    for item in texts["ticks"].replace(";", ",").split(","):
        item = item.strip().rstrip("%").strip()
        if not item:
            continue
        value, err = parse_number(item, "Tick proportion", 0.001, 100.0, "% of B")
        if err:
            errors.append(err)
        else:
            ticks.append(value / 100.0)
    if not ticks and not any(e.startswith("Tick") for e in errors):
        errors.append("Give at least one tick proportion (in % of end-member B, e.g. 1, 5, 10).")
    if len(ticks) > MAX_TICKS:
        errors.append(f"At most {MAX_TICKS} tick proportions.")
    if not errors:
        for name in (a, b):
            em = library[name]
            missing = sorted({q for axis in (x, y) for q in _needs(axis) if not _finite(em.get(q))})
            if missing:
                errors.append(f"End-member {name} has no library value for {', '.join(missing)}, needed by "
                              f"the {x} / {y} axes; choose other axes or end-members.")
    return {"a": a, "b": b, "x": x, "y": y, "ticks": sorted(set(ticks))}, texts, errors


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
