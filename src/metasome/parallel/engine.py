"""Backends, ``compute_many`` and ``run_montecarlo`` (see :mod:`metasome.parallel`)."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MetasomeInputError

BACKENDS = ("serial", "processes", "dask")
#: Rows per block by default (a multiple of the 2000-row Monte Carlo chunk); with ~60
#: columns a block takes a few hundred MB while it is processed.
DEFAULT_BLOCK_ROWS = 100_000
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab", ".parquet", ".pq", ".xlsx", ".xlsm", ".xls",
                            ".xlsb", ".ods"})
_CSV_OUT = {".csv": ",", ".tsv": "\t", ".txt": "\t"}
_PARQUET_OUT = (".parquet", ".pq")
#: Outputs the block engine does not write (``metasome compute`` builds them in memory).
SPREADSHEET_OUT = (".xlsx", ".xlsm", ".xls", ".ods")
#: Parts of a one-file Parquet output (process and Dask backends) are read back once by the assembly:
#: Arrow IPC files, written and memory-mapped back without encoding (per 1,000,000 rows x 94 columns,
#: uncompressed Parquet parts took 1.3 s to write and 0.3 s to read).
_ARROW_PART = "arrow-part"
#: The serial backend writes a one-file Parquet output directly, block after block (no parts).
_DIRECT_PARQUET = "parquet-direct"
_INSTALL = 'install the optional extra: pip install "metasome[distributed]"'


@dataclass
class ComputeSummary:
    """What :func:`compute_many` wrote."""

    out: Path
    files: list[str]
    rows: int
    blocks: int
    columns: int
    backend: str
    seconds: float
    parts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    views: list[dict] = field(default_factory=list)


# ----------------------------------------------------------------------------- inputs

def expand_inputs(paths_or_glob) -> list[Path]:
    """Files named by a path, a folder (its table files, sorted by name) or a glob pattern.

    A list of such items is expanded item by item, in order.
    """
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else list(paths_or_glob)
    if not items:
        raise MetasomeInputError("no input files given")
    files: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                           and f.suffix.lower() in TABLE_SUFFIXES)
            if not found:
                raise MetasomeInputError(f"the folder holds no table files ({', '.join(sorted(TABLE_SUFFIXES))})",
                                         file=str(p))
        elif p.is_file():
            found = [p]
        elif any(ch in str(item) for ch in "*?["):
            found = sorted(Path(x) for x in glob.glob(str(item), recursive=True) if Path(x).is_file())
            if not found:
                raise MetasomeInputError("no file matches the pattern", file=str(item))
        else:
            raise MetasomeInputError("file not found", file=str(item))
        files.extend(found)
    return files


def refuse_overwrite(out, files) -> None:
    """Refuse an output that is one of the input files, or a folder holding one: writing would replace
    the user's table (or mix parts with the inputs, and remove stale parts among them)."""
    target = Path(out).resolve()
    for f in files:
        source = Path(f).resolve()
        if source == target or target in source.parents:
            raise MetasomeInputError("the output would overwrite or sit among the input files; choose an output "
                                     f"outside them (input: {f})", file=str(out))


# ----------------------------------------------------------------------------- backends

def require_dask():
    """The ``distributed`` module, or a :class:`MetasomeInputError` saying how to install it."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as exc:
        raise MetasomeInputError(f"the dask backend needs Dask: {_INSTALL}") from exc
    return distributed


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise MetasomeInputError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")


@contextmanager
def client_for(scheduler=None, workers: int | None = None):
    """A ``dask.distributed.Client``: on ``scheduler`` (an address or a Client, kept open),
    or on a new ``LocalCluster(n_workers=workers or 2, processes=True, threads_per_worker=1)``
    closed on exit."""
    distributed = require_dask()
    if isinstance(scheduler, distributed.Client):
        yield scheduler
        return
    if scheduler is not None:
        client = distributed.Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    import logging

    cluster = distributed.LocalCluster(n_workers=workers or 2, processes=True, threads_per_worker=1,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _process_pool(workers: int | None, warm: bool = False):
    """A spawned process pool (not forked: the parent may hold pyarrow/BLAS threads); with ``warm`` every
    worker starts at once and imports pandas, pyarrow and metasome (~0.7 s each) while the caller goes on."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(n if warm else 0):
        pool.submit(_warm_up)
    return pool


@contextmanager
def _block_runner(backend: str, scheduler, workers: int | None):
    """``run(tasks, on_done=None) -> list`` of block results in task order, on the chosen backend;
    ``on_done(task)`` is called as each block is written.

    Serial and process backends call :func:`_run_block` per task; the Dask backend
    builds a dask.dataframe over the same tasks (:func:`_dask_blocks`).
    """
    if backend == "serial":
        yield _serial_blocks
    elif backend == "processes":
        with _process_pool(workers, warm=True) as pool:   # workers import while the blocks are planned
            yield lambda tasks, on_done=None: _pool_blocks(pool, tasks, on_done)
    else:
        with client_for(scheduler, workers) as client:
            yield lambda tasks, on_done=None: _dask_blocks(client, tasks, on_done) if tasks else []


def _serial_blocks(tasks, on_done=None) -> list[dict]:
    """The blocks in order (``tasks`` may be an iterator), each block's part written on a second thread
    while the next block is read and derived (pyarrow's writer releases the GIL): at most two blocks in
    memory at once."""
    from concurrent.futures import ThreadPoolExecutor

    sink, results, writing = None, [], None

    def finish(task, future) -> None:
        results.append(future.result())
        if on_done is not None:
            on_done(task)

    try:
        with ThreadPoolExecutor(1) as writer:
            for task in tasks:
                if sink is None and task[3] == _DIRECT_PARQUET:
                    sink = _ParquetSink(Path(task[2]), strict=task[4] is not None)
                frame = _block_frame(task)
                if writing is not None:
                    finish(*writing)
                writing = task, writer.submit(_write_block, frame, sink)
            if writing is not None:
                finish(*writing)
    finally:
        if sink is not None:
            sink.close()
    return results


def _pool_blocks(pool, tasks, on_done=None) -> list[dict]:
    """The blocks on a process pool, results in task order. For a one-file Parquet output each part is
    appended to the file as soon as it and the parts before it are done, while the workers go on."""
    sink = None
    if tasks and tasks[0][3] == _ARROW_PART:
        sink = _ParquetSink(_assembled(Path(tasks[0][2]).parent), strict=tasks[0][4] is not None)
    results = []
    try:
        for task, result in zip(tasks, pool.map(_run_block, tasks)):
            if sink is not None:
                sink.add_part(Path(task[2]), task[0].source)
            results.append(result)
            if on_done is not None:
                on_done(task)
    finally:
        if sink is not None:
            sink.close()
    return results


def _assembled(workdir: Path) -> Path:
    return workdir / "assembled.parquet"


def _warm_up() -> None:
    from ..report.pipeline import derive_all  # noqa: F401
    from .blocks import read_block  # noqa: F401


def _dask_blocks(client, tasks, on_done=None) -> list[dict]:
    """The blocks as one dask.dataframe: ``from_map`` reads and derives each block
    (:func:`_block_frame`, one partition per block), ``map_partitions`` writes it
    with metasome's own writer (:func:`_finish_block`) and returns its summary row.
    Each partition is computed as a future of its own, so that ``on_done`` hears of
    every block as it finishes (in any order); the results come back in task order.

    Parts are written by :mod:`metasome.io.writers` rather than ``to_parquet`` so
    that they are the very files the serial path writes (duplicate input headers
    restored from metadata, CSV parts byte-identical).
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd

    # the summary column holds Python objects: dask must not turn it into strings
    with dask.config.set({"dataframe.convert-string": False}):
        meta = pd.DataFrame({"info": pd.Series([], dtype=object)})
        frames = dd.from_map(_block_frame, tasks, meta=pd.DataFrame(), enforce_metadata=False,
                             label="metasome-block")
        infos = frames.map_partitions(_finish_block, meta=meta, enforce_metadata=False)
        futures = client.compute(infos.to_delayed())
        if on_done is not None:
            from distributed import as_completed

            task_of = {f.key: task for f, task in zip(futures, tasks)}
            for future in as_completed(futures):
                if future.status == "finished":
                    on_done(task_of[future.key])
        done = client.gather(futures)
    return [frame["info"].iloc[0] for frame in done]


# ----------------------------------------------------------------------------- tables

def compute_many(paths_or_glob, out, *, backend: str = "serial", scheduler=None, age: float | None = None,
                 censoring=None, columns=None, sheet=None, negative_is_censored: bool = False,
                 encoding: str | None = None, isotopes: dict | None = None, block_rows: int | None = None,
                 workers: int | None = None, view: dict | None = None, progress=None) -> ComputeSummary:
    """``metasome compute`` over files of any size: read, derive every column, write.

    Parameters
    ----------
    paths_or_glob : path, folder, glob pattern or a list of them
        Input tables (CSV/TSV/TXT, Parquet, spreadsheets), processed in sorted order.
    out : path
        ``*.csv``/``*.tsv``/``*.txt`` or ``*.parquet``: one table, the files' rows one
        after the other (the files must then give the same columns). Anything else is
        a folder of Parquet part files ``part-00000.parquet``... (in a sub-folder per
        input file, named after it, when there are several); stale ``part-*.parquet``
        files there are removed first. A folder is an existing one or a name without
        an extension: ``results.json`` is refused as an unknown format.
    backend : {"serial", "processes", "dask"}
    scheduler : str or dask.distributed.Client, optional
        Dask scheduler address (default: a local 2-process cluster).
    age, censoring, isotopes
        As :func:`metasome.report.pipeline.derive_all`.
    columns : dict or path of a TOML file, optional
        Per-column overrides (:func:`metasome.io.read_table`).
    sheet, negative_is_censored, encoding
        As :func:`metasome.io.read_table`.
    block_rows : int, optional
        Rows per block (default 100 000); a multiple of 2000.
    workers : int, optional
        Processes (``processes``) or local Dask workers (``dask``, default 2).
    view : dict, optional
        ``{"seed", "cap", "group"}``: each block also returns its share of a seeded
        random sample and summary statistics, for the report
        (:func:`metasome.parallel.view.report_view`); kept in ``ComputeSummary.views``.
    progress : callable(step: str, fraction: float), optional
        Called as each block is written, with the input file's name and the share of
        the input (by file size) done, and with 1.0 at the end; the protocol of
        :func:`metasome.report.run_report`'s ``progress``.

    Returns
    -------
    ComputeSummary
    """
    from ..io.table import censoring_factor
    from . import blocks as bl

    start = time.perf_counter()
    _check_backend(backend)
    if backend == "dask":
        require_dask()
    censoring_factor(censoring)   # a bad policy stops here, not in the first block
    files = expand_inputs(paths_or_glob)
    out = Path(out)
    refuse_overwrite(out, files)
    mode = _output_mode(out)
    chunk = bl.mc_chunk_rows()
    block_rows = DEFAULT_BLOCK_ROWS if block_rows is None else int(block_rows)
    if block_rows <= 0 or block_rows % chunk:
        raise MetasomeInputError(f"block_rows must be a positive multiple of {chunk} (got {block_rows})")
    if columns is not None and not isinstance(columns, dict):
        from ..io import load_column_overrides

        columns = load_column_overrides(columns)
    opts = {"age": age, "censoring": censoring, "columns": columns, "sheet": sheet,
            "negative_is_censored": negative_is_censored, "encoding": encoding, "isotopes": dict(isotopes or {})}

    parent = out if mode == "folder" else out.parent
    parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".metasome-parts-", dir=parent))
    try:
        with _block_runner(backend, scheduler, workers) as run:
            # serially, blocks are read as the record scan finds them (the report's view needs the whole
            # plan first, and its provenance the file's sha256)
            streamed = backend == "serial" and view is None
            blocks = (b for i, f in enumerate(files)
                      for b in bl.iter_blocks(f, i, block_rows=block_rows, workdir=workdir, sheet=sheet,
                                              encoding=encoding, hashed=not streamed))
            plan = [] if streamed else list(blocks)
            # one Parquet file: written block after block (serial) or part after part as they come (processes)
            one_file = mode == "parquet" and backend != "dask"
            direct = one_file and backend == "serial"
            part_of = _part_namer(files, out, mode, workdir, direct)
            fmt = ({"folder": "parquet", "parquet": _DIRECT_PARQUET if direct else _ARROW_PART}.get(mode)
                   or _CSV_OUT[out.suffix.lower()])
            if view is not None:
                from .view import sample_threshold

                view = {**view, "threshold": sample_threshold(plan, block_rows, view["cap"])}

            def task(b):
                return b, opts, str(part_of(b)), fmt, None, view

            tasks = [task(b) for b in plan]

            def streaming():
                for b in blocks:
                    plan.append(b)
                    tasks.append(task(b))
                    yield tasks[-1]

            results = run(streaming() if streamed else tasks, _progress_of(files, progress))
            parts = [part_of(b) for b in plan]
            drops = _file_drops(plan, results)
            if one_file and (drops != [r["n_drop"] for r in results]
                             or any(r["columns"] != results[0]["columns"] for r in results)):
                # the one file is written again, every block read with the whole-file decision on trailing
                # empty columns; columns that still differ (files of other shapes) are then an error
                results = run([(*t[:4], n, view) for t, n in zip(tasks, drops)])
            else:
                redo = [i for i, (r, n) in enumerate(zip(results, drops)) if r["n_drop"] != n]
                for i, res in zip(redo, run([(*tasks[i][:4], drops[i], view) for i in redo])):
                    results[i] = res
        if mode == "csv":
            _assemble_csv(results, parts, out, fmt, workdir)
        elif one_file:
            _replace(_assembled(workdir), out)
        elif mode == "parquet":
            _assemble_parquet(results, parts, out, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if progress is not None:
        progress("written", 1.0)
    return ComputeSummary(
        out=out, files=[str(f) for f in files], rows=sum(r["rows"] for r in results), blocks=len(plan),
        columns=len(results[0]["columns"]) if results else 0, backend=backend,
        seconds=time.perf_counter() - start, parts=[str(p) for p in parts] if mode == "folder" else [],
        warnings=[w for r in results for w in r["warnings"]],
        views=[r["view"] for r in results] if view is not None else [],
    )


def _output_mode(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix in _CSV_OUT and not out.is_dir():
        return "csv"
    if suffix in _PARQUET_OUT and not out.is_dir():
        return "parquet"
    if suffix in SPREADSHEET_OUT:
        raise MetasomeInputError("large or many tables are written as CSV, Parquet or a folder of Parquet "
                                 "parts, not as a spreadsheet", file=str(out))
    if out.exists() and not out.is_dir():
        raise MetasomeInputError("output exists and is not a folder; give a .csv or .parquet file or a folder",
                                 file=str(out))
    if suffix and not out.is_dir():
        # "results.json" is a format metasome does not write, not the name of a folder to create
        raise MetasomeInputError(f"unknown output format {suffix!r}; give a .csv, .tsv, .txt or .parquet file, "
                                 "or a folder for Parquet parts (an existing one, or a name without an "
                                 "extension)", file=str(out))
    return "folder"


def _part_namer(files, out: Path, mode: str, workdir: Path, direct: bool):
    """``block -> path`` of the block's part (the one assembled file when ``direct``); for a folder
    output its sub-folders are made and emptied of stale parts first."""
    if direct:
        return lambda b: _assembled(workdir)
    if mode != "folder":
        ext = ".arrow" if mode == "parquet" else ".part"
        return lambda b: workdir / f"part-{b.file_index:05d}-{b.index:05d}{ext}"
    if len(files) == 1:
        folders = [out]
    else:
        stems: dict[str, int] = {}
        folders = []
        for f in files:
            stem = f.stem
            stems[stem] = stems.get(stem, 0) + 1
            folders.append(out / (stem if stems[stem] == 1 else f"{stem}-{stems[stem]}"))
    for folder in set(folders):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("part-*.parquet"):
            stale.unlink()
    return lambda b: folders[b.file_index if len(files) > 1 else 0] / f"part-{b.index:05d}.parquet"


def _progress_of(files: list[Path], progress):
    """``on_done(task)`` for the block runners: each finished block adds its share of its file
    (:func:`metasome.parallel.blocks.share`), weighted by the file's size; None without ``progress``."""
    if progress is None:
        return None
    from .blocks import share

    sizes = [max(f.stat().st_size, 1) for f in files]
    total = float(sum(sizes))
    done = 0.0

    def on_done(task) -> None:
        nonlocal done
        block = task[0]
        done += share(block) * sizes[block.file_index]
        progress(f"computing {Path(block.source).name}", min(done / total, 1.0))

    return on_done


class _Carry:
    """Holds a block's table and derived columns in a frame's ``attrs`` (shared, not deep-copied)."""

    def __init__(self, **items):
        self.__dict__.update(items)

    def __deepcopy__(self, memo):
        return self


def _block_frame(task):
    """Read one block and derive every column with the serial pipeline: the block's output frame.

    The frame's ``attrs["metasome.block"]`` carries the table and derived columns
    for :func:`_finish_block`.
    """
    from ..report.pipeline import derive_all
    from .blocks import read_block

    block, opts, _, _, n_drop, _ = task
    table, dropped = read_block(block, columns=opts["columns"], sheet=opts["sheet"],
                                negative_is_censored=opts["negative_is_censored"], encoding=opts["encoding"],
                                n_drop=n_drop)
    derived = derive_all(table, age=opts["age"], censoring=opts["censoring"],
                         isotopes={**opts["isotopes"], "row_offset": block.row_offset})
    frame = table.to_frame(derived)
    frame.attrs["metasome.block"] = _Carry(task=task, table=table, derived=derived, n_drop=dropped)
    return frame


def _finish_block(frame, sink=None):
    """Write one block's output frame to its part file (or to ``sink``, the one output file of the serial
    backend); a one-row frame holding the block's summary."""
    import pandas as pd

    from ..io.writers import _parquet

    carry = frame.attrs.pop("metasome.block")
    block, _, part, fmt, _, view = carry.task
    if sink is not None:
        sink(frame, block.source)
    elif fmt == "parquet":
        _parquet(frame, Path(part))
    elif fmt == _ARROW_PART:
        _arrow_part(frame, Path(part))
    else:
        # exactly metasome.io.writers._csv, without the header (written once by the assembly)
        frame.to_csv(part, sep=fmt, index=False, header=False, encoding="utf-8", float_format=None,
                     lineterminator="\n")
    info = {"rows": len(carry.table), "n_drop": carry.n_drop, "columns": [str(c) for c in frame.columns],
            "warnings": [str(w) for w in carry.table.warnings]}
    if view is not None:
        from .view import block_view

        info["view"] = block_view(carry.table, carry.derived, block, view)
    return pd.DataFrame({"info": [info]}, dtype=object)


def _run_block(task) -> dict:
    """One block, read, derived and written (the process backend)."""
    return _write_block(_block_frame(task))


def _arrow_part(frame, path: Path) -> None:
    """A block's output frame as an Arrow IPC file (the table :mod:`metasome.io.writers` would write)."""
    import pyarrow as pa

    from ..io.writers import arrow_table

    table = arrow_table(frame)
    with pa.ipc.new_file(str(path), table.schema) as writer:
        writer.write_table(table)


def _write_block(frame, sink=None) -> dict:
    return _finish_block(frame, sink)["info"].iloc[0]


def _file_drops(plan, results) -> list[int]:
    """Trailing empty-header columns to drop per block: the fewest any block of its file dropped, so that
    such a column goes only if it is empty in the whole file (blocks that dropped more are read again)."""
    least: dict[int, int] = {}
    for b, r in zip(plan, results):
        least[b.file_index] = min(least.get(b.file_index, r["n_drop"]), r["n_drop"])
    return [least[b.file_index] for b in plan]


def _same_columns(results, files_label: str) -> list[str]:
    first = results[0]["columns"]
    for r in results[1:]:
        if r["columns"] != first:
            raise _different_columns(files_label)
    return first


def _different_columns(files_label: str) -> MetasomeInputError:
    return MetasomeInputError("the input files give different columns, so they cannot go in one table; "
                              "write to a folder instead", file=files_label)


class _ParquetSink:
    """One Parquet file written block after block, with the options of :func:`metasome.io.writers._parquet`.

    Blocks whose columns differ from the first block's stop the writing; with ``strict`` (blocks read
    with the whole-file decision on trailing empty columns) they are an error.
    """

    def __init__(self, path: Path, strict: bool):
        self.path, self.strict, self.writer, self.columns, self.stopped = path, strict, None, None, False

    def __call__(self, frame, source: str) -> None:
        """Append a block's output frame."""
        from ..io.writers import arrow_table

        columns = [str(c) for c in frame.columns]
        if self._accepts(columns, source):
            self._write(arrow_table(frame))

    def add_part(self, part: Path, source: str) -> None:
        """Append a part file written by :func:`_arrow_part`, then remove it."""
        import json

        import pyarrow as pa

        with pa.memory_map(str(part)) as mapped:
            table = pa.ipc.open_file(mapped).read_all()
            if self._accepts(json.loads(table.schema.metadata[b"metasome.headers"]), source):
                self._write(table)
        os.unlink(part)

    def _accepts(self, columns: list[str], source: str) -> bool:
        if self.columns is not None and columns != self.columns:
            if self.strict:
                raise _different_columns(source)
            self.stopped = True
        if self.columns is None:
            self.columns = columns
        return not self.stopped

    def _write(self, table) -> None:
        import pyarrow.parquet as pq

        from ..io.writers import parquet_options

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema, **parquet_options(table.schema))
        elif not table.schema.equals(self.writer.schema, check_metadata=False):
            table = table.cast(self.writer.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _assemble_csv(results, parts, out: Path, sep: str, workdir: Path) -> None:
    import pandas as pd

    headers = _same_columns(results, str(out))
    tmp = workdir / "assembled.csv"
    header = pd.DataFrame(columns=pd.Index(headers, dtype=object)).to_csv(
        sep=sep, index=False, encoding="utf-8", lineterminator="\n")
    with open(tmp, "wb") as dst:
        dst.write(header.encode("utf-8"))
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, dst, 1 << 22)
            os.unlink(part)
    _replace(tmp, out)


def _assemble_parquet(results, parts, out: Path, workdir: Path) -> None:
    """Parts of the Dask backend into one file, in order."""
    _same_columns(results, str(out))
    sink = _ParquetSink(_assembled(workdir), strict=True)
    try:
        for part in parts:
            sink.add_part(part, str(out))
    finally:
        sink.close()
    _replace(_assembled(workdir), out)


def _replace(tmp: Path, out: Path) -> None:
    try:
        os.replace(tmp, out)
    except OSError as exc:
        raise MetasomeInputError(f"cannot write: {exc.strerror or exc}", file=str(out)) from exc


# ----------------------------------------------------------------------------- Monte Carlo

def run_montecarlo(scenarios, systems=("d7Li",), *, backend: str = "serial", scheduler=None,
                   workers: int | None = None, **options):
    """:func:`metasome.mixing.simulate` with its chunk kernel run on ``backend``.

    ``options`` are those of :func:`~metasome.mixing.simulate` (``n``, ``seed``,
    ``prior``, ``cap``, ``bins``, ``block_size``, ``chunk_size``...). Each task is one
    group of ``chunk_size`` draws; the stream-defining blocks and the reduction are
    those of the serial run, so the result is identical for the same seed.
    """
    from ..mixing.montecarlo import simulate

    for name in ("executor", "workers"):
        if name in options:
            raise TypeError(f"run_montecarlo() chooses the executor itself; do not pass {name!r}")
    with executor_for(backend, scheduler, workers) as executor:
        return simulate(scenarios, systems, executor=executor, **options)


@contextmanager
def executor_for(backend: str = "serial", scheduler=None, workers: int | None = None):
    """A ``concurrent.futures`` executor for ``backend``: None (serial), a process pool, or the executor
    of a Dask client (:func:`client_for`); closed on exit."""
    _check_backend(backend)
    if backend == "serial":
        yield None
    elif backend == "processes":
        with _process_pool(workers) as pool:
            yield pool
    else:
        with client_for(scheduler, workers) as client:
            yield client.get_executor(pure=False)
