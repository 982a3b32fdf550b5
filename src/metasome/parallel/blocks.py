"""Row blocks of one input file, read with the io layer's own parsers and reader.

A block is a small, picklable description (file, byte or row range, first row,
first line); :func:`read_block` turns it into a :class:`~metasome.io.table.CanonicalTable`
on whichever process runs it. Blocks hold a multiple of the isotope Monte Carlo
chunk (2000 rows), so that each block's ``row_offset`` selects the random streams
its rows have in the whole table.

Text files (CSV/TSV/TXT)
    The layout (comments, header, delimiter, decimal comma, data span, trailer)
    is found once, by :func:`metasome.io.sources._layout`, exactly as for a whole
    file. One pass over the bytes (vectorised with numpy, 8 MiB at a time) finds
    record ends: line ends (LF, CRLF, CR) outside double quotes, so a quoted
    field holding a newline never straddles two blocks; empty lines are not
    rows, as in the reader. Each block is parsed with the reader's own fast
    (pyarrow) or line-tracking (csv) parser over its byte window, and numbered
    with its source line numbers. Files that are not UTF-8 are first transcoded,
    streaming, to a UTF-8 copy with the encoding the reader would choose
    (UTF-8, else Windows-1252, else Latin-1; a byte-order mark decides first).
    A trailing column with an empty header is dropped only if it is empty in
    the whole file (the engine re-reads a block when blocks disagree).

Parquet
    Blocks are row ranges; a block reads only the row groups it overlaps.

Anything else (spreadsheets, one-column text files) is one block read by
:func:`metasome.io.read_table`.
"""

from __future__ import annotations

import codecs
import inspect
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

import numpy as np

from ..errors import MetasomeInputError

_SCAN = 1 << 23


def mc_chunk_rows() -> int:
    """Rows per random stream of the isotope Monte Carlo (blocks hold a multiple of it)."""
    from ..isotopes.uncertainty import monte_carlo

    return int(inspect.signature(monte_carlo).parameters["chunk_rows"].default)


@dataclass(frozen=True)
class Block:
    """One block of one input file.

    ``kind`` is ``"text"`` (``start``/``stop`` are byte offsets of the UTF-8 file
    ``path``, ``first_line`` the source line of its first byte, ``lines`` the physical
    lines it spans), ``"parquet"``
    (``start``/``stop`` are rows) or ``"whole"`` (the file read by
    :func:`metasome.io.read_table`).
    """

    source: str
    path: str
    kind: str
    file_index: int
    index: int
    row_offset: int
    start: int = 0
    stop: int = 0
    first_line: int = 0
    layout: object = None
    provenance: dict = field(default_factory=dict)
    lines: int = 0


def share(block: Block) -> float:
    """The part of its input file a block covers, for progress: its bytes of the (UTF-8) text it is read
    from, its rows of a Parquet file, or all of a file read whole. The header and any trailing block of
    references belong to no block, so a text file's shares sum to a little under 1."""
    if block.kind == "text":
        return (block.stop - block.start) / max(os.path.getsize(block.path), 1)
    if block.kind == "parquet":
        import pyarrow.parquet as pq

        return (block.stop - block.start) / max(pq.ParquetFile(block.path).metadata.num_rows, 1)
    return 1.0


# ----------------------------------------------------------------------------- planning

def plan(path, file_index: int, *, block_rows: int, workdir: Path, sheet=None, encoding=None) -> list[Block]:
    """Blocks of ``path`` in row order (``block_rows`` rows each, the last one shorter); every block's
    provenance holds the file's sha256."""
    return list(iter_blocks(path, file_index, block_rows=block_rows, workdir=workdir, sheet=sheet,
                            encoding=encoding, hashed=True))


def iter_blocks(path, file_index: int, *, block_rows: int, workdir: Path, sheet=None, encoding=None,
                hashed: bool = True):
    """The blocks of :func:`plan`, one by one. Without ``hashed`` a text file's blocks come as the record
    scan finds them, so that the first block can be read while the rest of the file is scanned, and no
    sha256 is computed (for ``metasome compute``, which does not report it)."""
    from ..io import sources

    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise MetasomeInputError("file not found" if not path.exists() else "not a file", file=name)
    with open(path, "rb") as fh:
        head = fh.read(sources._HEAD)
    if not head.strip():
        raise MetasomeInputError("the file is empty", file=name)
    kind = sources._sniff_format(head, path.suffix.lower())
    if kind == "parquet" and sheet is None:
        yield from _plan_parquet(path, file_index, block_rows, hashed)
    elif kind != "text" or sheet is not None:
        yield Block(name, name, "whole", file_index, 0, 0)
    else:
        yield from _plan_text(path, head, file_index, block_rows, workdir, encoding, hashed)


def _plan_parquet(path: Path, file_index: int, block_rows: int, hashed: bool) -> list[Block]:
    import pyarrow.parquet as pq

    from ..io import sources

    name = str(path)
    try:
        n = pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise MetasomeInputError(f"cannot read Parquet file: {exc}", file=name) from exc
    if n == 0:
        return [Block(name, name, "whole", file_index, 0, 0)]
    provenance = {"sha256": sources.file_sha256(path)} if hashed else {}
    return [Block(name, name, "parquet", file_index, i, r0, r0, min(n, r0 + block_rows), 0, None, provenance)
            for i, r0 in enumerate(range(0, n, block_rows))]


def _plan_text(path: Path, head: bytes, file_index: int, block_rows: int, workdir: Path,
               encoding: str | None, hashed: bool):
    from ..io import sources

    name = str(path)
    encoding, enc = sources.resolve_encoding(head, name, encoding)
    if not hashed:
        yield from _text_blocks(path, enc, encoding, None, file_index, block_rows, workdir)
        return
    # hashlib releases the GIL: the digest runs beside the UTF-8 check and the record scan
    with ThreadPoolExecutor(1) as pool:
        digest = pool.submit(sources.file_sha256, path)
        yield from _text_blocks(path, enc, encoding, digest, file_index, block_rows, workdir)


def _text_blocks(path: Path, enc: str, encoding: str | None, digest, file_index: int, block_rows: int,
                 workdir: Path):
    """Blocks of a text file; with a ``digest`` (a future of the sha256) they come after the whole scan,
    each with the hash in its provenance, else one by one as the scan finds them."""
    from ..io import sources

    name = str(path)
    read_path = path
    if enc in ("utf-8", "utf-8-sig") and not _valid_utf8(path):
        if encoding is not None:
            raise MetasomeInputError(f"the file is not valid {encoding}", file=name)
        enc = "cp1252"
    if enc not in ("utf-8", "utf-8-sig"):
        read_path, enc = _transcode(path, enc, workdir / f"utf8-{file_index:05d}.csv",
                                    fallback=encoding is None)
    with open(read_path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        first = fh.read(sources._HEAD)
        start = 3 if first.startswith(codecs.BOM_UTF8) else 0
        layout = sources._layout(fh, first, start, size, name, path.suffix.lower())
        provenance = {
            "format": "text", "encoding": enc if enc != "utf-8-sig" else "utf-8 (BOM)",
            "encoding_source": "user" if encoding is not None else "detected",
            "delimiter": layout.delimiter, "decimal_comma": layout.decimal_comma,
            "line_ending": layout.line_ending, "sheet": None,
            "header_line": layout.header_line, "comment_lines": layout.comment_lines,
        }
        if layout.trailer is not None:
            provenance["trailer"] = layout.trailer
        if len(layout.headers) < 2:
            # one column: the fast parser keeps empty lines as rows there; read it whole like the reader
            yield Block(name, name, "whole", file_index, 0, 0)
            return
        cuts = _record_cuts(fh, layout.data_start, layout.data_end, block_rows)
        if digest is not None:
            cuts = list(cuts)
            provenance["sha256"] = digest.result()  # waited for only now: it runs beside the scan too
        begin, lines, rows = layout.data_start, 0, 0
        for i, (stop, next_lines, next_rows) in enumerate(chain(cuts, [(layout.data_end, None, None)])):
            if next_lines is None:
                # the last block, after the scan: its line ends, and the last line, which has none
                span = replace(layout, data_start=begin, data_end=stop)
                next_lines = lines + sources._count_line_ends(lambda: open(read_path, "rb"), span) + 1
            yield Block(name, str(read_path), "text", file_index, i, rows, begin, stop,
                        layout.first_data_line + lines, layout, provenance, next_lines - lines)
            begin, lines, rows = stop, next_lines, next_rows


def _record_cuts(fh, start: int, end: int, block_rows: int):
    """Byte offsets just after every ``block_rows``-th row, with the lines and rows before them, as the
    scan reaches them.

    A record ends at a line end (LF, CR LF or a lone CR) with an even number of
    double quotes before it; an empty record (an empty line) is not a row.
    """
    state = _ScanState(record_start=start)
    offset = start
    fh.seek(start)
    while offset < end:
        data = fh.read(min(_SCAN, end - offset))
        if not data:
            break
        nxt = fh.read(1) if offset + len(data) < end else b""
        if nxt:
            fh.seek(-1, 1)
        # the chunk's arrays are gone before a cut is handed on (a consumer reads a block meanwhile)
        cuts = _chunk_cuts(data, nxt, offset, state, block_rows)
        offset += len(data)
        # no block may be empty: no cut at the very end (possible only without a last row)
        yield from (c for c in cuts if c[0] < end)


@dataclass
class _ScanState:
    """What the record scan carries from one chunk to the next."""

    record_start: int   # byte offset where the current record began
    parity: int = 0     # quotes seen so far, mod 2
    rows: int = 0       # non-empty records ended so far
    lines: int = 0      # physical line ends so far
    last_cr: bool = False   # the byte before the next chunk is a CR


def _chunk_cuts(data: bytes, nxt: bytes, offset: int, state: _ScanState, block_rows: int) -> list[tuple]:
    """The cuts in one chunk of the scan (at byte ``offset``; ``nxt`` is the byte after it); updates ``state``."""
    a = np.frombuffer(data, dtype=np.uint8)
    ends = _line_ends(a, data, nxt)                          # last byte of each line end
    lines_here = np.arange(1, ends.size + 1) + state.lines
    # quotes up to each line end, from the quotes' positions: the scan of bench_pipeline's 262 MiB
    # table took 1.6 s with a per-byte cumulative sum of quotes, 0.4 s so
    quote_at = np.flatnonzero(a == 34) if b'"' in data else np.empty(0, dtype=np.intp)
    quotes = np.searchsorted(quote_at, ends, side="right")
    even = ((quotes + state.parity) & 1) == 0
    rec = ends[even]
    rec_lines = lines_here[even]
    # content of each record: from the previous record's end to this end, minus the line end
    prev = np.concatenate(([state.record_start - offset - 1], rec[:-1]))
    before = a[np.maximum(rec - 1, 0)]
    crlf = (a[rec] == 10) & np.where(rec > 0, before == 13, state.last_cr)
    width = rec - prev - 1 - crlf
    nonempty = width > 0
    counts = state.rows + np.cumsum(nonempty)
    hit = np.flatnonzero(nonempty & (counts % block_rows == 0))
    cuts = [(offset + int(rec[j]) + 1, int(rec_lines[j]), int(counts[j])) for j in hit]
    if rec.size:
        state.record_start = offset + int(rec[-1]) + 1
        state.rows = int(counts[-1])
    state.lines += int(ends.size)
    state.parity = (state.parity + quote_at.size) & 1
    state.last_cr = data.endswith(b"\r")
    return cuts


def _line_ends(a: np.ndarray, data: bytes, nxt: bytes) -> np.ndarray:
    """Positions of the last byte of each line end in a chunk: LF, and CR not followed by LF."""
    if b"\r" not in data:
        return np.flatnonzero(a == 10)
    lf = a == 10
    follow_lf = np.empty_like(lf)
    follow_lf[:-1] = lf[1:]
    follow_lf[-1] = nxt == b"\n"
    return np.flatnonzero(lf | ((a == 13) & ~follow_lf))


def _valid_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        try:
            for chunk in iter(lambda: fh.read(_SCAN), b""):
                if not chunk.isascii():
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _transcode(path: Path, enc: str, target: Path, fallback: bool) -> tuple[Path, str]:
    """Stream ``path`` from ``enc`` into a UTF-8 file (Windows-1252 falls back to Latin-1, as the reader)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _stream_decode(path, enc, target)
        return target, enc
    except UnicodeDecodeError as exc:
        if fallback and enc == "cp1252":
            _stream_decode(path, "latin-1", target)
            return target, "latin-1"
        raise MetasomeInputError(f"cannot decode the file as {enc}: {exc.reason}", file=str(path)) from exc


def _stream_decode(path: Path, enc: str, target: Path) -> None:
    decoder = codecs.getincrementaldecoder(enc)()
    with open(path, "rb") as src, open(target, "wb") as dst:
        for chunk in iter(lambda: src.read(_SCAN), b""):
            dst.write(decoder.decode(chunk).encode("utf-8"))
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))


# ----------------------------------------------------------------------------- reading

def read_block(block: Block, *, columns=None, sheet=None, negative_is_censored: bool = False,
               encoding: str | None = None, n_drop: int | None = None):
    """The :class:`CanonicalTable` of one block, and how many empty trailing columns it dropped.

    ``n_drop`` forces the number of trailing empty-header columns to drop (the
    whole-file decision); None decides from this block alone.
    """
    from ..io.columns import apply_overrides, recognise_all
    from ..io.reader import _Builder, read_table
    from ..io.sources import RawTable

    if block.kind == "whole":
        table = read_table(block.source, sheet, columns, negative_is_censored=negative_is_censored,
                           encoding=encoding)
        return table, 0
    if block.kind == "parquet":
        headers, cols, labels, provenance = _parquet_rows(block)
        notes, dropped = [], 0
    else:
        headers, cols, labels, notes, provenance, dropped = _text_rows(block, n_drop)
    raw = RawTable(headers, cols, labels, provenance, notes)
    recs = apply_overrides(raw.headers, recognise_all(raw.headers), columns, block.source)
    table = _Builder(raw, recs, block.source, negative_is_censored).build()
    return table, dropped


def _text_rows(block: Block, n_drop: int | None):
    from ..io import sources

    layout = replace(block.layout, data_start=block.start, data_end=block.stop,
                     first_data_line=block.first_line)
    with open(block.path, "rb") as fh:
        parsed = sources._arrow_parse(fh, layout, block.source)
        if parsed is not None and len(parsed[1]) != block.lines:
            parsed = None  # a quoted value spans lines: row numbers need the Python parser
        if parsed is None:
            parsed = sources._python_parse(fh, layout, block.source)
    cols, labels, notes = parsed
    headers = list(layout.headers)
    if n_drop is None:
        headers, cols, dropped = sources._drop_empty_trailing(headers, cols)
        n = len(dropped)
    else:
        n = n_drop
        headers, cols = headers[:len(headers) - n], cols[:len(cols) - n]
        dropped = list(range(len(layout.headers) - 1, len(layout.headers) - 1 - n, -1))
    provenance = dict(block.provenance)
    if dropped:
        provenance["dropped_empty_columns"] = dropped
    return headers, cols, labels, notes, provenance, n


def _parquet_rows(block: Block):
    """Rows [start, stop) of a Parquet file as text columns, as :func:`metasome.io.sources._read_parquet`."""
    import pyarrow.parquet as pq

    from ..io import sources

    name = block.source
    try:
        pf = pq.ParquetFile(block.path)
        sizes = [pf.metadata.row_group(i).num_rows for i in range(pf.metadata.num_row_groups)]
        ends = np.cumsum(sizes)
        starts = ends - np.asarray(sizes)
        groups = [i for i in range(len(sizes)) if starts[i] < block.stop and ends[i] > block.start]
        table = pf.read_row_groups(groups)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise MetasomeInputError(f"cannot read Parquet file: {exc}", file=name) from exc
    first = int(starts[groups[0]]) if groups else block.start
    table = table.slice(block.start - first, block.stop - block.start)
    headers, cols = sources.arrow_text_columns(table, pf.schema_arrow.metadata, name)
    labels = np.arange(block.start + 1, block.stop + 1, dtype=np.int64)
    provenance = {"format": "parquet", "sheet": None, "encoding": None, "delimiter": None,
                  "decimal_comma": False, "sha256": block.provenance.get("sha256")}
    return headers, cols, labels, provenance
