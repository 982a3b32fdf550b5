"""End-member library: packaged, cited reservoirs plus user files, validated.

Every value carries a unit, an uncertainty (``sd`` = 1 sigma, or a ``low``..``high``
range), the distribution it is drawn from in Monte Carlo runs, a citation and a
``status``: ``published`` (read in the cited primary source, or its abstract when
the citation says so), ``transcribed`` (taken from a machine-readable transcription
of the primary source pinned to a commit: the citation names
``owner/repository@<40-hex commit>``), ``checked`` (read in the cited source or a
verified copy; rows checked before the two statuses above existed), ``seed`` (as
stated by Qiu et al. 2025), ``assumed`` (a stated modelling choice) or ``unsure``
(not verified against the primary source: use with care).

File format (CSV; ``#`` lines are comments), one row per end-member and quantity::

    endmember,quantity,value,unit,sd,low,high,distribution,uncertainty_note,citation,status

TOML equivalent::

    [endmember.MY_SED]
    Li = {value = 60, unit = "ppm", sd = 10, distribution = "normal", citation = "..."}
    d7Li = {value = -2, unit = "permil", low = -4, high = 0, distribution = "uniform", citation = "..."}

Distributions: ``normal`` (value, sd), ``uniform`` (low, high), ``lognormal``
(median ``value``, ``sd/value`` = sigma of ln), ``fixed`` (value).
Concentrations drawn from a normal are truncated at zero by redrawing the
absolute value (documented in :func:`draw`).

References
----------
See the ``citation`` column of ``metasome/reference/data/endmembers.csv``; the
packaged values were taken from ../shared/data/reference/endmembers.csv and
the primary sources cited per row.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.names import kind_of

DISTRIBUTIONS = ("normal", "uniform", "lognormal", "fixed")
STATUSES = ("published", "transcribed", "checked", "seed", "assumed", "unsure")
#: A ``transcribed`` value names the transcription it was read from: ``owner/repo@<commit>``.
_PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}\b")
COLUMNS = ("endmember", "quantity", "value", "unit", "sd", "low", "high", "distribution",
           "uncertainty_note", "citation", "status")
REQUIRED = ("endmember", "quantity", "value", "unit", "distribution", "citation")

#: Extra quantity names accepted beside :mod:`metasome.names` (epsilon at a stated age).
EXTRA_QUANTITIES = ("eNd(t)", "eHf(t)", "87Sr/86Sr(t)")


@dataclass(frozen=True)
class Value:
    """One cited value with its uncertainty model."""

    value: float
    unit: str
    distribution: str = "fixed"
    sd: float | None = None
    low: float | None = None
    high: float | None = None
    citation: str = ""
    status: str = "checked"
    note: str = ""

    def draw(self, rng: np.random.Generator, n: int, *, positive: bool = False) -> np.ndarray:
        """Draw ``n`` values from this value's distribution.

        ``positive=True`` (concentrations) reflects negative normal draws to
        positive (|x|), a truncation that matters only for sd/value > ~0.4.
        """
        d = self.distribution
        if d == "fixed":
            return np.full(n, self.value)
        if d == "normal":
            x = rng.normal(self.value, self.sd, n)
            return np.abs(x, out=x) if positive else x
        if d == "uniform":
            return rng.uniform(self.low, self.high, n)
        if d == "lognormal":
            return self.value * np.exp(rng.normal(0.0, self.sd / self.value, n))
        raise MetasomeInputError(f"unknown distribution {d!r}")

    @property
    def spread(self) -> tuple[float, float]:
        """(low, high) of the central ~95 % of the distribution (for axes, bins)."""
        if self.distribution == "uniform":
            return float(self.low), float(self.high)
        if self.distribution in ("normal", "lognormal"):
            return self.value - 2 * self.sd, self.value + 2 * self.sd
        return self.value, self.value


@dataclass(frozen=True)
class Endmember:
    """A named reservoir: quantity -> :class:`Value` (read-only mapping)."""

    name: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def __reduce__(self):  # MappingProxyType does not pickle (needed by process pools)
        return (Endmember, (self.name, dict(self.values)))

    def __getitem__(self, quantity: str) -> float:
        return self.values[quantity].value

    def __contains__(self, quantity: str) -> bool:
        return quantity in self.values

    def get(self, quantity, default=None):
        return self.values[quantity].value if quantity in self.values else default

    def central(self) -> dict:
        """Plain dict of central values (quantity -> float)."""
        return {q: v.value for q, v in self.values.items()}

    def with_values(self, name: str | None = None, **values) -> "Endmember":
        """Copy with some quantities replaced (floats become fixed values)."""
        new = dict(self.values)
        for q, v in values.items():
            if not isinstance(v, Value):
                old = new.get(q)
                v = Value(float(v), old.unit if old else "", "fixed", citation="user override",
                          status="assumed")
            new[q] = v
        return Endmember(name or self.name, new)


def endmember(name: str, **values) -> Endmember:
    """Build an end-member from central values (``endmember("A", Li=5, d7Li=3)``).

    Values may be floats (fixed) or :class:`Value` objects.
    """
    return Endmember(name, {}).with_values(name, **values)


def _float(text, file, row, column, required=False):
    if text is None or str(text).strip() == "":
        if required:
            raise MetasomeInputError("value is missing", file=file, row=row, column=column)
        return None
    try:
        x = float(text)
    except ValueError:
        raise MetasomeInputError(f"not a number: {text!r}", file=file, row=row, column=column) from None
    if not math.isfinite(x):
        raise MetasomeInputError(f"not a finite number: {text!r}", file=file, row=row, column=column)
    return x


def _known_quantity(q: str) -> bool:
    return kind_of(q) is not None or q in EXTRA_QUANTITIES


def _validate_value(rec: dict, file, row) -> Value:
    for col in REQUIRED:
        if str(rec.get(col) or "").strip() == "":
            raise MetasomeInputError("required field is empty", file=file, row=row, column=col)
    q = rec["quantity"].strip()
    if not _known_quantity(q):
        raise MetasomeInputError(f"unknown quantity {q!r} (use canonical names, e.g. Li, d7Li, eNd)",
                                 file=file, row=row, column="quantity")
    dist = rec["distribution"].strip().lower()
    if dist not in DISTRIBUTIONS:
        raise MetasomeInputError(f"distribution must be one of {DISTRIBUTIONS}, got {dist!r}",
                                 file=file, row=row, column="distribution")
    value = _float(rec.get("value"), file, row, "value", required=True)
    sd = _float(rec.get("sd"), file, row, "sd")
    low = _float(rec.get("low"), file, row, "low")
    high = _float(rec.get("high"), file, row, "high")
    if dist in ("normal", "lognormal") and (sd is None or sd <= 0):
        raise MetasomeInputError(f"{dist} distribution needs sd > 0", file=file, row=row, column="sd")
    if dist == "uniform":
        if low is None or high is None:
            raise MetasomeInputError("uniform distribution needs low and high", file=file, row=row,
                                     column="low" if low is None else "high")
        if not low < high:
            raise MetasomeInputError(f"low ({low}) must be below high ({high})", file=file, row=row,
                                     column="low")
    kind = kind_of(q)
    if kind == "element" and (value < 0 or (low is not None and low < 0)):
        raise MetasomeInputError("concentrations must not be negative", file=file, row=row, column="value")
    status = str(rec.get("status") or "checked").strip().lower()
    if status not in STATUSES:
        raise MetasomeInputError(f"status must be one of {STATUSES}, got {status!r}", file=file,
                                 row=row, column="status")
    if status == "transcribed" and not _PINNED.search(rec["citation"]):
        raise MetasomeInputError("a transcribed value must cite the transcription as "
                                 "owner/repository@<40-hex commit>", file=file, row=row, column="citation")
    return Value(value, rec["unit"].strip(), dist, sd, low, high, rec["citation"].strip(), status,
                 str(rec.get("uncertainty_note") or "").strip())


def _from_records(records, file) -> dict:
    out: dict[str, dict] = {}
    for row, rec in records:
        name = str(rec.get("endmember") or "").strip()
        v = _validate_value(rec, file, row)
        q = rec["quantity"].strip()
        if q in out.setdefault(name, {}):
            raise MetasomeInputError(f"duplicate quantity {q!r} for end-member {name!r}", file=file,
                                     row=row, column="quantity")
        out[name][q] = v
    return {n: Endmember(n, vals) for n, vals in out.items()}


def _read_csv(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8") as fh:
        lines = list(enumerate(fh, start=1))
    data = [(i, ln) for i, ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not data:
        raise MetasomeInputError("file has no header or rows", file=str(path))
    reader = csv.reader([ln for _, ln in data])
    header = [h.strip() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise MetasomeInputError(f"missing columns {missing}", file=str(path), row=data[0][0])
    records = []
    for (lineno, _), cells in zip(data[1:], reader):
        if len(cells) != len(header):
            raise MetasomeInputError(f"expected {len(header)} fields, found {len(cells)}",
                                     file=str(path), row=lineno)
        records.append((lineno, dict(zip(header, cells))))
    return _from_records(records, str(path))


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise MetasomeInputError(f"invalid TOML: {exc}", file=str(path)) from None
    table = doc.get("endmember")
    if not isinstance(table, dict) or not table:
        raise MetasomeInputError("expected a [endmember.<name>] table", file=str(path))
    records = []
    for name, quantities in table.items():
        if not isinstance(quantities, dict):
            raise MetasomeInputError(f"[endmember.{name}] must be a table", file=str(path))
        for q, spec in quantities.items():
            if not isinstance(spec, dict):
                raise MetasomeInputError(f"{name}.{q} must be an inline table with value, unit, ...",
                                         file=str(path), column=q)
            rec = {"endmember": name, "quantity": q, **{k: ("" if v is None else str(v)) for k, v in spec.items()}}
            rec.setdefault("distribution", "fixed")
            records.append((None, rec))
    try:
        return _from_records(records, str(path))
    except MetasomeInputError as exc:
        raise MetasomeInputError(f"{exc.reason} (end-member entry {rec['endmember']}.{rec['quantity']})"
                                 if exc.column is None else exc.reason,
                                 file=str(path), column=exc.column) from None


class Library(Mapping):
    """Read-only mapping of end-member name -> :class:`Endmember`."""

    def __init__(self, endmembers: Mapping[str, Endmember], sources=()):
        self._em = dict(endmembers)
        self.sources = tuple(sources)

    def __getitem__(self, name):
        try:
            return self._em[name]
        except KeyError:
            raise KeyError(f"no end-member {name!r}; known: {sorted(self._em)}") from None

    def __iter__(self):
        return iter(self._em)

    def __len__(self):
        return len(self._em)

    def merged(self, other: "Library") -> "Library":
        """New library with ``other``'s end-members added (same name: other wins)."""
        return Library({**self._em, **dict(other)}, self.sources + other.sources)

    def table(self, quantities=None):
        """DataFrame of central values (rows end-members, columns quantities)."""
        import pandas as pd

        rows = {n: em.central() for n, em in self._em.items()}
        df = pd.DataFrame.from_dict(rows, orient="index")
        if quantities is not None:
            df = df.reindex(columns=list(quantities))
        df.attrs["conventions"] = {"source": list(map(str, self.sources)), "sd": "1 sigma"}
        return df

    def unsure(self) -> list[tuple[str, str]]:
        """(end-member, quantity) pairs whose status is ``unsure``."""
        return [(n, q) for n, em in self._em.items() for q, v in em.values.items() if v.status == "unsure"]


def read_endmembers(path) -> Library:
    """Read and validate a user end-member file (``.csv`` or ``.toml``).

    Raises :class:`~metasome.errors.MetasomeInputError` naming file, row and column.
    """
    path = Path(path)
    if not path.exists():
        raise MetasomeInputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return Library(_read_csv(path), [path])
    if suffix == ".toml":
        return Library(_read_toml(path), [path])
    raise MetasomeInputError("end-member files must be .csv or .toml", file=str(path))


_PACKAGED: Library | None = None


def load_library(*user_files) -> Library:
    """Packaged library, optionally extended/overridden by user CSV/TOML files."""
    global _PACKAGED
    if _PACKAGED is None:
        from metasome.reference._files import data_file

        _PACKAGED = Library(_read_csv(data_file("endmembers.csv")), ["metasome:endmembers.csv"])
    lib = _PACKAGED
    for f in user_files:
        lib = lib.merged(read_endmembers(f))
    return lib


__all__ = ["Value", "Endmember", "Library", "endmember", "read_endmembers", "load_library",
           "DISTRIBUTIONS", "STATUSES", "replace"]
