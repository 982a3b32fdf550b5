"""Write a canonical table (every input column verbatim, canonical values, derived columns).

Formats by extension: ``.csv`` (UTF-8, comma), ``.tsv``/``.txt`` (tab),
``.xlsx`` and ``.parquet``.

* XLSX: every text cell is written as a string, never a formula, even when it
  starts with ``=``, ``+``, ``-`` or ``@`` (formula injection, OWASP "CSV
  injection"); numbers are written as numbers.
* Parquet needs unique string column names: repeated headers get a suffix
  ``" (2)"``, ``" (3)"``... in the file, and the original header list is stored
  in the schema metadata under ``metasome.headers`` (restored by
  :func:`metasome.io.read_table`).

References
----------
OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import MetasomeInputError
from .table import CanonicalTable

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_COLUMNS = 16_384


def write(table: CanonicalTable, path, derived: pd.DataFrame | None = None) -> Path:
    """Write ``table.to_frame(derived)`` to ``path`` (CSV, TSV, XLSX or Parquet by extension)."""
    return write_frame(table.to_frame(derived), path)


def write_frame(frame: pd.DataFrame, path) -> Path:
    """Write any DataFrame (e.g. a model output) with the same formats and safety rules as :func:`write`."""
    path = Path(path)
    suffix = path.suffix.lower()
    writers = {".csv": _csv, ".tsv": _csv, ".txt": _csv, ".xlsx": _xlsx, ".parquet": _parquet}
    if suffix not in writers:
        raise MetasomeInputError(f"unknown output format {suffix or '(none)'!r}; use one of "
                                 f"{', '.join(sorted(writers))}", file=str(path))
    try:
        writers[suffix](frame, path)
    except OSError as exc:
        raise MetasomeInputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from exc
    return path


def _csv(frame: pd.DataFrame, path: Path) -> None:
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    frame.to_csv(path, sep=sep, index=False, encoding="utf-8", float_format=None, lineterminator="\n")


def _xlsx(frame: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rows, cols = frame.shape
    if rows + 1 > _XLSX_MAX_ROWS or cols > _XLSX_MAX_COLUMNS:
        raise MetasomeInputError(f"{rows} rows x {cols} columns do not fit in an XLSX sheet; "
                                 "write CSV or Parquet", file=str(path))
    book = Workbook(write_only=True)
    book.properties.creator = "metasome"  # tells the reader the header is the first row
    sheet = book.create_sheet("data")

    def text_cell(value: str, row: int | None, column: str):
        if _ILLEGAL_XML.search(value):
            raise MetasomeInputError("cell holds control characters XLSX cannot store; write CSV or Parquet",
                                     file=str(path), row=row, column=column)
        cell = WriteOnlyCell(sheet, value=value)
        # a string starting with = + - @ must stay text, never become a formula
        cell.data_type = "s"
        return cell

    headers = [str(c) for c in frame.columns]
    sheet.append([text_cell(h, None, h) for h in headers])
    columns = [_cells(frame.iloc[:, j]) for j in range(cols)]
    for i in range(rows):
        sheet.append([text_cell(col[i], i + 1, headers[j]) if isinstance(col[i], str) else col[i]
                      for j, col in enumerate(columns)])
    book.save(path)


def _cells(series: pd.Series) -> list:
    """Python cell values of a column: text as str, numbers as float, missing numbers as None."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return [None if np.isnan(v) or np.isinf(v) else float(v) for v in values]
    return ["" if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else str(v)
            for v in series.tolist()]


def _parquet(frame: pd.DataFrame, path: Path, compression: str = "snappy") -> None:
    import pyarrow.parquet as pq

    table = arrow_table(frame)
    pq.write_table(table, path, **parquet_options(table.schema, compression))


def arrow_table(frame: pd.DataFrame):
    """The frame as an Arrow table: numbers as float64, everything else as text cells (:func:`_cells`);
    the headers as written (duplicates included) in the ``metasome.headers`` schema metadata. Float64
    columns share the frame's memory (:func:`_float_cells`): write the table before changing the frame."""
    import pyarrow as pa
    import pyarrow.compute as pc

    headers = [str(c) for c in frame.columns]
    arrays = []
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
            arrays.append(_float_cells(column))
        elif pd.api.types.is_bool_dtype(column.dtype):
            arrays.append(_bool_cells(column))
        elif _arrow_text(column.dtype):
            arrays.append(pc.fill_null(column.array.__arrow_array__().cast(pa.string()), ""))
        elif isinstance(column.dtype, pd.CategoricalDtype):
            arrays.append(_category_cells(column))
        else:
            arrays.append(pa.array(_cells(column), type=pa.string()))
    table = pa.Table.from_arrays(arrays, names=_unique_names(headers))
    return table.replace_schema_metadata({"metasome.headers": json.dumps(headers)})


def _float_cells(column: pd.Series):
    """A numeric column as float64, NaN as missing, over the column's own numbers (only the validity bitmap
    is built: 86 columns x 100,000 rows in 7 ms, against 25 ms through ``pa.array(from_pandas=True)``)."""
    import pyarrow as pa

    values = np.ascontiguousarray(column.to_numpy(dtype=float, na_value=np.nan))
    missing = np.isnan(values)
    validity = pa.array(~missing).buffers()[1] if missing.any() else None
    return pa.Array.from_buffers(pa.float64(), len(values), [validity, pa.py_buffer(values)])


def _bool_cells(column: pd.Series):
    """A boolean column as the text cells :func:`_cells` would give (``True``/``False``, missing as empty),
    built by Arrow rather than cell by cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flags = pa.array(column.array, type=pa.bool_(), from_pandas=True)
    return pc.fill_null(pc.if_else(flags, "True", "False"), "")


def _arrow_text(dtype) -> bool:
    """Text held in Arrow memory (pandas' ``str``/``string`` dtypes, ``ArrowDtype`` strings): handed to
    Arrow as it is, not cell by cell."""
    import pyarrow as pa

    if isinstance(dtype, pd.ArrowDtype):
        return pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
    return isinstance(dtype, pd.StringDtype)


def parquet_options(schema, compression: str = "snappy") -> dict:
    """Keyword arguments of ``pyarrow.parquet.write_table``/``ParquetWriter`` for metasome's tables.

    Measured on the 1,000,000-row output of ``bench/bench_pipeline.py`` (94 columns):

    * Verbatim cells are nearly all distinct, so dictionary pages only cost time: 0.63 s -> 0.40 s for
      200,000 rows x 65 columns, files ~20 % larger. In 100,000-row row groups even dictionaries for the
      12 text columns with few distinct values cost more than they save (2.15 s against 2.03 s).
    * Min/max statistics are kept for numbers (they let readers skip row groups) but not for text, where
      they cost 0.25 s per 1,000,000 rows x 36 text columns and filter nothing useful.
    * Numbers keep the PLAIN encoding every Parquet reader knows. BYTE_STREAM_SPLIT would write the 52
      float columns in 0.72 s instead of 1.09 s, but Spark's default (vectorized) reader could not read
      it before 2026 (SPARK-56894) nor arrow-rs in 2023 (apache/arrow-rs#5051), so a table written with
      it may not open in a user's other tools.
    """
    import pyarrow as pa

    numeric = [f.name for f in schema if not pa.types.is_string(f.type)]
    return {"use_dictionary": False, "write_statistics": numeric, "compression": compression}


def _category_cells(column: pd.Series):
    """A categorical column as text cells, as :func:`_cells` would give them, one ``str`` per category."""
    import pyarrow as pa

    texts = _cells(pd.Series(column.cat.categories, dtype=object)) + [""]
    codes = column.cat.codes.to_numpy()
    return pa.array(texts, type=pa.string()).take(pa.array(np.where(codes < 0, len(texts) - 1, codes)))


def _unique_names(headers: list[str]) -> list[str]:
    seen: set[str] = set(headers)
    counts: dict[str, int] = {}
    out = []
    for h in headers:
        counts[h] = counts.get(h, 0) + 1
        if counts[h] == 1:
            out.append(h)
            continue
        k = counts[h]
        while f"{h} ({k})" in seen:
            k += 1
        seen.add(f"{h} ({k})")
        out.append(f"{h} ({k})")
    return out
