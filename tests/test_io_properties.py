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


NUMBERISH = st.text(alphabet="0123456789.+-eE <>,bdlnaif[]", max_size=7)
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64).map(
    lambda x: st.sampled_from([repr(x), f"{x:.3f}", f"{x:e}", f"{x:.0f}.", f" {x} "]))
numeric_cell = st.one_of(st.sampled_from(CELL_TOKENS + ["-", "--", "+5", ".5", "5.", "-.5e-3", "1e999", "-inf",
                                                        "nan", "-nan", "inf", "1E+05", "0x10", "+", ".", "e5",
                                                        "\u00a05.5", "\t3\t", "5\u2003", "\u00a0", "<\u00a00.1"]),
                         numbers.flatmap(lambda s: s), NUMBERISH)


@SETTINGS
@given(chunks=st.lists(st.lists(numeric_cell, max_size=12), min_size=1, max_size=3),
       comma=st.booleans(), sliced=st.booleans())
def test_number_shaped_cells_parse_as_the_regular_expression_does(chunks, comma, sliced):
    """Casting the number-shaped cells gives, cell for cell, the states, values, limits and examples of the
    regular-expression route over every cell trimmed, whatever the cells and chunks (a chunk may be a slice
    of a longer array)."""
    import numpy as np
    import pyarrow as pa

    import pyarrow.compute as pc

    from metasome.io.censor import _screened, _slow, _trimmed

    arrays = [pa.array(["pad", *c, "pad"]).slice(1, len(c)) if sliced else pa.array(c, type=pa.string())
              for c in chunks]
    column = pa.chunked_array(arrays, pa.string())
    text, edges = _trimmed(column, comma)   # trimmed only where a cell may need it
    screened = _screened(text, edges)
    if screened is None:   # a shaped cell Arrow cannot read: the regular expression decides alone
        return
    always = pc.utf8_trim_whitespace(column)
    slow = _slow(pc.replace_substring(always, ",", ".") if comma else always)
    np.testing.assert_array_equal(screened.state, slow.state)
    np.testing.assert_array_equal(screened.values, slow.values)
    np.testing.assert_array_equal(screened.limits, slow.limits)
    assert screened.invalid_examples == slow.invalid_examples
