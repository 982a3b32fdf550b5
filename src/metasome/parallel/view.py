"""A bounded view of a collection of any size, for the report.

``metasome report`` on a folder or glob runs :func:`metasome.parallel.compute_many`
over the whole set (every row derived by the same pure functions, in row blocks,
written in full as Parquet parts). While a block is in memory it also returns

* **summary statistics over all its rows**, merged exactly by the driver:
  analyses per group, per group and TAS volcanic field, warnings recorded per
  column and message (as the reader records them in each block),
  and for every summary ratio of the trace-element section the count, sum,
  minimum and maximum per group (so means and ranges cover every row);
* **its share of a seeded random sample** (uniform, without replacement) of at
  most ``cap`` rows. Every row gets a key, a uniform draw from the stream
  ``SeedSequence(seed, spawn_key=(file_index, chunk))`` of its 2000-row chunk
  (blocks hold whole chunks, so a row's key does not depend on the block size
  or backend); the sample is the ``cap`` rows with the smallest keys
  (bottom-k sampling: every ``cap``-subset is equally likely). To bound what a
  block returns, a block sends only rows whose key is below a threshold chosen
  from the plan (:func:`sample_threshold`), so the driver holds about ``cap``
  rows whatever the size of the set.

Figures and the per-row sections of the report are drawn from the sample, and
the report says how many rows were drawn from how many.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

#: Largest number of rows the report draws figures and per-row sections from.
DEFAULT_CAP = 20_000
#: File (in the output folder) listing the sampled rows: input file and 0-based data row.
SAMPLE_ROWS = "sample_rows.csv"
#: Standard deviations of margin in :func:`sample_threshold`.
_MARGIN_SD = 6.0


@dataclass
class ReportView:
    """What :func:`report_view` returns: the sample and the all-row statistics."""

    table: object                 # CanonicalTable of the sampled rows, in input order (listed in SAMPLE_ROWS)
    derived: object               # derived columns of the sampled rows (same order)
    rows: int                     # rows in the whole set
    sampled: int                  # rows in the sample
    cap: int
    seed: int
    files: list[str]
    out: Path                     # folder of the full derived table
    groups: object                # pandas Series: analyses per group label (all rows)
    tas: object                   # DataFrame: analyses per group and TAS volcanic field (all rows)
    ratios: object                # DataFrame: per group and ratio, n / mean / min / max (all rows)
    warnings: object              # DataFrame: per column and warning, rows (all rows)
    seconds: float = 0.0
    backend: str = "serial"
    provenance: dict = field(default_factory=dict)


def sample_threshold(plan, block_rows: int, cap: int) -> float:
    """Key threshold below which a block returns its rows.

    A file of ``k`` blocks holds at least ``(k - 1) * block_rows + 1`` rows (only
    its last block may be shorter). With ``N_low`` the total of these lower
    bounds, rows with key below ``t = (cap + 6 sqrt(cap) + 10) / N_low`` number at
    least ``cap`` except with probability below 1e-9 (binomial, six standard
    deviations); then the sample is exactly uniform. ``t = 1`` (every row) when
    the set may hold fewer rows than that.
    """
    per_file: dict[int, int] = {}
    for b in plan:
        per_file[b.file_index] = per_file.get(b.file_index, 0) + 1
    n_low = sum((k - 1) * block_rows + 1 for k in per_file.values())
    return min(1.0, (cap + _MARGIN_SD * math.sqrt(cap) + 10.0) / n_low)


def row_keys(file_index: int, row_offset: int, n: int, seed: int, chunk: int) -> np.ndarray:
    """Uniform keys of rows ``row_offset .. row_offset + n - 1`` of one file (one stream per chunk)."""
    first = row_offset // chunk
    last = (row_offset + n - 1) // chunk if n else first - 1
    keys = [np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(file_index, k))))
            .random(min(chunk, row_offset + n - k * chunk)) for k in range(first, last + 1)]
    return np.concatenate(keys) if keys else np.empty(0)


def block_view(table, derived, block, view: dict) -> dict:
    """One block's share of the sample and its summary statistics (see the module docstring)."""
    from .blocks import mc_chunk_rows

    n = len(table)
    keys = row_keys(block.file_index, block.row_offset, n, view["seed"], mc_chunk_rows())
    take = np.flatnonzero(keys < view["threshold"])
    labels = _group_labels(table, view["group"])
    return {"file_index": block.file_index, "rows": block.row_offset + take, "keys": keys[take],
            "table": _subset(table, take), "derived": derived.iloc[take], "stats": _stats(derived, labels, table)}


def _group_labels(table, names):
    from ..report.run import group_labels

    return group_labels(table, list(names or []))


def _subset(table, positions: np.ndarray):
    """The rows ``positions`` of a CanonicalTable, with the warnings of those rows and file-level ones."""
    rows = table.row_labels.to_numpy()[positions] if table.row_labels is not None else positions + 1
    kept = set(rows.tolist())
    return replace(table, original=table.original.iloc[positions], values=table.values.iloc[positions],
                   censored=table.censored.iloc[positions], limits=table.limits.iloc[positions],
                   text=table.text.iloc[positions],
                   row_labels=table.row_labels.iloc[positions] if table.row_labels is not None else None,
                   warnings=[w for w in table.warnings if w.row is None or w.row in kept],
                   provenance=dict(table.provenance))


def _stats(derived, labels, table) -> dict:
    import pandas as pd

    from ..report.analyse import SUMMARY_RATIOS

    g = labels.to_numpy()
    out = {"groups": pd.Series(g).value_counts()}
    if "TAS volcanic" in derived.columns:
        tas = derived["TAS volcanic"].astype(str).replace("", "unclassified").to_numpy()
        out["tas"] = pd.crosstab(g, tas).rename_axis(index="group", columns="TAS volcanic")
    cols = [c for c in SUMMARY_RATIOS if c in derived.columns]
    finite = derived[cols].astype(float).replace([np.inf, -np.inf], np.nan)
    by = finite.groupby(g, sort=False)
    out["ratios"] = pd.concat({"n": by.count(), "sum": by.sum(), "min": by.min(), "max": by.max()}, axis=1)
    warn = pd.DataFrame([(w.column or "", w.message) for w in table.warnings], columns=["column", "warning"])
    out["warnings"] = warn.value_counts()
    return out


def _merge_stats(stats: list[dict]) -> tuple:
    import pandas as pd

    groups = pd.concat([s["groups"] for s in stats]).groupby(level=0).sum().sort_values(ascending=False)
    tas_parts = [s["tas"] for s in stats if "tas" in s]
    tas = (pd.concat(tas_parts).fillna(0).groupby(level=0).sum().astype(int) if tas_parts else pd.DataFrame())
    # blocks meet different fields first: one column order for the whole set, "unclassified" last
    tas = tas.reindex(sorted(tas.columns, key=lambda c: (c == "unclassified", c)), axis=1)
    parts = pd.concat([s["ratios"] for s in stats])
    agg = {c: ("sum" if c[0] in ("n", "sum") else c[0]) for c in parts.columns}
    merged = parts.groupby(level=0).agg(agg).stack(level=1, future_stack=True)
    n = merged["n"].astype(int)
    ratios = pd.DataFrame({"group": merged.index.get_level_values(0), "ratio": merged.index.get_level_values(1),
                           "n": n.to_numpy(), "mean": (merged["sum"] / n.where(n > 0)).to_numpy(),
                           "min": merged["min"].to_numpy(), "max": merged["max"].to_numpy()})
    ratios = ratios[ratios["n"] > 0].reset_index(drop=True)
    warn_parts = [s["warnings"] for s in stats if len(s["warnings"])]
    warnings = (pd.concat(warn_parts).groupby(level=[0, 1]).sum().rename("rows").reset_index()
                if warn_parts else pd.DataFrame(columns=["column", "warning", "rows"]))
    return groups, tas, ratios, warnings


def _sample(views: list[dict], cap: int, source: str):
    """The ``cap`` rows with the smallest keys, as one CanonicalTable and derived frame in input order,
    and a frame of their file index and 0-based row in the file."""
    import pandas as pd

    keys = np.concatenate([v["keys"] for v in views])
    order = np.argsort(keys, kind="stable")[:cap]
    chosen = np.zeros(len(keys), dtype=bool)
    chosen[order] = True
    bounds = np.cumsum([0] + [len(v["keys"]) for v in views])
    picks = [np.flatnonzero(chosen[a:b]) for a, b in zip(bounds, bounds[1:])]
    tables = [_subset(v["table"], p) for v, p in zip(views, picks) if len(p)]
    derived = pd.concat([v["derived"].iloc[p] for v, p in zip(views, picks) if len(p)], ignore_index=True)
    first = views[0]["table"]
    frames = {name: pd.concat([getattr(t, name) for t in tables], ignore_index=True)
              for name in ("original", "values", "limits", "text")}
    frames["censored"] = pd.concat([t.censored for t in tables], ignore_index=True).fillna(False).astype(bool)
    frames["original"] = frames["original"].fillna("")
    frames["text"] = frames["text"].fillna("")
    row_labels = (pd.concat([t.row_labels for t in tables], ignore_index=True)
                  if all(t.row_labels is not None for t in tables) else None)
    table = replace(first, source=source, row_labels=row_labels, warnings=[w for t in tables for w in t.warnings],
                    provenance=dict(first.provenance), **frames)
    derived.attrs = dict(views[0]["derived"].attrs)
    rows = pd.DataFrame({"file_index": np.concatenate([np.full(len(p), v["file_index"])
                                                       for v, p in zip(views, picks)]),
                         "row": np.concatenate([v["rows"][p] for v, p in zip(views, picks)])})
    return table, derived, rows


def report_view(paths_or_glob, out, *, group=(), cap: int | None = None, seed: int = 20250101,
                backend: str = "serial", scheduler=None, workers: int | None = None,
                block_rows: int | None = None, **compute_options) -> ReportView:
    """Derive a whole collection into ``out`` (Parquet parts) and return its bounded view.

    Parameters
    ----------
    paths_or_glob : path, folder, glob pattern or a list of them
        As :func:`metasome.parallel.compute_many`.
    out : path
        Folder receiving the full derived table as Parquet parts.
    group : list of str
        Group column(s) (as the report's ``group`` option).
    cap : int, optional
        Most rows in the sample (default :data:`DEFAULT_CAP`, 20 000).
    seed : int
        Seed of the sample keys.
    backend, scheduler, workers, block_rows, **compute_options
        As :func:`~metasome.parallel.compute_many` (``age``, ``censoring``,
        ``isotopes``, ``columns``, ``sheet``, ``negative_is_censored``, ``encoding``).
    """
    from .engine import compute_many

    cap = DEFAULT_CAP if cap is None else int(cap)
    if cap < 1:
        from ..errors import MetasomeInputError

        raise MetasomeInputError(f"the sample cap must be at least 1 (got {cap})")
    done = compute_many(paths_or_glob, out, backend=backend, scheduler=scheduler, workers=workers,
                        block_rows=block_rows, view={"seed": int(seed), "cap": cap, "group": list(group)},
                        **compute_options)
    label = str(paths_or_glob)
    table, derived, rows = _sample(done.views, cap, label)
    rows.insert(0, "file", [done.files[i] for i in rows.pop("file_index")])
    rows.to_csv(Path(out) / SAMPLE_ROWS, index=False)
    groups, tas, ratios, warnings = _merge_stats([v["stats"] for v in done.views])
    prov = {"rows": done.rows, "sampled": len(table), "cap": cap, "seed": int(seed),
            "sample rows": f"{SAMPLE_ROWS} beside the Parquet parts",
            "sample": "bottom-k of per-row uniform keys, SeedSequence(seed, spawn_key=(file, 2000-row chunk))",
            "files": len(done.files), "blocks": done.blocks, "backend": done.backend}
    return ReportView(table=table, derived=derived, rows=done.rows, sampled=len(table), cap=cap, seed=int(seed),
                      files=done.files, out=Path(out), groups=groups, tas=tas, ratios=ratios, warnings=warnings,
                      seconds=done.seconds, backend=done.backend, provenance=prov)


def collection_section(view: ReportView, label: str):
    """The report section of a collection: what was processed, all-row statistics, how the sample was drawn."""
    from ..report.document import Section, Table

    drawn = (f"all {view.rows:,} rows" if view.sampled == view.rows else
             f"a seeded random sample of {view.sampled:,} of the {view.rows:,} rows (uniform without "
             f"replacement, cap {view.cap:,}, seed {view.seed})")
    text = [f"{label}: {view.rows:,} rows from {len(view.files)} file(s), processed in row blocks "
            f"({view.backend} backend, {view.seconds:.1f} s). Every row's derived columns are written in full to "
            f"tables/{view.out.name}/ as Parquet part files"
            + (" (one sub-folder per input file)" if len(view.files) > 1 else "") + ".",
            "The counts and per-group statistics in this section cover every row. The figures and the "
            f"per-row sections that follow are drawn from {drawn}; group colours and names follow the "
            f"whole set. The sampled rows are listed in tables/{view.out.name}/{SAMPLE_ROWS}."]
    tables = [Table("Analyses per group (all rows)", view.groups.rename("analyses").rename_axis("group")
                    .reset_index(), max_rows=100)]
    if len(view.tas):
        tables.append(Table("Analyses per group and TAS volcanic field (all rows)",
                            view.tas.rename_axis("group").reset_index(), max_rows=100))
    if len(view.ratios):
        tables.append(Table("Ratios and anomalies per group: count, mean, min and max over all rows",
                            view.ratios, max_rows=200))
    if len(view.warnings):
        tables.append(Table("Input warnings recorded while reading every block, by column and message "
                            "(the reader lists the first rows of each kind per block)", view.warnings,
                            max_rows=200, wrap=True))
    return Section(f"Whole set: {label}", text, tables=tables)
