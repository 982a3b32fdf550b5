"""From a file to a :class:`~metasome.io.table.CanonicalTable`: parse, recognise, convert, check.

See :mod:`metasome.io.sources` (formats), :mod:`metasome.io.columns` (headers,
units, methods and the preference rule), :mod:`metasome.io.censor` (cells) and
:mod:`metasome.io.checks` (warnings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputWarning
from . import checks
from .censor import CENSORED, INVALID, MISSING, VALUE, Parsed, parse_column
from .columns import (
    NUMERIC_KINDS, Recognition, apply_overrides, detect_format, method_rank, recognise_all,
)
from .sources import RawTable, load_raw
from .table import CanonicalTable, ColumnInfo

_CONCENTRATION = ("oxide", "element")
_GEOROC = ("georoc-api", "georoc-precompiled")
#: Below this many rows the thread pool costs more than it saves.
_THREADED_ROWS = 50_000


def read_table(path, sheet=None, columns=None, *, negative_is_censored: bool = False,
               encoding: str | None = None) -> CanonicalTable:
    """Read a table file into a :class:`CanonicalTable` (the lossless API).

    Parameters
    ----------
    path : str or path-like
        CSV/TSV/TXT, XLSX/XLS/XLSB/ODS or Parquet file.
    sheet : str or int, optional
        Spreadsheet sheet by name or 0-based index (see :mod:`metasome.io.sources`
        for the choice when omitted).
    columns : dict, optional
        Per-header overrides, e.g. ``{"Ni": {"unit": "wt%"}, "Foo": {"quantity":
        "La", "unit": "ppb"}, "X": {"quantity": None}}``.
    negative_is_censored : bool
        Read negative concentrations as "below a detection limit of |value|".
    encoding : str, optional
        Text encoding, overriding the detection.

    Raises
    ------
    MetasomeInputError
        For any file that cannot be read as a table, naming file, row and column.
    """
    file = str(path)
    raw = load_raw(path, sheet, encoding, has_data=_has_data)
    recs = apply_overrides(raw.headers, recognise_all(raw.headers), columns, file)
    return _Builder(raw, recs, file, negative_is_censored).build()


def _has_data(headers: list[str]) -> bool:
    return any(r.kind in NUMERIC_KINDS for r in recognise_all(headers))


#: Relative difference above which two columns of one quantity are said to disagree.
_SAME_VALUE_RTOL = 1e-6


@dataclass
class _Member:
    """One numeric input column after cell parsing, as a candidate for its quantity."""

    position: int
    rec: Recognition
    parsed: Parsed
    step: np.ndarray | None = None
    filled: int = 0
    shared: int = 0        # rows where this column and the value already taken both hold a number
    differs: int = 0       # ... of which the numbers differ
    first_differs: int | None = None


@dataclass
class _Builder:
    raw: RawTable
    recs: list[Recognition]
    file: str
    negative_is_censored: bool
    warnings: list[InputWarning] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)
    constants: dict[str, pd.Series] = field(default_factory=dict)

    def emit(self, message: str, *, row: int | None = None, column: str | None = None,
             code: str = "warning") -> None:
        self.warnings.append(InputWarning(message, file=self.file, row=row, column=column, code=code))

    def build(self) -> CanonicalTable:
        raw, n = self.raw, len(self.raw.row_labels)
        self.format = detect_format(raw.headers)
        self.labels = raw.row_labels
        for note in raw.notes:
            self.emit(note["message"], row=note["row"], column=note["column"], code=note["code"])
        original = pd.DataFrame({i: pd.arrays.ArrowExtensionArray(col) for i, col in enumerate(raw.columns)},
                                index=pd.RangeIndex(n))
        original.columns = pd.Index(raw.headers, dtype=object)
        members = self._parse_numeric()
        groups: dict[str, list[_Member]] = {}
        for m in members:
            groups.setdefault(m.rec.quantity, []).append(m)
        values, censored, limits, used, sources = {}, {}, {}, set(), {}
        for quantity, group in groups.items():
            v, c, lim, primary = self._combine(quantity, group, n)
            values[quantity], censored[quantity], limits[quantity] = v, c, lim
            used |= primary
            sources[quantity] = [{"column": raw.headers[m.position], "position": m.position,
                                  "method": m.rec.method, "cells": m.filled} for m in group]
        text, text_used = self._text(original)
        used |= text_used
        index = original.index
        table = CanonicalTable(
            source=self.file, original=original,
            values=pd.DataFrame(values, index=index, dtype=np.float64, copy=False),
            censored=pd.DataFrame(censored, index=index, dtype=bool, copy=False),
            limits=pd.DataFrame(limits, index=index, dtype=np.float64, copy=False),
            text=text, mapping=self._mapping(members, used, original),
            warnings=self.warnings, row_labels=pd.Series(self.labels, index=index, name="source row"),
            provenance=self._provenance(sources),
        )
        self._table_checks(table)
        return table

    # ------------------------------------------------------------------ numeric columns

    def _parse_numeric(self) -> list[_Member]:
        for i, rec in enumerate(self.recs):
            if rec.problem:
                self.emit(f"column left unrecognised: {rec.problem}", column=self.raw.headers[i],
                          code="unknown_unit")
        numeric = [i for i, rec in enumerate(self.recs) if rec.kind in NUMERIC_KINDS and rec.quantity is not None]
        members = []
        for i, parsed in zip(numeric, self._parse_cells(numeric)):
            rec, header = self.recs[i], self.raw.headers[i]
            self._convert(parsed, rec, header)
            member = _Member(i, rec, parsed)
            self._column_warnings(member, header)
            members.append(member)
        return members

    def _parse_cells(self, positions: list[int]):
        """Parsed cells of these columns, in order; two threads, as pyarrow's casts and numpy release the GIL
        (30 columns x 1,000,000 rows: 0.76 s -> 0.49 s on 2 cores)."""
        from concurrent.futures import ThreadPoolExecutor

        cells = [self.raw.columns[i] for i in positions]
        if len(cells) < 2 or len(self.raw.row_labels) < _THREADED_ROWS:
            return [parse_column(c, self.raw.decimal_comma) for c in cells]
        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(parse_column, cells, [self.raw.decimal_comma] * len(cells)))

    def _convert(self, parsed: Parsed, rec: Recognition, header: str) -> None:
        """Canonical units in place; negative concentrations censored when the user says so."""
        if rec.transform == "d6Li":
            v = parsed.values
            parsed.values = -v / (1.0 + v / 1000.0)
        elif rec.factor != 1.0:
            parsed.values *= rec.factor
            if parsed.limits is not None:
                parsed.limits *= abs(rec.factor)
        if rec.kind in _CONCENTRATION and self.negative_is_censored:
            negative = (parsed.state == VALUE) & (parsed.values < 0)
            if negative.any():
                if parsed.limits is None:
                    parsed.limits = np.full(len(parsed.values), np.nan)
                parsed.state[negative] = CENSORED
                parsed.limits[negative] = -parsed.values[negative]
                parsed.values[negative] = np.nan

    def _column_warnings(self, m: _Member, header: str) -> None:
        rec, parsed = m.rec, m.parsed
        invalid = parsed.state == INVALID
        if invalid.any():
            examples = ", ".join(repr(s) for s in parsed.invalid_examples)
            checks.emit_rows(self.emit, "invalid_number", header, invalid, self.labels,
                             lambda i: f"cell is not a number, a detection-limit flag or empty "
                                       f"(values like {examples}); read as missing",
                             "cells that are not numbers")
        if rec.kind in _CONCENTRATION and not self.negative_is_censored:
            checks.negatives(parsed.values, rec.quantity, header, self.labels, self.emit)
        if self.format in _GEOROC and rec.kind in _CONCENTRATION:
            checks.zeros(parsed.values, rec.quantity, header, self.labels, self.emit)
        has_values = bool((parsed.state == VALUE).any())
        if rec.source == "default" and has_values:
            often = (f" ({rec.quantity} is often given in ppb: if so, say so in the header, e.g. "
                     f"'{rec.quantity} (ppb)', or in a columns file)") if rec.kind != "age" else ""
            self.emit(f"no unit in the header; {rec.quantity} taken as {rec.unit}{often}", column=header,
                      code="assumed_unit")
        if rec.kind == "uncertainty" and not rec.level_stated and has_values:
            self.emit(f"uncertainty level not stated; taken as {rec.quantity.rsplit(' ', 1)[-1]}",
                      column=header, code="assumed_uncertainty_level")
        if rec.transform == "d6Li" and has_values:
            self.emit("d6Li (old sign convention) converted to d7Li = -d6Li/(1 + d6Li/1000)",
                      column=header, code="d6Li")

    def _combine(self, quantity: str, group: list[_Member], n: int):
        """Apply the preference rule; returns values, censored, limits and the used positions."""
        ranges = [m for m in group if m.rec.bound]
        candidates = [m for m in group if not m.rec.bound]
        synthetic = self._age_range(ranges, n) if ranges else None
        order = sorted(candidates, key=lambda m: (m.rec.transform is not None, method_rank(m.rec.method),
                                                   m.position))
        if synthetic is not None:
            order.append(synthetic)
        if len(order) == 1:
            values, cens, limits = self._single(order[0])
        else:
            values, cens, limits = self._merge(order, n)
        primary = {order[0].position} if order else set()
        if synthetic is not None and order[0] is synthetic:
            primary = {r.position for r in ranges}
        for m in order[1:]:
            if m is not synthetic:
                self._note(m.position, f"alternative source for {quantity}; fills {m.filled} cell(s) "
                                       f"where preferred columns are empty"
                           + (f"; differs from the value used in {m.differs} of {m.shared} rows where both "
                              "have one" if m.differs else ""))
                if m.differs and m.rec.method == order[0].rec.method:
                    self._conflict(quantity, m, order[0])
        self._compare_units(quantity, candidates)
        return values, cens, limits, primary

    def _conflict(self, quantity: str, m: _Member, used: _Member) -> None:
        """Two columns of one quantity and method (a repeated header) that disagree: a warning, since a
        different method's column is expected to differ and is only noted in the mapping."""
        headers = self.raw.headers
        self.emit(f"column {m.position + 1}: {m.differs} of {m.shared} rows hold a different {quantity} value "
                  f"than the column used ({headers[used.position]!r}, column {used.position + 1}), whose "
                  "value is kept", row=int(self.labels[m.first_differs]), column=headers[m.position],
                  code="conflicting_columns")

    def _single(self, m: _Member):
        """The arrays of a quantity's only source, shared rather than copied."""
        censored = m.parsed.state == CENSORED
        m.filled = int(((m.parsed.state == VALUE) | censored).sum())
        if not censored.any():
            return m.parsed.values, self._shared(False), self._shared(np.nan)
        limits = m.parsed.limits if m.parsed.limits is not None else self._shared(np.nan)
        return m.parsed.values, censored, limits

    def _merge(self, order: list[_Member], n: int):
        """Per cell, the first candidate (in preference order) that is not missing."""
        values = np.full(n, np.nan)
        cens = np.zeros(n, dtype=bool)
        limits = np.full(n, np.nan)
        filled = np.zeros(n, dtype=bool)
        for m in order:
            state = m.parsed.state
            both = filled & ~cens & (state == VALUE)
            m.shared = int(both.sum())
            if m.shared:
                differ = both & ~np.isclose(m.parsed.values, values, rtol=_SAME_VALUE_RTOL, atol=0.0)
                m.differs = int(differ.sum())
                m.first_differs = int(np.flatnonzero(differ)[0]) if m.differs else None
            take = ~filled & ((state == VALUE) | (state == CENSORED))
            values[take] = m.parsed.values[take]
            cens[take] = state[take] == CENSORED
            if m.parsed.limits is not None:
                limits[take] = m.parsed.limits[take]
            filled |= take
            m.filled = int(take.sum())
        return values, cens, limits

    def _shared(self, fill) -> pd.Series:
        """One constant column per fill value, shared by every column without censoring.

        pandas' copy-on-write copies it only when a column is modified in place, so
        the limits and censored frames of a million-row table cost almost nothing.
        """
        key = "false" if fill is False else "nan"
        if key not in self.constants:
            n = len(self.labels)
            data = np.zeros(n, dtype=bool) if key == "false" else np.full(n, np.nan)
            self.constants[key] = pd.Series(data, index=pd.RangeIndex(n), copy=False)
        return self.constants[key]

    def _age_range(self, ranges: list[_Member], n: int) -> _Member:
        """GEOROC min/max ages: the mean where both are given, else missing (never one bound alone)."""
        low = next((m for m in ranges if m.rec.bound == "min"), None)
        high = next((m for m in ranges if m.rec.bound == "max"), None)
        if low is None or high is None:
            only = low or high
            self._note(only.position, "age bound without its pair: used as the age")
            return _Member(only.position, only.rec, only.parsed)
        lo, hi = low.parsed.values, high.parsed.values
        checks.age_range(lo, hi, self.raw.headers[high.position], self.labels, self.emit)
        mean = (lo + hi) / 2
        state = np.where(np.isnan(mean), MISSING, VALUE).astype(np.int8)
        for m in (low, high):
            self._note(m.position, "age = mean of the min and max columns where both are given")
        return _Member(low.position, low.rec, Parsed(mean, None, state, []))

    def _compare_units(self, quantity: str, group: list[_Member]) -> None:
        by_method: dict[str | None, list[_Member]] = {}
        for m in group:
            by_method.setdefault((m.rec.method or "").lower(), []).append(m)
        for same in by_method.values():
            units = {}
            for m in same:
                units.setdefault((m.rec.unit or "").lower(), m)
            pairs = list(units.values())
            for a, b in zip(pairs, pairs[1:]):
                checks.unit_disagreement(quantity, self._rounding(a), self._rounding(b), self.labels, self.emit)

    def _rounding(self, m: _Member) -> dict:
        step = 0.5 * 10.0 ** (-checks.decimals(self.raw.columns[m.position])) * abs(m.rec.factor)
        return {"values": m.parsed.values, "step": step, "header": self.raw.headers[m.position]}

    def _note(self, position: int, text: str) -> None:
        self.notes.setdefault(position, []).append(text)

    # ------------------------------------------------------------------ text, mapping, provenance

    def _text(self, original: pd.DataFrame) -> tuple[pd.DataFrame, set[int]]:
        roles, used = {}, set()
        for i, rec in enumerate(self.recs):
            if rec.kind == "text" and rec.quantity not in roles:
                roles[rec.quantity] = original.iloc[:, i]
                used.add(i)
            elif rec.kind == "text":
                self._note(i, f"second {rec.quantity} column; the first one is used")
        return pd.DataFrame({role: s.array for role, s in roles.items()}, index=original.index), used

    def _mapping(self, members: list[_Member], used: set[int], original: pd.DataFrame) -> list[ColumnInfo]:
        by_position = {m.position: m for m in members}
        infos = []
        for i, (header, rec) in enumerate(zip(self.raw.headers, self.recs)):
            m = by_position.get(i)
            if m is not None:
                state = m.parsed.state
                counts = (int((state == VALUE).sum()), int((state == CENSORED).sum()),
                          int(((state == MISSING) | (state == INVALID)).sum()))
            else:
                filled = int(original.iloc[:, i].str.len().gt(0).sum()) if len(original) else 0
                counts = (filled, 0, len(original) - filled)
            note = "; ".join(filter(None, [rec.note, *self.notes.get(i, [])]))
            infos.append(ColumnInfo(
                position=i, header=header, quantity=rec.quantity, kind=rec.kind, unit=rec.unit,
                factor=rec.factor, method=rec.method, source=rec.source, used=i in used,
                n_values=counts[0], n_censored=counts[1], n_missing=counts[2], note=note,
            ))
        return infos

    def _provenance(self, sources: dict) -> dict:
        prov = dict(self.raw.provenance)
        prov["container"] = prov.pop("format")
        prov.update({
            "file": self.file, "format": self.format, "rows": len(self.labels),
            "censoring_policy": "missing (censored cells are NaN; see CanonicalTable.with_censoring)",
            "negative_is_censored": self.negative_is_censored,
            "conversions": [
                {"column": self.raw.headers[i], "quantity": r.quantity, "unit": r.unit, "factor": r.factor,
                 "note": r.note}
                for i, r in enumerate(self.recs)
                if r.quantity is not None and r.kind in NUMERIC_KINDS and (r.factor != 1.0 or r.transform)
            ],
            "sources": sources,
            "preference": "ICP-MS > isotope dilution > INAA > XRF > other; per cell, first non-missing",
        })
        if self.format == "earthchem":
            prov["rows_note"] = "EarthChem exports hold one row per sample and method; rows are kept, not merged"
        return prov

    def _table_checks(self, table: CanonicalTable) -> None:
        from ..names import OXIDES

        headers = {}
        for info in table.mapping:
            if info.used and info.quantity is not None:
                headers.setdefault(info.quantity, info.header)
        oxides = [c for c in table.values.columns if c in OXIDES and c not in ("LOI",)]
        checks.oxides_over_100(table.values, oxides, headers, self.labels, self.emit)
        checks.totals(table.values, self.labels, self.emit)
        if not len(table):
            self.emit("the table has a header but no data rows", code="no_rows")
        if not len(table.values.columns):
            self.emit("no column is recognised as a geochemical quantity (element, oxide, isotope ratio), so "
                      "nothing can be calculated; rename the headers or map them with a columns file "
                      "(--columns)", code="no_quantities")
