"""One switch to run metasome serially, in local processes or on a Dask cluster.

Public API
----------
BACKENDS = ("serial", "processes", "dask")
compute_many(paths_or_glob, out, *, backend="serial", scheduler=None, age=None, censoring=None,
             columns=None, ..., progress=None) -> ComputeSummary
    ``metasome compute`` over one or many files of any size, in row blocks of bounded memory;
    ``progress(step, fraction)`` hears of each block as it is written (any order on Dask).
run_montecarlo(scenarios, systems=("d7Li",), *, backend="serial", scheduler=None, workers=None,
               **simulate_options) -> metasome.mixing.MCResult
    :func:`metasome.mixing.simulate` with its chunk kernel mapped over the backend.
executor_for(backend="serial", scheduler=None, workers=None) -> context manager
    The ``concurrent.futures`` executor of a backend (None for serial), for
    :func:`metasome.mixing.simulate` and the report's Monte Carlo.
expand_inputs(paths_or_glob) -> list of Path
    A file, a folder (its table files) or a glob pattern, in sorted order.
view.report_view(paths_or_glob, out, *, group=(), cap=20_000, seed=20250101, backend="serial",
                 scheduler=None, ...) -> view.ReportView
    ``metasome report`` on a collection: every row derived and written as Parquet parts, plus
    all-row statistics and a seeded, recorded random sample of at most ``cap`` rows for figures.

Backends
--------
``serial``
    One process, block after block; a text file's blocks are read as the record
    scan finds them, so the first block is derived while the rest of the file is
    still being scanned (the file's sha256 is computed only for the report, which
    records it).
``processes``
    A local :class:`concurrent.futures.ProcessPoolExecutor` (``workers``, default
    the number of CPUs; processes are spawned, not forked).
``dask``
    A ``dask.distributed`` client: a ``LocalCluster(n_workers=2, processes=True,
    threads_per_worker=1)`` by default (``workers`` sets ``n_workers``), or the
    scheduler at ``scheduler="tcp://host:8786"``. Tables go through dask.dataframe:
    ``dd.from_map`` over the block plan (one partition per block, read and derived
    by the same pure functions as the serial path), then ``map_partitions`` writing
    each partition with metasome's own writer (so parts are the serial bytes, with
    duplicate headers restored), each partition computed as a future of its own so
    that progress is told as blocks finish; Monte Carlo chunks go through the client's executor. Workers of a remote cluster need
    metasome installed and the input and output paths on a shared file system.
    Needs the optional extra: ``pip install "metasome[distributed]"``; without it
    asking for this backend raises :class:`~metasome.errors.MetasomeInputError`
    saying so. Dask is imported only here, when the backend is used.

How every backend gives the same result
---------------------------------------
* **Tables.** A file is cut into blocks of ``block_rows`` rows (a multiple of the
  2000-row chunk of the isotope uncertainty Monte Carlo; see
  :mod:`metasome.parallel.blocks`). Every block is read by the io layer's own
  parsers and :class:`~metasome.io.table.CanonicalTable` builder, keeps every input
  column and its source line numbers, and goes through the same pure function,
  :func:`metasome.report.pipeline.derive_all`; the science is row-wise, and the
  one random part (Monte Carlo uncertainties of eNd(t), eSr(t), TDM) draws row
  chunk ``k`` of the whole table from ``SeedSequence(seed, spawn_key=(k,))``
  whichever block it falls in (``row_offset``). Blocks are written as numbered part
  files and assembled in input order (files sorted by name, blocks by position),
  so row order is kept and a single CSV is byte-identical to the one the serial
  ``metasome compute`` writes. A single Parquet file is written block after block:
  by the serial backend directly (each block on a second thread while the next is
  read), by the process backend part after part as the parts arrive (parts are
  Arrow IPC files, memory-mapped back), by Dask at the end; every way gives the table of :func:`metasome.io.write`, one row group per
  block. Memory is bounded by the block size times the number of workers (two
  blocks for the serial backend); the driver never holds more than one part.
* **Monte Carlo.** :func:`metasome.mixing.simulate` defines its random streams by
  fixed-size blocks of draws (``block_size``): block ``b`` of scenario ``s`` uses
  ``SeedSequence(seed, spawn_key=(s, b))``. Backends only decide where groups of
  blocks run; histograms and counts are integers summed exactly and the moments
  are exactly rounded sums in block order, so the same seed gives identical
  histograms, quantiles and moments on every backend and any number of workers.
"""

from __future__ import annotations

from .engine import (
    BACKENDS, ComputeSummary, client_for, compute_many, executor_for, expand_inputs, require_dask, run_montecarlo,
)

__all__ = ["BACKENDS", "ComputeSummary", "compute_many", "run_montecarlo", "expand_inputs", "client_for",
           "executor_for", "require_dask"]
