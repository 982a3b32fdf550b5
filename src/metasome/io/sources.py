"""Raw parsing: a file's bytes -> header list + verbatim text cells with source row numbers.

This layer knows file formats and nothing about geochemistry. It returns a
:class:`RawTable` whose cells are the exact text between delimiters (after CSV
unquoting) or the displayed value of a spreadsheet cell, one column per input
column, duplicates and empty headers kept.

Text files (CSV/TSV/TXT)
    * Encoding: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise
      UTF-8 is tried, then Windows-1252, then Latin-1 (which decodes any byte);
      the encoding used is recorded. ``encoding=`` overrides the detection.
    * Line endings LF, CRLF and CR-only (old Mac) are all accepted.
    * Lines starting with ``#`` (and blank lines) before the header are comments.
    * Delimiter sniffed among ``,`` ``;`` and tab: the one that splits the
      header into the most fields and agrees best with the following rows.
    * Decimal comma: assumed when the delimiter is not ``,`` and more sample
      cells look like ``12,5`` than like ``12.5``.
    * A line starting ``Abbreviations:`` or ``References:`` (the blocks that
      close GEOROC precompiled files) ends the data; the references are parsed
      into the provenance.
    * A trailing column with an empty header and no content (the trailing comma
      of GEOROC files) is dropped; with content it is kept under header ``""``.
    * Rows shorter than the header are padded with empty cells (recorded);
      rows longer than the header whose extra cells are empty are trimmed;
      rows with content beyond the header raise :class:`MetasomeInputError`.
    * Blank lines between data rows are not rows.

    The fast path parses with ``pyarrow.csv`` (multi-threaded, one physical
    line per row, so source line numbers are exact); files it cannot read that
    way (quoted newlines, ragged or blank rows) are re-read with Python's
    :mod:`csv` module, which tracks line numbers itself.

Spreadsheets (XLSX/XLSM/XLS/XLSB/ODS, read with calamine)
    * ``sheet=`` by name or 0-based index. Without it the first sheet is used
      if it has recognisable data; otherwise, if exactly one sheet has, that
      sheet is used and a warning recorded; otherwise an error lists the sheets.
    * The header is the first of the first 30 rows holding two or more filled
      cells (one-cell title rows above it are skipped and recorded), or the first
      filled row when no row has two. Rows are numbered as in the spreadsheet
      (1-based). Empty columns left of or beyond the data are not input columns.
      Workbooks written by :func:`metasome.io.write` (creator ``metasome``)
      have their header in the first row, title or not.
    * XLSX has no empty-string cells: a column with an empty header and no
      content at the left or right edge, and trailing rows without content,
      cannot be stored in a workbook and are not read from one. XML also turns
      carriage returns in cells into line feeds, and calamine reads cells
      holding only white space as empty.

Parquet
    Read with pyarrow; non-text columns are turned into text. Duplicate headers
    written by :func:`metasome.io.write` are restored from the schema metadata.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import MetasomeInputError

_HEAD = 1 << 16
_CHUNK = 1 << 24
#: trailer blocks (Abbreviations:/References:) are looked for in this many final bytes
_TRAILER_WINDOW = 1 << 26
_DELIMITERS = (",", ";", "\t")
_SPREADSHEET_EXT = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_PARQUET_EXT = {".parquet", ".pq"}
_TRAILER_MARKERS = (b"Abbreviations:", b"References:", b"ABBREVIATIONS:", b"REFERENCES:")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_END = re.compile(rb"\r\n|\r|\n")
_COMMA_DECIMAL = re.compile(r"^\s*[-+<]?\s*\d+,\d+\s*$")
_DOT_DECIMAL = re.compile(r"^\s*[-+<]?\s*\d*\.\d+\s*$")
_NUMBER_ONLY = re.compile(r"^\s*[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d+)?\s*$")
_REFERENCE = re.compile(r'^\s*"?\[?(\d+)\]?"?\s*[,;\t:]?\s*"?(.*?)"?\s*,*\s*$')


@dataclass
class RawTable:
    """A table as parsed, before any interpretation.

    Attributes
    ----------
    headers : list of str
        Original headers in input order (duplicates and ``""`` kept).
    columns : list of pyarrow.ChunkedArray
        One string array per header, cells verbatim, ``""`` for empty.
    row_labels : numpy.ndarray
        1-based source line (text) or sheet row (spreadsheet) of each data row.
    provenance : dict
        ``format``, ``encoding``, ``delimiter``, ``decimal_comma``, ``sheet``,
        ``sha256`` and notes on anything skipped (comments, trailer blocks).
    notes : list of dict
        Warnings to record (keys ``message``, ``row``, ``column``, ``code``).
    """

    headers: list[str]
    columns: list
    row_labels: np.ndarray
    provenance: dict
    notes: list[dict] = field(default_factory=list)

    @property
    def decimal_comma(self) -> bool:
        return bool(self.provenance.get("decimal_comma"))


def load_raw(path, sheet=None, encoding: str | None = None,
             has_data: Callable[[list[str]], bool] = lambda headers: True) -> RawTable:
    """Parse ``path`` into a :class:`RawTable` (format chosen by content, then extension).

    ``has_data(headers)`` tells whether a spreadsheet sheet holds recognisable
    data; it decides which sheet to read when ``sheet`` is None.
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise MetasomeInputError("file not found" if not path.exists() else "not a file", file=name)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise MetasomeInputError(f"cannot open file: {exc.strerror or exc}", file=name) from exc
    if not head.strip():
        raise MetasomeInputError("the file is empty", file=name)
    kind = _sniff_format(head, path.suffix.lower())
    if kind == "spreadsheet":
        return _read_spreadsheet(path, sheet, has_data)
    if sheet is not None:
        raise MetasomeInputError(f"sheet={sheet!r} given but the file is not a spreadsheet", file=name)
    if kind == "parquet":
        return _read_parquet(path)
    return _read_text(path, head, encoding)


def _sniff_format(head: bytes, suffix: str) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "spreadsheet"
    if head.startswith(b"PAR1"):
        return "parquet"
    if suffix in _SPREADSHEET_EXT:
        return "spreadsheet"
    if suffix in _PARQUET_EXT:
        return "parquet"
    return "text"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks (recorded in provenance)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- text files

def _detect_encoding(head: bytes, name: str) -> str:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    if b"\x00" in head:
        # UTF-16 without a byte-order mark puts NUL in every other byte of ASCII text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.4 * len(head) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(head) / 2 and odd == 0:
            return "utf-16-be"
        raise MetasomeInputError("binary content (NUL bytes): not a text table", file=name)
    for enc in ("utf-8", "cp1252"):
        try:
            # a multi-byte character may be cut at the end of the head
            head.decode(enc) if len(head) < _HEAD else head[:-4].decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _check_text(text: str, name: str) -> None:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f\v") or ch == "\ufffd")
    if bad > max(2, 0.01 * len(text)):
        raise MetasomeInputError("binary content (control characters): not a text table", file=name)


def _data_span(fh, layout: _Layout):
    """The bytes [data_start, data_end) for pyarrow: a memory-mapped slice of a file on disk, else a window.

    A pyarrow buffer lets the parser's threads read without the GIL: 262 MiB of bench_pipeline's table
    parsed in 0.48-0.59 s, against 0.57-0.72 s through a Python file object (4 MiB blocks, 2 cores).
    """
    import pyarrow as pa

    if isinstance(fh, io.BufferedReader):
        try:
            mapped = pa.memory_map(fh.name)
            return pa.BufferReader(mapped.read_buffer(layout.data_end)[layout.data_start:])
        except (OSError, pa.ArrowException):
            pass  # a file system without memory maps: read through the file object
    return _Bounded(fh, layout.data_start, layout.data_end)


class _Bounded(io.RawIOBase):
    """A read-only window [start, end) of a binary file, so pyarrow never sees the trailer."""

    def __init__(self, raw, start: int, end: int):
        self._raw, self._end = raw, end
        raw.seek(start)
        self._pos = start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self._end - self._pos)
        if n <= 0:
            return 0
        data = self._raw.read(n)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def resolve_encoding(head: bytes, name: str, encoding: str | None) -> tuple[str | None, str]:
    """(the user's encoding by its canonical name or None, the encoding to read with).

    A user-given name is checked (unknown -> :class:`MetasomeInputError`); without
    one the encoding is detected from the first bytes.
    """
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as exc:
            raise MetasomeInputError(f"unknown encoding {encoding!r}", file=name) from exc
    return encoding, encoding or _detect_encoding(head, name)


def _read_text(path: Path, head: bytes, encoding: str | None) -> RawTable:
    name = str(path)
    encoding, enc = resolve_encoding(head, name, encoding)
    if enc in ("utf-8", "utf-8-sig"):
        try:
            return _parse_text(path, lambda: open(path, "rb"), enc, explicit=encoding is not None)
        except _NotUtf8 as exc:
            if encoding is not None:
                raise MetasomeInputError(f"the file is not valid {encoding}", file=name) from exc
            enc = "cp1252"
    data, enc = _transcode(path, enc, fallback=encoding is None)
    return _parse_text(path, lambda: io.BytesIO(data), enc, explicit=encoding is not None)


class _NotUtf8(Exception):
    """Raised internally when a file that looked UTF-8 has invalid bytes further on."""


def _transcode(path: Path, enc: str, fallback: bool) -> tuple[bytes, str]:
    """The file re-encoded as UTF-8; Windows-1252 falls back to Latin-1 (which decodes any byte)."""
    raw = path.read_bytes()
    try:
        return raw.decode(enc).encode("utf-8"), enc
    except UnicodeDecodeError as exc:
        if fallback and enc == "cp1252":
            return raw.decode("latin-1").encode("utf-8"), "latin-1"
        line = raw[: exc.start].count(b"\n") + 1
        raise MetasomeInputError(f"cannot decode the file as {enc}: {exc.reason}", file=str(path),
                                 row=line) from exc


def _parse_text(path: Path, opener, enc: str, explicit: bool) -> RawTable:
    import concurrent.futures

    name = str(path)
    with concurrent.futures.ThreadPoolExecutor(2) as pool, opener() as fh:
        digest = pool.submit(file_sha256, path)
        size = fh.seek(0, io.SEEK_END)
        fh.seek(0)
        head = fh.read(_HEAD)
        start = 3 if head.startswith(codecs.BOM_UTF8) else 0
        layout = _layout(fh, head, start, size, name, path.suffix.lower())
        provenance = {
            "format": "text", "encoding": enc if enc != "utf-8-sig" else "utf-8 (BOM)",
            "encoding_source": "user" if explicit else "detected",
            "delimiter": layout.delimiter, "decimal_comma": layout.decimal_comma,
            "line_ending": layout.line_ending, "sheet": None,
            "header_line": layout.header_line, "comment_lines": layout.comment_lines,
        }
        if layout.trailer is not None:
            provenance["trailer"] = layout.trailer
        # hashlib and bytes.count release the GIL: both run beside the pyarrow parse
        lines = pool.submit(_count_line_ends, opener, layout)
        parsed = _arrow_parse(fh, layout, name)
        if parsed is not None and len(parsed[1]) and lines.result() != len(parsed[1]) - 1:
            parsed = None  # a quoted value spans lines: row numbers need the Python parser
        if parsed is None:
            parsed = _python_parse(fh, layout, name)
        provenance["sha256"] = digest.result()
    columns, labels, notes = parsed
    headers, columns, dropped = _drop_empty_trailing(layout.headers, columns)
    if dropped:
        provenance["dropped_empty_columns"] = dropped
    return RawTable(headers, columns, labels, provenance, notes)


@dataclass
class _Layout:
    headers: list[str]
    delimiter: str
    decimal_comma: bool
    line_ending: str
    header_line: int
    comment_lines: int
    data_start: int          # byte offset of the first data line
    data_end: int            # byte offset where data stops (trailer or end of file)
    first_data_line: int     # 1-based line number of data_start
    trailer: dict | None


def _layout(fh, head: bytes, start: int, size: int, name: str, suffix: str) -> _Layout:
    """Find comments, header, delimiter, data span and trailer of a UTF-8 text stream."""
    ends = [(m.start(), m.end()) for m in _LINE_END.finditer(head, start)]
    line_ending = _line_ending_name(head)
    pos, line_no, comments = start, 1, 0
    for s, e in ends + [(len(head), len(head))]:
        line = head[pos:s]
        if line.strip() and not line.lstrip().lstrip(b'"').startswith(b"#"):
            break
        comments += bool(line.strip())
        pos, line_no = e, line_no + 1
    else:
        raise MetasomeInputError("no header: the file holds only comments or blank lines", file=name)
    if pos >= len(head) and len(head) >= size:
        raise MetasomeInputError("no header: the file holds only comments or blank lines", file=name)
    sample = _decode_sample(head[pos:], len(head) < size, name)
    delimiter = _sniff_delimiter(sample, suffix)
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        headers = next(reader)
        header_lines = reader.line_num
        rows = [row for _, row in zip(range(50), reader)]
    except csv.Error as exc:
        raise MetasomeInputError(f"cannot parse the header: {exc}", file=name, row=line_no) from exc
    _check_header(headers, name, line_no)
    data_start = pos
    for _ in range(header_lines):
        m = _LINE_END.search(head, data_start)
        data_start = m.end() if m else len(head)
    data_end, trailer = _find_trailer(fh, data_start, size, line_no + header_lines, name)
    return _Layout(
        headers=headers, delimiter=delimiter,
        decimal_comma=_uses_decimal_comma(rows, delimiter),
        line_ending=line_ending, header_line=line_no, comment_lines=comments,
        data_start=data_start, data_end=data_end, first_data_line=line_no + header_lines,
        trailer=trailer,
    )


def _line_ending_name(head: bytes) -> str:
    if b"\r\n" in head:
        return "CRLF"
    if b"\r" in head and b"\n" not in head:
        return "CR"
    return "LF"


def _decode_sample(data: bytes, truncated: bool, name: str) -> str:
    if truncated:
        # drop the (possibly cut) last line of the head
        cut = max(data.rfind(b"\n"), data.rfind(b"\r"))
        data = data[:cut] if cut > 0 else data
    text = data.decode("utf-8", errors="replace")
    _check_text(text, name)
    return text


def _sniff_delimiter(sample: str, suffix: str) -> str:
    lines = sample.splitlines()[:51]
    best, best_score = ",", None
    for delim in _DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delim, strict=False))
        except csv.Error:
            continue
        if not rows:
            continue
        n = len(rows[0])
        body = [len(r) for r in rows[1:] if r]
        agree = sum(abs(k - n) <= 1 for k in body) / len(body) if body else 1.0
        preferred = (delim == "\t") == (suffix in (".tsv", ".tab"))
        score = (n > 1, agree, n, preferred)
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best


def _uses_decimal_comma(rows: list[list[str]], delimiter: str) -> bool:
    if delimiter == ",":
        return False
    cells = [c for r in rows for c in r]
    comma = sum(bool(_COMMA_DECIMAL.match(c)) for c in cells)
    dot = sum(bool(_DOT_DECIMAL.match(c)) for c in cells)
    return comma > dot


def _check_header(headers: list[str], name: str, line: int) -> None:
    filled = [h for h in headers if h.strip()]
    if not filled:
        raise MetasomeInputError("no header: the first line holds no column names", file=name, row=line)
    if all(_NUMBER_ONLY.match(h) for h in filled):
        raise MetasomeInputError("no header: the first line holds only numbers, not column names",
                                 file=name, row=line)


def _find_trailer(fh, start: int, size: int, first_line: int, name: str) -> tuple[int, dict | None]:
    """End of the data: the first line starting with a trailer marker, else the end of file.

    Trailing whitespace is excluded so that blank lines before the trailer or at
    the end of the file do not become rows.
    """
    offset, found = max(start, size - _TRAILER_WINDOW), None
    first_offset = offset
    overlap = max(len(m) for m in _TRAILER_MARKERS) + 8
    while found is None:
        fh.seek(offset)
        chunk = fh.read(_CHUNK)
        if not chunk:
            break
        for marker in _TRAILER_MARKERS:
            at = chunk.find(marker)
            while at >= 0:
                line_start = _line_start(chunk, at, offset == first_offset)
                if line_start >= 0:
                    found = offset + line_start if found is None else min(found, offset + line_start)
                    break
                at = chunk.find(marker, at + 1)
        if len(chunk) < _CHUNK:
            break
        offset += len(chunk) - overlap
    end = found if found is not None else size
    end = _strip_trailing_space(fh, start, end)
    if found is None:
        return end, None
    return end, _parse_trailer(fh, start, found, first_line, name)


def _line_start(chunk: bytes, at: int, chunk_is_first: bool) -> int:
    """Start of the line holding ``chunk[at]`` if only quotes or blanks precede it there, else -1."""
    start = max(chunk.rfind(b"\n", 0, at), chunk.rfind(b"\r", 0, at)) + 1
    if start == 0 and not chunk_is_first:
        return -1
    return start if not chunk[start:at].strip(b' \t",;') else -1


def _strip_trailing_space(fh, start: int, end: int) -> int:
    """End of the data: trailing blank lines go, spaces ending the last line stay (cells are verbatim)."""
    limit = end
    while end > start:
        window = min(_HEAD, end - start)
        fh.seek(end - window)
        tail = fh.read(window)
        stripped = tail.rstrip()
        end -= len(tail) - len(stripped)
        if stripped:
            break
    fh.seek(end)
    rest = fh.read(limit - end)
    return end + len(rest) - len(rest.lstrip(b" \t"))


def _parse_trailer(fh, start: int, at: int, first_line: int, name: str) -> dict:
    fh.seek(start)
    lines_before = len(_LINE_END.findall(fh.read(at - start)))
    text = fh.read().decode("utf-8", errors="replace")
    references: dict[str, str] = {}
    block = None
    for line in text.splitlines():
        stripped = line.strip().strip('",; \t')
        lower = stripped.lower()
        if lower.startswith("abbreviations:"):
            block = "abbreviations"
        elif lower.startswith("references:"):
            block = "references"
        elif block == "references" and stripped:
            m = _REFERENCE.match(line)
            if m and m.group(2):
                references[m.group(1)] = m.group(2)
    return {"line": first_line + lines_before, "references": references}


def _arrow_parse(fh, layout: _Layout, name: str):
    """Fast path; None when the file needs the line-tracking Python parser."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    n = len(layout.headers)
    invalid = []

    def on_invalid(row):
        invalid.append(row.number)
        return "skip"

    names = [f"c{i}" for i in range(n)]
    try:
        table = pacsv.read_csv(
            _data_span(fh, layout),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=False,
                                             ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc).lower():
            raise _NotUtf8 from exc
        return None
    if invalid:
        return None
    columns = [table.column(i) for i in range(n)]
    if table.num_rows and n > 1 and _any_blank_row(columns):
        return None
    labels = np.arange(layout.first_data_line, layout.first_data_line + table.num_rows, dtype=np.int64)
    return columns, labels, []


def _count_line_ends(opener, layout: _Layout) -> int:
    """Line ends inside the data span (CR for old-Mac files, else LF, which CRLF also ends with)."""
    end_byte = b"\r" if layout.line_ending == "CR" else b"\n"
    count, position = 0, layout.data_start
    with opener() as fh:
        fh.seek(position)
        while position < layout.data_end:
            chunk = fh.read(min(_CHUNK, layout.data_end - position))
            if not chunk:
                break
            count += chunk.count(end_byte)
            position += len(chunk)
    return count


def _any_blank_row(columns) -> bool:
    import pyarrow.compute as pc

    blank = None
    for col in columns:
        empty = pc.equal(pc.binary_length(col), 0)
        blank = empty if blank is None else pc.and_(blank, empty)
        if not pc.any(blank).as_py():
            return False
    return bool(pc.any(blank).as_py())


def _python_parse(fh, layout: _Layout, name: str):
    """Line-tracking parser for files the fast path refuses (ragged, quoted newlines, blank lines)."""
    import pyarrow as pa

    fh.seek(layout.data_start)
    raw = fh.read(layout.data_end - layout.data_start)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _NotUtf8 from exc
    n = len(layout.headers)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter, strict=False)
    rows, labels, short = [], [], []
    previous = 0
    try:
        for record in reader:
            line = layout.first_data_line + previous
            previous = reader.line_num
            if not record:
                continue
            if len(record) > n:
                extra = record[n:]
                if any(extra):
                    col = next(i for i, c in enumerate(extra) if c) + n + 1
                    raise MetasomeInputError(
                        f"row has {len(record)} fields but the header has {n}; field {col} holds "
                        f"{extra[col - n - 1][:40]!r} and cannot be aligned to a column", file=name, row=line)
                record = record[:n]
            elif len(record) < n:
                short.append(line)
                record = record + [""] * (n - len(record))
            rows.append(record)
            labels.append(line)
    except csv.Error as exc:
        raise MetasomeInputError(f"cannot parse CSV: {exc}", file=name,
                                 row=layout.first_data_line + reader.line_num) from exc
    cells = list(zip(*rows)) if rows else [()] * n
    columns = [pa.chunked_array([pa.array(list(col), type=pa.string())]) for col in cells]
    notes = []
    if short:
        notes.append({"message": f"{len(short)} row(s) have fewer fields than the header and were padded "
                                 f"with empty cells (first at line {short[0]})",
                      "row": short[0], "column": None, "code": "short_row"})
    return columns, np.asarray(labels, dtype=np.int64), notes


def _drop_empty_trailing(headers: list[str], columns: list) -> tuple[list[str], list, list[int]]:
    """Drop trailing columns that have an empty header and no content (GEOROC's trailing comma)."""
    import pyarrow.compute as pc

    dropped = []
    while headers and not headers[-1].strip() and len(headers) > 1:
        col = columns[-1]
        if len(col) and pc.max(pc.binary_length(col)).as_py():
            break
        dropped.append(len(headers) - 1)
        headers, columns = headers[:-1], columns[:-1]
    return headers, columns, dropped


# ----------------------------------------------------------------------------- spreadsheets

def _looks_like_text(path: Path) -> str:
    """A hint when a file named as a workbook starts like a text table (a CSV saved as .xlsx)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head or b"\0" in head:
        return ""
    import codecs

    try:   # incremental: a character cut at the end of the 4 KiB is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return ""
    return (f"; the file starts as plain text, so it may be a CSV or TSV table named {path.suffix}: rename it "
            "to .csv or .tsv")


def _read_spreadsheet(path: Path, sheet, has_data) -> RawTable:
    from python_calamine import CalamineWorkbook

    name = str(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise MetasomeInputError(f"cannot read spreadsheet: {exc}{_looks_like_text(path)}", file=name) from exc
    if not sheets:
        raise MetasomeInputError("the workbook has no sheets", file=name)
    notes: list[dict] = []
    grids = {}

    def grid(i: int):
        if i not in grids:
            try:
                grids[i] = book.get_sheet_by_index(i).to_python(skip_empty_area=False)
            except Exception as exc:  # calamine errors on damaged sheets
                raise MetasomeInputError(f"cannot read sheet {sheets[i]!r}: {exc}", file=name) from exc
        return grids[i]

    index = _choose_sheet(sheet, sheets, grid, has_data, name, notes)
    rows = grid(index)
    table = _grid_table(rows, name, sheets[index], header_first=_written_by_metasome(path))
    headers, columns, labels, skipped = table
    provenance = {"format": "spreadsheet", "sheet": sheets[index], "sheets": sheets, "encoding": None,
                  "delimiter": None, "decimal_comma": False, "sha256": file_sha256(path)}
    if skipped:
        provenance["preamble_rows"] = skipped
    return RawTable(headers, columns, labels, provenance, notes)


def _choose_sheet(sheet, sheets, grid, has_data, name, notes) -> int:
    listing = ", ".join(repr(s) for s in sheets)
    if isinstance(sheet, bool) or (sheet is not None and not isinstance(sheet, (int, str))):
        raise MetasomeInputError(f"sheet must be a name or an index, not {sheet!r}", file=name)
    if isinstance(sheet, int):
        if not -len(sheets) <= sheet < len(sheets):
            raise MetasomeInputError(f"no sheet number {sheet}; the sheets are {listing}", file=name)
        return sheet % len(sheets)
    if isinstance(sheet, str):
        if sheet not in sheets:
            raise MetasomeInputError(f"no sheet named {sheet!r}; the sheets are {listing}", file=name)
        return sheets.index(sheet)
    if _sheet_has_data(grid(0), has_data):
        return 0
    with_data = [i for i in range(len(sheets)) if _sheet_has_data(grid(i), has_data)]
    if len(with_data) == 1:
        notes.append({"message": f"the first sheet {sheets[0]!r} holds no recognisable data; "
                                 f"read sheet {sheets[with_data[0]]!r}, the only one that does",
                      "row": None, "column": None, "code": "sheet_choice"})
        return with_data[0]
    if len(sheets) == 1:
        return 0
    which = "no sheet holds" if not with_data else "several sheets hold"
    raise MetasomeInputError(f"the first sheet {sheets[0]!r} holds no recognisable data and {which} "
                             f"some; choose one with sheet= (the sheets are {listing})", file=name)


def _sheet_has_data(rows, has_data) -> bool:
    texts = [[_cell_text(v) for v in row] for row in rows[:60]]
    at = _header_row(texts)
    return at is not None and at + 1 < len(rows) and has_data(texts[at])


def _cell_text(value) -> str:
    """Displayed text of a calamine cell value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _header_row(texts: list[list[str]]) -> int | None:
    """First row with two or more filled cells (title rows hold one); else the first filled row."""
    counts = [0 if _is_comment(row) else sum(bool(c.strip()) for c in row) for row in texts[:30]]
    if not any(counts):
        return None
    return next((i for i, c in enumerate(counts) if c >= 2), next(i for i, c in enumerate(counts) if c))


def _is_comment(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) == 1 and filled[0].lstrip().startswith("#")


def _written_by_metasome(path: Path) -> bool:
    """Whether an XLSX file was written by :func:`metasome.io.write` (its header is the first row)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return b">metasome</dc:creator>" in core


def _grid_table(rows, name: str, sheet: str, header_first: bool = False):
    import pyarrow as pa

    texts = [[_cell_text(v) for v in row] for row in rows]
    at = 0 if header_first and texts else _header_row(texts[:60])
    if at is None:
        raise MetasomeInputError(f"sheet {sheet!r} is empty", file=name)
    width = max(len(r) for r in texts)
    grid = [r + [""] * (width - len(r)) for r in texts]
    header = grid[at]
    body = grid[at + 1:]
    keep = [j for j in range(width) if header[j].strip() or any(r[j] for r in body)]
    # empty columns outside the used area (left of or beyond the data) are not input columns
    if keep:
        keep = list(range(keep[0], keep[-1] + 1))
    headers = [header[j] for j in keep]
    columns = [pa.chunked_array([pa.array([r[j] for r in body], type=pa.string())]) for j in keep]
    labels = np.arange(at + 2, at + 2 + len(body), dtype=np.int64)
    return headers, columns, labels, list(range(1, at + 1))


# ----------------------------------------------------------------------------- parquet

def arrow_text_columns(table, metadata, name: str) -> tuple[list[str], list]:
    """Headers and text columns of an Arrow table read from a Parquet file.

    Duplicate headers written by :func:`metasome.io.write` are restored from the
    schema ``metadata`` (key ``metasome.headers``); non-text columns are cast to
    text and nulls become empty cells.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    headers = [str(c) for c in table.column_names]
    meta = (metadata or {}).get(b"metasome.headers")
    if meta:
        try:
            stored = json.loads(meta)
        except ValueError:
            stored = None
        if isinstance(stored, list) and len(stored) == len(headers):
            headers = [str(h) for h in stored]
    if not headers:
        raise MetasomeInputError("the Parquet file has no columns", file=name)
    columns = []
    for i, col in enumerate(table.columns):
        try:
            text = col if pa.types.is_string(col.type) else pc.cast(col, pa.string())
        except pa.ArrowNotImplementedError as exc:
            raise MetasomeInputError(f"column type {col.type} cannot be read as text", file=name,
                                     column=headers[i]) from exc
        columns.append(pc.fill_null(text, ""))
    return headers, columns


def _read_parquet(path: Path) -> RawTable:
    import pyarrow.parquet as pq

    name = str(path)
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise MetasomeInputError(f"cannot read Parquet file: {exc}", file=name) from exc
    headers, columns = arrow_text_columns(table, table.schema.metadata, name)
    labels = np.arange(1, table.num_rows + 1, dtype=np.int64)
    provenance = {"format": "parquet", "sheet": None, "encoding": None, "delimiter": None,
                  "decimal_comma": False, "sha256": file_sha256(path)}
    return RawTable(headers, columns, labels, provenance)
