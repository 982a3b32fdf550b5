"""The main job: from a validated configuration to ``report.html``, figures, tables and ``project.toml``.

``run_report`` reads every input, derives the columns of every science room,
draws the figures, runs the configured models and writes::

    OUT/report.html        one self-contained file (inline SVG, no network resource)
    OUT/figures/           every figure as PNG, SVG and PDF
    OUT/tables/            computed tables and model outputs as CSV, XLSX and Parquet
    OUT/project.toml       the full configuration used, to repeat the run exactly

It holds no science of its own: it calls :mod:`metasome.io`, the science rooms'
``derive`` functions, :mod:`metasome.plots` and the worked-example models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .config import InputConfig, ProjectConfig, dump_config
from .document import FigureWriter, Section, render

#: Most groups drawn individually in a figure; the rest are drawn together as "other groups".
MAX_GROUPS = 8
_GEOROC_ID = re.compile(r"\s*\[\d+\]\s*$")

Progress = Callable[[str, float], None]


@dataclass
class ReportResult:
    """What a run wrote."""

    html: Path
    out_dir: Path
    figures: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    config: Path | None = None
    warnings: int = 0


def group_labels(table, names: list[str]) -> pd.Series:
    """One group label per row; GEOROC reference ids like ' [19973]' are not part of a group name."""
    from .sections import groups_of

    raw = groups_of(table, names).astype(str).str.replace(_GEOROC_ID, "", regex=True).str.strip()
    return raw.replace({"": "unassigned", "nan": "unassigned"})


def _groups(table, names: list[str], counts: pd.Series | None = None) -> pd.Series:
    """Display groups: the ``MAX_GROUPS - 1`` most frequent by ``counts`` (default: this table's), the
    rest together as "other groups"."""
    raw = group_labels(table, names)
    counts = raw.value_counts() if counts is None else counts.sort_values(ascending=False, kind="stable")
    if len(counts) <= MAX_GROUPS:
        return raw
    keep = set(counts.index[:MAX_GROUPS - 1])
    return raw.where(raw.isin(keep), "other groups")


def _many_rows(spec: InputConfig) -> bool:
    """Whether a text or Parquet table has more rows than the figures draw, from its blocks (a scan of
    the record ends, or the Parquet metadata); False for spreadsheets, whose rows are known once read.

    A block ends after every ``DEFAULT_CAP``-th row that has rows after it, so a second block is the
    answer: the record scan stops there, after at most twice the cap (the UTF-8 check and the search for
    a trailing references block still read the whole file). 262 MiB: 0.15 s, against 0.37-0.40 s for
    the whole plan.
    """
    import itertools
    import tempfile
    from contextlib import closing

    from ..parallel import blocks, view

    with tempfile.TemporaryDirectory() as work:   # a non-UTF-8 text is transcoded there to be scanned
        found = blocks.iter_blocks(Path(spec.path), 0, block_rows=view.DEFAULT_CAP, workdir=Path(work),
                                   sheet=spec.sheet, hashed=False)
        with closing(found):
            return next(itertools.islice(found, 1, None), None) is not None


def _over_cap(rows: int) -> bool:
    from ..parallel import view

    return rows > view.DEFAULT_CAP


def _read(spec: InputConfig):
    from ..io import read_table

    overrides = {k: dict(v) for k, v in spec.columns.items()} or None
    return read_table(spec.path, sheet=spec.sheet, columns=overrides,
                      negative_is_censored=spec.negative_is_censored)


def _write_tables(table, derived, out: Path, key: str) -> list[Path]:
    from ..io import write

    written = []
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = out / f"{key}{suffix}"
        write(table, path, derived=derived)
        written.append(path)
    return written


def _write_model_table(frame: pd.DataFrame, out: Path, key: str) -> list[Path]:
    from ..io import write_frame

    written = []
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = out / f"{key}{suffix}"
        write_frame(frame, path)
        written.append(path)
    return written


def analyse_input(spec: InputConfig, config: ProjectConfig, figures: FigureWriter, tables_dir: Path,
                  group_colours: dict | None = None, *, backend: str = "serial", scheduler=None, deposits=None,
                  progress: Progress | None = None):
    """Read one input and build its sections; returns (sections, provenance entry, table paths, values).

    A folder or glob pattern, any input with ``backend`` other than ``"serial"``, and a
    table of more rows than the figures draw (:data:`metasome.parallel.view.DEFAULT_CAP`)
    go through :func:`analyse_collection`, which reports its blocks to ``progress``.
    ``deposits`` is the frame of :func:`.analyse.deposits_frame` (read once per report),
    drawn with the input's map and ages.
    """
    collection = (lambda: analyse_collection(spec, config, figures, tables_dir, group_colours, backend=backend,
                                             scheduler=scheduler, deposits=deposits, progress=progress))
    if backend != "serial" or scheduler is not None or not Path(spec.path).is_file() or _many_rows(spec):
        return collection()
    from .pipeline import derive_all
    from .sections import data_section

    table = _read(spec)
    if _over_cap(len(table)):
        return collection()   # a spreadsheet: its rows are known once it is read
    label = spec.label or Path(spec.path).stem
    iso = config.isotopes.model_dump()
    derived = derive_all(table, age=config.age, censoring=config.censoring, isotopes=iso)
    values = table.with_censoring(config.censoring)
    groups = _groups(table, spec.group or config.group)
    sections = [data_section(table, label)]
    sections += _data_sections(table, values, derived, groups, config, figures, label, group_colours, deposits)
    paths = _write_tables(table, derived, tables_dir, figures.slug(label))
    provenance = {
        "file": table.source, "sha256": table.provenance.get("sha256"),
        "format": table.provenance.get("format"), "rows": len(table),
        "warnings": len(table.warnings), "conventions": derived.attrs.get("conventions", {}),
        "censoring": derived.attrs.get("censoring_policy"),
    }
    return sections, provenance, paths, values


def analyse_collection(spec: InputConfig, config: ProjectConfig, figures: FigureWriter, tables_dir: Path,
                       group_colours: dict | None = None, *, backend: str = "serial", scheduler=None,
                       deposits=None, progress: Progress | None = None):
    """A folder, glob or large file: every row derived in blocks and written to ``tables/<label>/`` as
    Parquet parts; sections from all-row statistics and a seeded sample (:mod:`metasome.parallel.view`).
    ``progress(step, fraction)`` hears of each block written, then of the figures."""
    from ..parallel.view import collection_section, report_view
    from .sections import data_section

    label = spec.label or _collection_label(spec.path)
    folder = tables_dir / figures.slug(label)
    names = spec.group or config.group
    view = report_view(spec.path, folder, group=names, seed=config.seed, backend=backend, scheduler=scheduler,
                       age=config.age, censoring=config.censoring, isotopes=config.isotopes.model_dump(),
                       columns={k: dict(v) for k, v in spec.columns.items()} or None, sheet=spec.sheet,
                       negative_is_censored=spec.negative_is_censored, progress=progress)
    if progress is not None:
        progress("drawing figures", 1.0)
    table, derived = view.table, view.derived
    values = table.with_censoring(config.censoring)
    groups = _groups(table, names, counts=view.groups)
    sections = [collection_section(view, label), data_section(table, f"{label} (sample)")]
    sections += _data_sections(table, values, derived, groups, config, figures, label, group_colours, deposits)
    provenance = {"files": ", ".join(view.files), **view.provenance,
                  "warnings": int(view.warnings["rows"].sum()) if len(view.warnings) else 0,
                  "conventions": derived.attrs.get("conventions", {}),
                  "censoring": derived.attrs.get("censoring_policy")}
    return sections, provenance, [folder], values


def _collection_label(path: str) -> str:
    """A folder by its name, a file by its stem (as a table read whole), a glob by its last two parts."""
    p = Path(path)
    return p.name if p.is_dir() else p.stem if p.is_file() else f"{p.parent.name}/{p.name}"


def _data_sections(table, values, derived, groups, config: ProjectConfig, figures: FigureWriter, label: str,
                   group_colours: dict | None, deposits=None) -> list[Section]:
    """Classification, trace, chalcophile, isotope and where-and-when sections (those the data allow)."""
    from ..plots.style import group_colours as palette
    from . import analyse

    colours = group_colours if group_colours is not None else palette(groups)
    refs = config.references
    sections = []
    for build in (
        lambda: analyse.classification_section(values, derived, groups, colours, figures, label),
        lambda: analyse.trace_section(values, derived, groups, colours, figures, label, refs.spider, refs.ree,
                                      refs.curves),
        lambda: analyse.chalcophile_section(values, derived, groups, colours, figures, label,
                                            refs.chalcophile),
        lambda: analyse.isotope_section(values, derived, groups, colours, figures, label),
        lambda: analyse.where_when_section(table, groups, colours, figures, label, deposits=deposits),
    ):
        section = build()
        if section is not None:
            sections.append(section)
    return sections


def model_sections(config: ProjectConfig, figures: FigureWriter, tables_dir: Path,
                   data: pd.DataFrame | None = None, *, backend: str = "serial",
                   scheduler=None, isotopes: pd.DataFrame | None = None) -> tuple[list[Section], dict, list[Path]]:
    """The worked examples of the two seed studies, as configured; ``data`` (Ni, Cu, Te) is drawn under
    the chalcophile model, ``isotopes`` (d7Li, d138/134Ba, eNd) on the mixing curves.

    The Monte Carlo draws run on ``backend`` (:func:`metasome.parallel.executor_for`).
    """
    from ..parallel import executor_for
    from . import models

    sections, provenance, paths = [], {}, []
    if config.models.qiu2025_mixing:
        with executor_for(backend, scheduler) as executor:
            section, prov, frames = models.qiu_section(config, figures, executor, samples=isotopes)
        sections.append(section)
        provenance["Qiu et al. 2025 mixing and Monte Carlo"] = prov
        for key, frame in frames.items():
            paths += _write_model_table(frame, tables_dir, key)
    if config.models.holwell2019_continuum:
        section, prov, frames = models.holwell_section(config, figures, data)
        sections.append(section)
        provenance["Holwell et al. 2019 chalcophile continuum"] = prov
        for key, frame in frames.items():
            paths += _write_model_table(frame, tables_dir, key)
    return sections, provenance, paths


def run_report(config: ProjectConfig, out_dir: str | Path, *, progress: Progress | None = None,
               backend: str = "serial", scheduler=None) -> ReportResult:
    """Run the whole job described by ``config`` and write it to ``out_dir``.

    Parameters
    ----------
    config : ProjectConfig
        Validated configuration (:func:`metasome.report.config.load_config`).
    out_dir : path
        Folder to write; created if needed.
    progress : callable(step: str, fraction: float), optional
        Called before each step with the share of work done (the CLI shows a
        progress bar with it, the web interface a progress display).
    backend : {"serial", "processes", "dask"}, scheduler : str, optional
        How folder/glob inputs (and every input, for a backend other than
        ``"serial"``) are processed (:func:`metasome.parallel.compute_many`), and
        where the Monte Carlo draws run (same numbers on every backend).
    """
    from ..mixing.seed_qiu2025 import FIG4_SYSTEMS
    from .analyse import deposits_frame
    from .provenance import as_text, versions

    out = Path(out_dir)
    tables_dir = out / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    figures = FigureWriter(out, tuple(config.figures.formats))
    report = progress or (lambda step, frac: None)
    n_steps = len(config.inputs) + sum([config.models.qiu2025_mixing, config.models.holwell2019_continuum]) + 1
    sections, prov_inputs, table_paths, chalcophile, isotopes = [], {}, [], [], []
    deposits = deposits_frame(config.deposits)
    for i, spec in enumerate(config.inputs):
        name = Path(spec.path).name
        report(f"analysing {name}", i / n_steps)

        def within(step: str, fraction: float, i=i, name=name) -> None:
            report(f"analysing {name}: {step}", (i + fraction) / n_steps)

        secs, prov, paths, values = analyse_input(spec, config, figures, tables_dir, backend=backend,
                                                  scheduler=scheduler, deposits=deposits, progress=within)
        sections += secs
        prov_inputs[spec.label or Path(spec.path).name] = prov
        table_paths += paths
        if {"Ni", "Cu", "Te"} <= set(values.columns):
            chalcophile.append(values[["Ni", "Cu", "Te"]])
        if set(FIG4_SYSTEMS) & set(values.columns):
            isotopes.append(values[[c for c in FIG4_SYSTEMS if c in values.columns]])
    report("running models", len(config.inputs) / n_steps)
    data = pd.concat(chalcophile, ignore_index=True) if chalcophile else None
    model_secs, model_prov, model_paths = model_sections(
        config, figures, tables_dir, data, backend=backend, scheduler=scheduler,
        isotopes=pd.concat(isotopes, ignore_index=True) if isotopes else None)
    sections += model_secs
    table_paths += model_paths
    report("writing report", (n_steps - 1) / n_steps)
    config_path = out / "project.toml"
    config_path.write_text(dump_config(config, out), encoding="utf-8")
    provenance = {"inputs": as_text(prov_inputs), "models": as_text(model_prov),
                  "software": as_text(versions()), "seed": str(config.seed),
                  "configuration": "project.toml beside this report (every option used, defaults included)"}
    html = out / "report.html"
    html.write_text(render(config.title, sections, provenance), encoding="utf-8")
    report("done", 1.0)
    n_warn = sum(p["warnings"] for p in prov_inputs.values())
    return ReportResult(html=html, out_dir=out, figures=figures.written, tables=table_paths,
                        config=config_path, warnings=n_warn)
