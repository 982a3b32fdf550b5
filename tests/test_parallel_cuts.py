"""Block cuts of a text table (hypothesis): the vectorised scan agrees with a byte-by-byte reading of the
RFC 4180 rule that a record ends at a line end outside quotes, for any chunk size."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metasome.parallel import blocks

field = st.sampled_from(["a", "12.5", "", '"x"', '"a,b"', '"two\nlines"', '"cr\rline"', '"crlf\r\nline"', '""""'])
line_end = st.sampled_from(["\n", "\r\n", "\r"])
record = st.tuples(st.lists(field, min_size=1, max_size=3), line_end, st.booleans())


def _reference(data: bytes, block_rows: int) -> list[tuple[int, int, int]]:
    """Byte after every block_rows-th non-empty record, with the physical lines and records before it."""
    cuts, inside, rows, lines, start, i = [], False, 0, 0, 0, 0
    while i < len(data):
        b = data[i:i + 1]
        if b == b'"':
            inside = not inside
        elif b in (b"\n", b"\r"):
            width = i - start
            if b == b"\r" and data[i + 1:i + 2] == b"\n":
                i += 1
            lines += 1
            if not inside:
                if width > 0:
                    rows += 1
                    if rows % block_rows == 0 and i + 1 < len(data):
                        cuts.append((i + 1, lines, rows))
                start = i + 1
        i += 1
    return cuts


@settings(max_examples=150, deadline=None)
@given(records=st.lists(record, min_size=1, max_size=40), block_rows=st.integers(1, 5),
       scan=st.integers(1, 64))
def test_cuts_match_a_byte_by_byte_reading(records, block_rows, scan):
    text = "".join(("" if blank else ",".join(fields)) + end for fields, end, blank in records)
    data = text.encode()
    expected = _reference(data, block_rows)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(blocks, "_SCAN", scan)
        got = list(blocks._record_cuts(io.BytesIO(data), 0, len(data), block_rows))
    assert got == expected
