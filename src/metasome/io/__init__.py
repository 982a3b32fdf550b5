"""Reading and writing tables: nothing lost, nothing guessed, every problem reported.

Public API
----------
read(path, sheet=None, columns=None, **kw) -> pandas.DataFrame
    Canonical values plus every input column not used as a canonical source.
read_table(path, sheet=None, columns=None, *, negative_is_censored=False, encoding=None) -> CanonicalTable
    The lossless reader (verbatim original, values, censoring, mapping, warnings, provenance).
mapping_frame(table) -> pandas.DataFrame
    The column mapping as a table (``metasome inspect``).
inspect(path, sheet=None, columns=None, **kw) -> pandas.DataFrame
    The mapping of a file, with its warnings in ``attrs["warnings"]``.
write(table, path, derived=None), write_frame(frame, path)
    CSV/TSV/XLSX/Parquet by extension.
load_column_overrides(path) -> dict
    ``columns=`` overrides from a TOML file.

The rules are documented where they are applied: formats in
:mod:`metasome.io.sources`, header recognition, units and the method
preference rule in :mod:`metasome.io.columns`, censored cells in
:mod:`metasome.io.censor`, warnings in :mod:`metasome.io.checks`.
"""

from __future__ import annotations

from .columns import load_column_overrides
from .reader import read_table
from .table import CanonicalTable, ColumnInfo
from .writers import write, write_frame

__all__ = ["read", "read_table", "inspect", "mapping_frame", "write", "write_frame", "load_column_overrides",
           "CanonicalTable", "ColumnInfo"]

_MAPPING_COLUMNS = ["header", "quantity", "kind", "unit", "method", "used", "n values", "n censored",
                    "n missing", "note"]


def read(path, sheet=None, columns=None, **kw):
    """Read a table: canonical values as float columns, then the other input columns verbatim.

    The frame holds, in order: every canonical quantity under its bare name
    (``"SiO2"``, ``"La"``, ``"87Sr/86Sr"``, ``"La 2SD"``, ``"age"``) in its
    canonical unit, NaN where missing or censored; then every input column that
    is not the used source of a canonical quantity (text columns, unrecognised
    columns, alternates beaten by the method preference rule), verbatim as text
    under its original header. An input header equal to a canonical name gets
    the suffix ``" (input)"``. Rows keep their order and count; the index is
    0..n-1.

    ``df.attrs["metasome"]`` holds the :class:`CanonicalTable` (censoring,
    detection limits, mapping, warnings). pandas may drop ``attrs`` in some
    operations; :func:`read_table` is the lossless API. Keyword arguments are
    those of :func:`read_table`.
    """
    import pandas as pd

    table = read_table(path, sheet, columns, **kw)
    keep = [info.position for info in table.mapping if not (info.used and info.kind != "text")]
    rest = table.original.iloc[:, keep]
    taken = set(table.values.columns)
    rest.columns = pd.Index([f"{h} (input)" if h in taken else h for h in rest.columns], dtype=object)
    frame = pd.concat([table.values, rest], axis=1)
    frame.attrs["metasome"] = table
    return frame


def mapping_frame(table: CanonicalTable):
    """One row per input column: header, quantity, kind, unit, method, used, counts and note."""
    import pandas as pd

    rows = [(m.header, m.quantity, m.kind, m.unit, m.method, m.used, m.n_values, m.n_censored,
             m.n_missing, m.note) for m in table.mapping]
    return pd.DataFrame(rows, columns=_MAPPING_COLUMNS)


def inspect(path, sheet=None, columns=None, **kw):
    """How each column of a file is understood: :func:`mapping_frame`, warnings in ``attrs["warnings"]``.

    Keyword arguments are those of :func:`read_table`. The same as ``metasome inspect FILE``.
    """
    table = read_table(path, sheet, columns, **kw)
    frame = mapping_frame(table)
    frame.attrs["warnings"] = [str(w) for w in table.warnings]
    return frame
