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
    paragraphs += [note for note in (repeated_samples(table),) if note]
    tables = [Table("Column mapping", mapping, max_rows=200)]
    if table.warnings:
        tables.append(Table("Warnings (grouped by column and message; every row is listed in the "
                            "inspect output)", warning_summary(table.warnings), max_rows=200,
                            wrap=True))
    return Section(f"Data: {label}", paragraphs, tables=tables)


def repeated_samples(table: CanonicalTable) -> str:
    """A sentence on sample names found on several rows (EarthChem exports give one row per sample and
    method; compilations repeat samples analysed twice), or "" when every name is on one row."""
    if "sample" not in table.text.columns:
        return ""
    names = table.text["sample"].astype(str).str.strip()
    counts = names[names != ""].value_counts()
    repeated = counts[counts > 1]
    if not len(repeated):
        return ""
    examples = ", ".join(f"{name} ({n} rows)" for name, n in repeated.head(3).items())
    return (f"{len(repeated)} sample names occur on more than one row (e.g. {examples}): each row is kept as an "
            f"analysis of its own, not merged, so the {len(table)} rows are analyses of {len(counts)} named "
            "samples, and counts in this report are of analyses.")


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
        known = [*map(str, table.original.columns), *table.text.columns]
        for g in group:
            if g not in known:
                from ..errors import MetasomeInputError

                raise MetasomeInputError(f"no column to group by named {g!r}; the table's columns are "
                                         f"{', '.join(map(repr, dict.fromkeys(known)))}", file=table.source,
                                         column=g)
        cols = [table.original[g] if g in table.original.columns else table.text[g] for g in group]
        frame = pd.concat([c.iloc[:, 0] if isinstance(c, pd.DataFrame) else c for c in cols], axis=1)
        return frame.astype(str).agg(" / ".join, axis=1)
    for role in ("group", "rock_type", "rock_name", "unit", "location"):
        if role in table.text.columns:
            return table.text[role].astype(str).replace("", "unassigned")
    return pd.Series("all samples", index=table.original.index)
