"""Report sections built from a canonical table: what was read, and what the data show.

Each ``*_section`` function takes what it needs, draws with :mod:`metasome.plots`
and returns a :class:`~metasome.report.document.Section` (or None when the
data hold nothing for it). Sentences quote numbers computed from the data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io.table import CanonicalTable
from .document import Section, Table


def data_section(table: CanonicalTable, label: str) -> Section:
    """The column mapping, units, censored and missing counts, and every warning."""
    from ..io import mapping_frame

    mapping = mapping_frame(table)
    recognised = int((mapping["quantity"].notna() & (mapping["quantity"] != "")).sum())
    n_cens = int(table.censored.to_numpy().sum())
    prov = table.provenance
    paragraphs = [
        f"{label}: {len(table)} rows and {len(table.mapping)} columns read from {Path(table.source).name} "
        f"({prov.get('format', 'table')}); {recognised} columns recognised as quantities or "
        f"descriptive fields, {len(table.mapping) - recognised} kept verbatim without interpretation.",
        f"{n_cens} cells are below detection and are kept as censored values with their limits "
        f"(policy for calculations: {prov.get('censoring_policy', 'missing')}); "
        f"{len(table.warnings)} warnings were recorded.",
    ]
    tables = [Table("Column mapping", mapping, max_rows=200)]
    if table.warnings:
        tables.append(Table("Warnings (grouped by column and message; every row is listed in the "
                            "inspect output)", warning_summary(table.warnings), max_rows=200,
                            wrap=True))
    return Section(f"Data: {label}", paragraphs, tables=tables)


#: Rows named per warning group in the report before "and N more".
ROWS_SHOWN = 8


def warning_summary(warnings) -> pd.DataFrame:
    """One line per (column, message): how many rows, and the first of them."""
    frame = pd.DataFrame([{"column": w.column or "", "warning": w.message, "row": w.row} for w in warnings])
    out = []
    for (column, message), rows in frame.groupby(["column", "warning"], sort=False)["row"]:
        listed = [str(int(r)) for r in rows.dropna().head(ROWS_SHOWN)]
        more = int(rows.notna().sum()) - len(listed)
        out.append({"column": column, "warning": message, "rows": len(rows),
                    "first rows": ", ".join(listed) + (f" and {more} more" if more > 0 else "")})
    return pd.DataFrame(out, columns=["column", "warning", "rows", "first rows"])


def groups_of(table: CanonicalTable, group: list[str] | None) -> pd.Series:
    """One group label per row: the named column(s) joined, or the first descriptive role found."""
    if group:
        cols = [table.original[g] if g in table.original.columns else table.text[g] for g in group]
        frame = pd.concat([c.iloc[:, 0] if isinstance(c, pd.DataFrame) else c for c in cols], axis=1)
        return frame.astype(str).agg(" / ".join, axis=1)
    for role in ("group", "rock_type", "rock_name", "unit", "location"):
        if role in table.text.columns:
            return table.text[role].astype(str).replace("", "unassigned")
    return pd.Series("all samples", index=table.original.index)
