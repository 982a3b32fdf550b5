"""Property tests (hypothesis): bad input only ever raises MetasomeInputError; readable tables round-trip."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metasome.errors import MetasomeInputError
from metasome.io import read_table, write

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CELL_TOKENS = ["12.5", "-3", "<0.01", "< 0,5", "bdl", "n.d.", "—", "NA", "", "abc", "12.3.4", "1e-3",
               "27000000 [8659]", "=1+1", "@x", "Ni", "0", '"quoted"', "a,b", "a;b", " 7 "]
HEADER_TOKENS = ["La", "La", "SiO2", "SIO2(WT%)", "87Sr/86Sr", "2SE", "", "Sample", "Ni_xrf", "Ni_icpms",
                 "AU(PPB)[ICPMS]", "d7Li", "Age (Ma)", "x", "La (furlongs)", "Location"]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
cell = st.one_of(st.sampled_from(CELL_TOKENS), text)
header = st.one_of(st.sampled_from(HEADER_TOKENS), text)


def _run(data: bytes, suffix: str, **kwargs) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        try:
            read_table(path, **kwargs)
        except MetasomeInputError:
            pass


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".txt", ".tsv", ".xlsx", ".parquet"]))
def test_random_bytes_raise_only_input_errors(data, suffix):
    _run(data, suffix)


@st.composite
def malformed_text(draw):
    n_cols = draw(st.integers(1, 6))
    headers = draw(st.lists(header, min_size=n_cols, max_size=n_cols))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=n_cols + 2), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quote = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quote, lineterminator=ending, escapechar="\\")
    prefix = draw(st.sampled_from(["", "# comment\n", "\n\n", "Abbreviations:\n"]))
    buffer.write(prefix)
    for row in [headers] + rows:
        try:
            writer.writerow(row)
        except csv.Error:  # QUOTE_NONE cannot write a lone empty field: a blank line then
            buffer.write(ending)
    if draw(st.booleans()):
        buffer.write(draw(st.sampled_from(["\nAbbreviations:\nWR: whole rock\nReferences:\n[1] A\n",
                                           "\n\n", '"unterminated'])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@SETTINGS
@given(data=malformed_text(), negative=st.booleans())
def test_malformed_tables_raise_only_input_errors(data, negative):
    _run(data, ".csv", negative_is_censored=negative)


def _storable(suffix: str):
    """Cells the output format can hold: XML (XLSX) normalises carriage returns and drops
    whitespace-only text (documented in metasome.io.sources)."""
    if suffix != ".xlsx":
        return lambda c: True
    return lambda c: "\r" not in c and (c.strip() or not c)


@st.composite
def table_file(draw):
    """A well-formed table: a sample-id column, then random headers (duplicates, empty) and cells."""
    suffix = draw(st.sampled_from([".csv", ".xlsx", ".parquet"]))
    n_rows = draw(st.integers(0, 8))
    n_cols = draw(st.integers(0, 5))
    headers = ["Sample"] + draw(st.lists(header.filter(_storable(suffix)), min_size=n_cols, max_size=n_cols))
    ids = [f"S{i}" for i in range(n_rows)]
    body = [[ids[i]] + draw(st.lists(cell.filter(_storable(suffix)), min_size=n_cols, max_size=n_cols))
            for i in range(n_rows)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([headers] + body)
    return buffer.getvalue().encode("utf-8"), suffix


@SETTINGS
@given(case=table_file())
def test_readable_tables_round_trip(case):
    data, suffix = case
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.csv"
        source.write_bytes(data)
        first = read_table(source)
        out = write(first, Path(tmp) / f"out{suffix}")
        again = read_table(out)
        k = first.original.shape[1]
        assert list(again.original.columns[:k]) == list(first.original.columns)
        assert again.original.iloc[:, :k].to_numpy().tolist() == first.original.to_numpy().tolist()
        assert len(again) == len(first)
        # the canonical columns written after the input columns come back as the same numbers
        for j, name in enumerate(first.values.columns):
            written = again.original.iloc[:, k + j]
            assert written.tolist() == [("" if v != v else _number_text(v, suffix)) for v in first.values[name]]


def _number_text(value: float, suffix: str) -> str:
    """How a float written by metasome.io.write reads back as verbatim text."""
    if suffix == ".xlsx" and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.compute as pc

        return pc.cast(pa.array([value]), pa.string())[0].as_py()
    return repr(value)
