"""Every awkward file of tests/corpus read with the outcome listed in tests/corpus/expected.toml."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from metasome.errors import MetasomeInputError
from metasome.io import read_table

CORPUS = Path(__file__).parent / "corpus"
CASES = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


def test_corpus_is_large_enough_and_fully_described():
    files = {p.name for p in CORPUS.iterdir() if p.suffix not in (".py", ".toml")}
    described = {case.get("file", name) for name, case in CASES.items()}
    assert len(files) >= 30
    assert files <= described, f"corpus files without an expected outcome: {sorted(files - described)}"


def _same(actual, expected) -> bool:
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    return actual.shape == expected.shape and bool(
        np.all(np.isclose(actual, expected, rtol=1e-6, atol=1e-12) | (np.isnan(actual) & np.isnan(expected))))


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case(name):
    case = CASES[name]
    path = CORPUS / case.get("file", name)
    kwargs = dict(case.get("kwargs", {}))
    if "columns" in kwargs:
        kwargs["columns"] = {h: {k: (None if v is False else v) for k, v in spec.items()}
                             for h, spec in kwargs["columns"].items()}
    if "error" in case:
        with pytest.raises(MetasomeInputError) as info:
            read_table(path, **kwargs)
        assert case["error"] in str(info.value)
        assert path.name in str(info.value)
        return
    table = read_table(path, **kwargs)
    if "rows" in case:
        assert len(table) == case["rows"] == len(table.values) == len(table.row_labels)
    if "labels" in case:
        assert table.row_labels.tolist() == case["labels"]
    if "headers" in case:
        assert list(table.original.columns) == case["headers"]
    for quantity, expected in case.get("values", {}).items():
        assert _same(table.values[quantity], expected), (quantity, table.values[quantity].tolist())
    for quantity, expected in case.get("censored", {}).items():
        assert table.censored[quantity].tolist() == expected
    for quantity, expected in case.get("limits", {}).items():
        assert _same(table.limits[quantity], expected)
    by_header = {m.header: m for m in table.mapping}
    for header, quantity in case.get("mapping", {}).items():
        assert (by_header[header].quantity or "") == quantity, by_header[header]
    for header, used in case.get("used", {}).items():
        assert by_header[header].used is used
    for quantity, (n_values, n_censored, n_missing) in case.get("counts", {}).items():
        info = next(m for m in table.mapping if m.quantity == quantity and m.used)
        assert (info.n_values, info.n_censored, info.n_missing) == (n_values, n_censored, n_missing)
    codes = {w.code for w in table.warnings}
    assert set(case.get("warnings", [])) <= codes, codes
    assert not set(case.get("no_warnings", [])) & codes, codes
    for code, rows in case.get("warning_rows", {}).items():
        assert [w.row for w in table.warnings if w.code == code] == rows
        assert all(w.file == str(path) for w in table.warnings)
    for key, expected in case.get("provenance", {}).items():
        assert table.provenance[key] == expected, (key, table.provenance[key])
    headers = list(table.original.columns)
    for header, cells in case.get("original", {}).items():
        # duplicate headers: the cells of each such column in turn
        got = [c for j, h in enumerate(headers) if h == header for c in table.original.iloc[:, j].tolist()]
        assert got == cells, (header, got)
    if "trailer_references" in case:
        assert len(table.provenance["trailer"]["references"]) == case["trailer_references"]


def test_every_corpus_column_survives_verbatim():
    """The original frame keeps every input column and row of each readable corpus file."""
    for name, case in CASES.items():
        if "error" in case:
            continue
        table = read_table(CORPUS / case.get("file", name), **{
            k: v for k, v in case.get("kwargs", {}).items() if k != "columns"})
        assert len(table.mapping) == table.original.shape[1]
        assert [m.header for m in table.mapping] == list(table.original.columns)
        assert table.original.index.equals(table.values.index)
        assert all(not math.isnan(x) for x in table.row_labels)
