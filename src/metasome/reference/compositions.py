"""Reference compositions (primitive mantle, chondrites, MORB, OIB, crust) as immutable objects.

Each composition is a packaged CSV under ``reference/data/compositions`` with one row per
quantity: the value and unit *as published*, its uncertainty and the kind of that uncertainty,
and a short citation. ``index.toml`` beside the files holds the full citation, DOI, the route
by which the numbers were transcribed, and the aliases (``"PM"``, ``"CI"``, ...).

Values are converted to metasome's canonical units (elements ppm, oxides wt%, isotope ratios
as ratios, see :mod:`metasome.names`) with the explicit factors of :data:`UNIT_FACTORS`;
a unit not in that table raises, it never gets a silent factor of 1 (a pitfall seen in
other tools, e.g. Palme & O'Neill 2014 Ni and S stored in % beside ppm values).

Only the standard library is imported at module level: pandas is loaded when a table or
Series is asked for, so ``import metasome.reference`` stays cheap.
"""

from __future__ import annotations

import csv
import functools
import math
import tomllib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Mapping, NamedTuple

from metasome.errors import MetasomeInputError
from metasome.names import kind_of
from metasome.reference._files import data_file

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

#: Folder (under ``reference/data``) holding the composition files and ``index.toml``.
COMPOSITIONS_DIR = "compositions"

#: Multiplicative factors from a published unit to the canonical unit of each quantity kind.
#: Elements: canonical ppm (= µg/g); 1 wt% = 10^4 µg/g, 1 ppb = 1 ng/g = 10^-3 µg/g,
#: 1 ppt = 1 pg/g = 10^-6 µg/g. Oxides: canonical wt% (mass % of the oxide).
#: Isotope ratios: dimensionless. These are SI mass-fraction prefixes (BIPM, *The International
#: System of Units*, 9th ed., 2019, Table 7), nothing empirical.
UNIT_FACTORS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    "element": MappingProxyType({
        "ppm": 1.0, "µg/g": 1.0, "ug/g": 1.0, "mg/kg": 1.0, "g/t": 1.0,
        "ppb": 1e-3, "ng/g": 1e-3, "µg/kg": 1e-3, "ug/kg": 1e-3, "mg/t": 1e-3,
        "ppt": 1e-6, "pg/g": 1e-6, "ng/kg": 1e-6,
        "wt%": 1e4, "%": 1e4,
    }),
    "oxide": MappingProxyType({
        "wt%": 1.0, "%": 1.0,
        "ppm": 1e-4, "µg/g": 1e-4, "ug/g": 1e-4, "mg/kg": 1e-4,
    }),
    "ratio": MappingProxyType({"ratio": 1.0}),
})

#: Uncertainty kinds given as an absolute number in the value's unit.
ABSOLUTE_UNCERTAINTY_KINDS: frozenset[str] = frozenset(
    {"2sigma", "1sigma", "2sd", "1sd", "2se", "1se"})
#: Relative uncertainty in percent of the value.
RELATIVE_UNCERTAINTY_KIND = "rsd%"
#: Multiplicative factor (asymmetric; not expressible as one absolute number).
FACTOR_UNCERTAINTY_KIND = "factor"
_UNCERTAINTY_KINDS = ABSOLUTE_UNCERTAINTY_KINDS | {RELATIVE_UNCERTAINTY_KIND, FACTOR_UNCERTAINTY_KIND, ""}

TABLE_COLUMNS: tuple[str, ...] = (
    "quantity", "value", "unit", "uncertainty", "uncertainty_kind", "citation")


def unit_factor(quantity: str, unit: str) -> float:
    """Factor converting ``quantity`` given in ``unit`` to its canonical unit.

    Parameters
    ----------
    quantity : str
        Canonical quantity name (``"Ni"``, ``"TiO2"``, ``"87Sr/86Sr"``).
    unit : str
        Unit as written by the source (``"%"``, ``"ppb"``, ``"ng/g"`` ...).

    Raises
    ------
    MetasomeInputError
        If the quantity is not a canonical name of a concentration or ratio, or the unit is
        not in :data:`UNIT_FACTORS` for its kind (never a silent factor of 1).
    """
    kind = kind_of(quantity)
    if kind not in UNIT_FACTORS:
        raise MetasomeInputError(
            f"{quantity!r} is not a canonical element, oxide or isotope-ratio name")
    factors = UNIT_FACTORS[kind]
    if unit not in factors:
        raise MetasomeInputError(
            f"unknown unit {unit!r} for {kind} {quantity!r}; known units: {', '.join(factors)}")
    return factors[unit]


class _Row(NamedTuple):
    quantity: str
    value: float
    unit: str
    uncertainty: float
    uncertainty_kind: str
    citation: str
    canonical: float
    uncertainty_canonical: float


def _absolute_uncertainty(kind: str, uncertainty: float, canonical: float, factor: float) -> float:
    if kind in ABSOLUTE_UNCERTAINTY_KINDS:
        return uncertainty * factor
    if kind == RELATIVE_UNCERTAINTY_KIND:
        return canonical * uncertainty / 100.0
    return math.nan  # "factor" (asymmetric) or none published


def _float(text: str) -> float:
    return float(text) if text.strip() else math.nan


@dataclass(frozen=True)
class Composition:
    """One published reference composition; immutable.

    Attributes
    ----------
    name, title, kind, citation, doi : str
        Identity and source (full citation and DOI of the publication).
    note, transcribed_from : str
        Caveats, and where the machine-readable numbers were taken from.
    """

    name: str
    title: str
    kind: str
    citation: str
    doi: str
    note: str = ""
    transcribed_from: str = ""
    _rows: tuple[_Row, ...] = field(default=(), repr=False)

    @property
    def quantities(self) -> tuple[str, ...]:
        """Canonical names of the quantities this composition gives, in file order."""
        return tuple(r.quantity for r in self._rows)

    @functools.cached_property
    def _by_quantity(self) -> Mapping[str, _Row]:
        return MappingProxyType({r.quantity: r for r in self._rows})

    def __contains__(self, quantity: object) -> bool:
        return quantity in self._by_quantity

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def table(self) -> "pd.DataFrame":
        """A fresh DataFrame of the values as published (one row per quantity)."""
        import pandas as pd

        return pd.DataFrame([r[:6] for r in self._rows], columns=list(TABLE_COLUMNS))

    def _series(self, attr: str, quantities: Iterable[str] | None) -> "pd.Series":
        import pandas as pd

        wanted = self.quantities if quantities is None else tuple(quantities)
        rows = self._by_quantity
        values = [getattr(rows[q], attr) if q in rows else math.nan for q in wanted]
        out = pd.Series(values, index=pd.Index(wanted, name="quantity"), dtype=float, name=self.name)
        out.attrs["reference"] = self.name
        return out

    def ppm(self, quantities: Iterable[str] | None = None) -> "pd.Series":
        """Values in canonical units: elements ppm, oxides wt%, isotope ratios as ratios.

        A requested quantity the composition does not give is NaN (never dropped, never an
        error). Every call returns a new Series.
        """
        return self._series("canonical", quantities)

    def uncertainty_ppm(self, quantities: Iterable[str] | None = None) -> "pd.Series":
        """Absolute uncertainties in the units of :meth:`ppm`, at the published level.

        ``rsd%`` uncertainties are turned into absolute ones (value x rsd / 100); ``factor``
        uncertainties (asymmetric) and missing ones are NaN: see :attr:`table` for the kind.
        """
        return self._series("uncertainty_canonical", quantities)

    def value(self, quantity: str, unit: str = "ppm") -> float:
        """One value converted to ``unit`` (NaN if the composition does not give it).

        Raises :class:`MetasomeInputError` for a unit unknown for the quantity's kind.
        """
        factor = unit_factor(quantity, unit)
        row = self._by_quantity.get(quantity)
        return math.nan if row is None else row.canonical / factor


# ---------------------------------------------------------------- loading (cached)

@functools.lru_cache(maxsize=1)
def _index() -> Mapping[str, Mapping]:
    with open(data_file(COMPOSITIONS_DIR, "index.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    comps = MappingProxyType({k: MappingProxyType(dict(v)) for k, v in raw["compositions"].items()})
    aliases = MappingProxyType(dict(raw.get("aliases", {})))
    for alias, target in aliases.items():
        if target not in comps:
            raise ValueError(f"index.toml: alias {alias!r} points to unknown composition {target!r}")
    return MappingProxyType({"compositions": comps, "aliases": aliases})


def _read_rows(name: str) -> tuple[_Row, ...]:
    path = data_file(COMPOSITIONS_DIR, f"{name}.csv")
    rows: list[_Row] = []
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != TABLE_COLUMNS:
            raise ValueError(f"{path.name}: columns must be {', '.join(TABLE_COLUMNS)}")
        for line in reader:
            rows.append(_parse_row(line, path.name))
    seen = [r.quantity for r in rows]
    if len(set(seen)) != len(seen):
        raise ValueError(f"{path.name}: duplicate quantities")
    return tuple(rows)


def _parse_row(line: Mapping[str, str], filename: str) -> _Row:
    quantity, unit, kind = line["quantity"], line["unit"], line["uncertainty_kind"]
    if kind not in _UNCERTAINTY_KINDS:
        raise ValueError(f"{filename}: unknown uncertainty_kind {kind!r} for {quantity}")
    factor = unit_factor(quantity, unit)
    value, uncertainty = float(line["value"]), _float(line["uncertainty"])
    canonical = value * factor
    return _Row(quantity, value, unit, uncertainty, kind, line["citation"], canonical,
                _absolute_uncertainty(kind, uncertainty, canonical, factor))


def _resolve(name: str) -> str:
    index = _index()
    comps, aliases = index["compositions"], index["aliases"]
    if not isinstance(name, str):
        raise MetasomeInputError(f"a reference composition name must be text, not {name!r}")
    if name in comps:
        return name
    if name in aliases:
        return aliases[name]
    folded = {k.casefold(): v for k, v in {**{c: c for c in comps}, **aliases}.items()}
    if name.casefold() in folded:
        return folded[name.casefold()]
    raise MetasomeInputError(
        f"unknown reference composition {name!r}; available: {', '.join(comps)}; "
        f"aliases: {', '.join(f'{a}={t}' for a, t in aliases.items())}")


@functools.lru_cache(maxsize=None)
def _load(name: str) -> Composition:
    meta = _index()["compositions"][name]
    return Composition(
        name=name, title=meta["title"], kind=meta["kind"], citation=meta["citation"],
        doi=meta.get("doi", ""), note=meta.get("note", ""),
        transcribed_from=meta.get("transcribed_from", ""), _rows=_read_rows(name))


def get(name: str) -> Composition:
    """The reference composition called ``name`` (a composition name or an alias).

    Names are matched exactly, then case-insensitively. The returned object is shared
    (cached) and immutable; its tables and Series are fresh copies.

    Raises
    ------
    MetasomeInputError
        For an unknown name; the message lists the available names and aliases.
    """
    return _load(_resolve(name))


def names() -> tuple[str, ...]:
    """Names of all packaged reference compositions."""
    return tuple(_index()["compositions"])


def aliases() -> dict[str, str]:
    """Alias -> composition name (a new dict every call)."""
    return dict(_index()["aliases"])


def list_references() -> "pd.DataFrame":
    """One row per composition: name, title, kind, citation, doi, n_values, aliases."""
    import pandas as pd

    alias_of: dict[str, list[str]] = {}
    for alias, target in _index()["aliases"].items():
        alias_of.setdefault(target, []).append(alias)
    records = []
    for name in names():
        comp = get(name)
        records.append({
            "name": name, "title": comp.title, "kind": comp.kind, "citation": comp.citation,
            "doi": comp.doi, "n_values": len(comp), "aliases": ", ".join(alias_of.get(name, [])),
        })
    return pd.DataFrame.from_records(records)
