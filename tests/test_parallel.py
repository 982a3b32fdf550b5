"""metasome.parallel: every backend gives exactly the serial results.

Tables: ``compute_many`` on blocks (serial, a process pool, a 2-process Dask
LocalCluster) must write the very bytes the serial ``read_table -> derive_all ->
write`` path writes, for files whose awkward features (quoted newlines, blank
lines, CRLF/CR line ends, non-UTF-8 text, a GEOROC trailer, a trailing
empty-header column, isotope uncertainties drawn by Monte Carlo) sit on block
boundaries. Monte Carlo: ``run_montecarlo`` on every backend equals
``mixing.simulate`` for the same seed.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import metasome.mixing as mx
from scenarios import qiu_like
from metasome.errors import MetasomeInputError
from metasome.io import read_table, write
from metasome.parallel import blocks as bl
from metasome.parallel import compute_many, expand_inputs, run_montecarlo
from metasome.report.pipeline import derive_all

ISO = {"n_draws": 64}   # keeps the isotope uncertainty Monte Carlo fast; same value on both sides

HEADERS = ["CITATION", "SAMPLE NAME", "LOCATION", "ROCK NAME", "MIN. AGE (YRS.)", "MAX. AGE (YRS.)",
           "SIO2(WT%)", "TIO2(WT%)", "AL2O3(WT%)", "FEOT(WT%)", "MGO(WT%)", "CAO(WT%)", "NA2O(WT%)", "K2O(WT%)",
           "LA(PPM)", "CE(PPM)", "PR(PPM)", "ND(PPM)", "SM(PPM)", "EU(PPM)", "GD(PPM)", "YB(PPM)", "TH(PPM)",
           "NB(PPM)", "RB(PPM)", "SR(PPM)", "SR87_SR86", "ND143_ND144", "SR87_SR86 2SD", "ND143_ND144 2SD", ""]


def georoc_text(n: int, *, seed: int = 0, newline: str = "\n", trailer: bool = True,
                trailing_content_row: int | None = None, location: str = "LOC") -> str:
    """A GEOROC-shaped compilation: text columns, majors, traces with censored and empty cells,
    Sr-Nd isotopes with 2SD (so eNd(t)/eSr(t) get Monte Carlo uncertainties), age bounds,
    the trailing comma column, quoted newlines and blank lines around the 2000-row block ends."""
    rng = np.random.default_rng(seed)
    majors = [50, 1.5, 16, 9, 7, 10, 3, 1.2]
    rows = [",".join(f'"{h}"' for h in HEADERS)]
    for i in range(n):
        quoted = i % 2000 in (1998, 1999, 0)          # last rows of a block and first of the next
        loc = f'"{location} {i % 17}{newline}""SUB"", {i}"' if quoted else f"{location} {i % 17}"
        cells = [f'"[{1000 + i % 50}]"', f"S-{i}", loc, "BASALT [12]", str(1_000_000 + i), str(2_000_000 + 7 * i)]
        cells += [f"{v * (1 + 0.05 * rng.standard_normal()):.2f}" for v in majors]
        for _ in range(12):
            r = rng.random()
            cells.append("" if r < 0.1 else "<0.05" if r < 0.15 else "bdl" if r < 0.17
                         else f"{rng.lognormal(1, 1):.3f}")
        cells += [f"{0.7032 + 0.001 * rng.random():.6f}", f"{0.5128 + 0.0004 * rng.random():.6f}",
                  "0.000020", "" if i % 7 == 0 else "0.000012"]
        cells.append("x" if i == trailing_content_row else "")
        rows.append(",".join(cells))
        if i % 2000 in (1999, 1000):
            rows.append("")                            # blank lines: not rows
    text = newline.join(rows) + newline
    if trailer:
        text += newline.join(["Abbreviations:", "WR: whole rock", "References:", "[1000] Someone 2001", ""])
    return text


def serial_reference(path: Path, out: Path, **kw) -> Path:
    table = read_table(path, **{k: v for k, v in kw.items() if k in ("encoding", "columns")})
    write(table, out, derived=derive_all(table, isotopes=ISO, **{k: v for k, v in kw.items()
                                                                   if k in ("age", "censoring")}))
    return out


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    import logging

    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    with Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def compilation(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "georoc.csv"
    path.write_bytes(georoc_text(5_300, newline="\r\n").encode())
    return path


@pytest.fixture(scope="module")
def reference(compilation, tmp_path_factory) -> Path:
    return serial_reference(compilation, tmp_path_factory.mktemp("ref") / "serial.csv")


@pytest.mark.parametrize("backend", ["serial", "processes", "dask"])
def test_compute_many_writes_the_serial_bytes(backend, compilation, reference, client, tmp_path):
    out = tmp_path / "out.csv"
    summary = compute_many(compilation, out, backend=backend, scheduler=client if backend == "dask" else None,
                           workers=2, block_rows=2000, isotopes=ISO)
    assert summary.blocks == 3 and summary.rows == 5_300
    assert out.read_bytes() == reference.read_bytes()
    assert not list(tmp_path.glob(".metasome-parts-*"))          # the work folder is removed


@pytest.mark.parametrize("backend", ["serial", "processes", "dask"])
def test_one_parquet_file_equals_the_serial_table(backend, client, tmp_path):
    """The serial backend writes one Parquet file block after block (no parts); the others assemble parts.
    A trailing empty-header column with content only in the last block is kept in every block (the serial
    backend writes the whole file again with that decision)."""
    src = tmp_path / "rift.csv"
    src.write_bytes(georoc_text(4_300, seed=2, trailing_content_row=4_200).encode())
    ref = pq.read_table(serial_reference(src, tmp_path / "ref.parquet"))
    out = tmp_path / "one.parquet"
    summary = compute_many(src, out, backend=backend, scheduler=client if backend == "dask" else None, workers=2,
                           block_rows=2000, isotopes=ISO)
    got = pq.read_table(out)
    assert summary.blocks == 3 and got.equals(ref) and got.schema.metadata == ref.schema.metadata
    assert pq.ParquetFile(out).metadata.num_row_groups == 3
    assert not list(tmp_path.glob(".metasome-parts-*"))


@pytest.mark.parametrize("backend", ["serial", "processes", "dask"])
def test_progress_hears_of_every_block_with_its_share_of_the_input(backend, compilation, client, tmp_path):
    """A text file's blocks count by bytes, a Parquet file's by rows, each file by its size; the share
    done only grows, whatever order the blocks finish in, and ends at 1."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_bytes(compilation.read_bytes())
    rng = np.random.default_rng(3)
    pd.DataFrame({"SiO2": rng.uniform(45, 70, 5_000), "La": rng.lognormal(3, 0.5, 5_000)}).to_parquet(
        folder / "b.parquet", index=False)
    calls = []
    compute_many(folder, tmp_path / "out", backend=backend, scheduler=client if backend == "dask" else None,
                 workers=2, block_rows=2000, isotopes=ISO, progress=lambda step, f: calls.append((step, f)))
    steps = [step for step, _ in calls]
    fractions = [f for _, f in calls]
    assert steps == ["computing a.csv"] * 3 + ["computing b.parquet"] * 3 + ["written"] or backend == "dask"
    assert sorted(steps[:-1]) == ["computing a.csv"] * 3 + ["computing b.parquet"] * 3 and steps[-1] == "written"
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    a, b = ((folder / n).stat().st_size for n in ("a.csv", "b.parquet"))
    text = bl.plan(folder / "a.csv", 0, block_rows=2000, workdir=tmp_path)
    in_blocks = text[-1].stop - text[0].start          # a.csv's header and trailer are in no block
    assert fractions[-2] == pytest.approx((in_blocks + b) / (a + b)) and fractions[-2] < 1.0
    if backend != "dask":   # b.parquet's three blocks hold 2000, 2000 and 1000 of its 5000 rows
        assert np.diff(fractions[2:6]) == pytest.approx(np.array([0.4, 0.4, 0.2]) * b / (a + b))


def test_share_of_a_block(compilation, tmp_path):
    blocks = bl.plan(compilation, 0, block_rows=2000, workdir=tmp_path)
    shares = [bl.share(b) for b in blocks]
    data = blocks[-1].stop - blocks[0].start           # the header and the references trailer are in no block
    assert sum(shares) == pytest.approx(data / compilation.stat().st_size)
    assert [b.stop - b.start for b in blocks] == pytest.approx([s * compilation.stat().st_size for s in shares])


def test_blocks_cut_at_record_ends_with_line_numbers(compilation):
    plan = bl.plan(compilation, 0, block_rows=2000, workdir=compilation.parent)
    assert [b.row_offset for b in plan] == [0, 2000, 4000]
    whole = read_table(compilation)
    for b in plan:
        table, _ = bl.read_block(b)
        lo = b.row_offset
        assert np.array_equal(table.row_labels.to_numpy(), whole.row_labels.to_numpy()[lo:lo + len(table)])
        pd.testing.assert_frame_equal(table.original.reset_index(drop=True),
                                      whole.original.iloc[lo:lo + len(table)].reset_index(drop=True))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_quoted_line_break_inside_a_block_keeps_the_row_numbers(tmp_path, newline):
    """Without blank lines the fast parser takes a block whole, and a value spanning two lines would shift
    every later row number by one: such a block is read by the line-tracking parser, in the middle of a
    block and in the last one, so warnings name the rows the whole-file reader names."""
    rows = ["Sample,LOCATION,SiO2"]
    for i in range(5_000):
        location = f'"A{newline}B"' if i in (10, 4_990) else "X"
        rows.append(f"S{i},{location},{'abc' if i in (1_500, 4_995) else 50 + i % 9}")
    src = tmp_path / "lavas.csv"
    src.write_bytes((newline.join(rows) + newline).encode())
    whole = read_table(src)
    plan = bl.plan(src, 0, block_rows=2000, workdir=tmp_path)
    assert [b.lines for b in plan] == [2001, 2000, 1001]
    for b in plan:
        table, _ = bl.read_block(b)
        lo = b.row_offset
        assert np.array_equal(table.row_labels.to_numpy(), whole.row_labels.to_numpy()[lo:lo + len(table)])
    summary = compute_many(src, tmp_path / "out.csv", block_rows=2000)
    invalid = [w for w in summary.warnings if "abc" in w]
    assert invalid == [str(w) for w in whole.warnings if "abc" in str(w)] and len(invalid) == 2
    assert "row 1503" in invalid[0] and "row 4999" in invalid[1]   # line 1 is the header; two values span 2 lines


def test_streamed_blocks_are_the_planned_ones_without_the_hash(compilation, monkeypatch):
    """``metasome compute`` reads blocks as the scan finds them: the first block comes after the scan's
    first window, not after the whole file; the blocks are the plan's, without the sha256."""
    planned = bl.plan(compilation, 0, block_rows=2000, workdir=compilation.parent)
    assert all(len(b.provenance["sha256"]) == 64 for b in planned)
    windows = []
    scan = bl._record_cuts

    def counting(fh, start, end, block_rows):
        for cut in scan(fh, start, end, block_rows):
            windows.append(fh.tell())
            yield cut

    monkeypatch.setattr(bl, "_record_cuts", counting)
    monkeypatch.setattr(bl, "_SCAN", 4096)
    streamed = bl.iter_blocks(compilation, 0, block_rows=2000, workdir=compilation.parent, hashed=False)
    first = next(streamed)
    assert windows and windows[-1] < compilation.stat().st_size / 2   # only the file's first part was scanned
    got = [first, *streamed]
    assert "sha256" not in first.provenance
    assert [replace(b, provenance={}) for b in got] == [replace(b, provenance={}) for b in planned]


def test_scanner_carries_quotes_and_line_ends_across_its_reads(compilation, monkeypatch):
    """Tiny scan windows split CR LF pairs and quoted fields; the cuts must not move."""
    expected = [(b.start, b.first_line, b.row_offset) for b in
                bl.plan(compilation, 0, block_rows=2000, workdir=compilation.parent)]
    for window in (4099, 4100, 977):
        monkeypatch.setattr(bl, "_SCAN", window)
        got = [(b.start, b.first_line, b.row_offset) for b in
               bl.plan(compilation, 0, block_rows=2000, workdir=compilation.parent)]
        assert got == expected


def test_isotope_monte_carlo_streams_follow_the_row_not_the_block(compilation):
    from metasome import isotopes

    values = read_table(compilation).values
    whole = isotopes.derive(values, n_draws=64)
    parts = [isotopes.derive(values.iloc[a:a + 2000], n_draws=64, row_offset=a) for a in (0, 2000, 4000)]
    pd.testing.assert_frame_equal(pd.concat(parts), whole)
    assert whole["eNd(t) 2SD"].notna().sum() > 3000
    with pytest.raises(ValueError, match="multiple"):
        isotopes.derive(values.iloc[:10], n_draws=8, row_offset=10)


def test_folder_and_glob_inputs(client, tmp_path):
    src = tmp_path / "downloads"
    src.mkdir()
    # CR-only line ends and Windows-1252 text (the reader transcodes; blocks must too)
    (src / "a_arc.csv").write_bytes(georoc_text(4_100, seed=1, newline="\r", location="CAF\u00c9").encode("cp1252"))
    # a trailing empty-header column with content only in the last block: kept in every block
    (src / "b_rift.csv").write_bytes(georoc_text(4_300, seed=2, trailing_content_row=4_200).encode())
    base = tmp_path / "base.parquet"
    t = read_table(src / "b_rift.csv")
    write(t, base)
    (src / "c_plume.parquet").write_bytes(base.read_bytes())   # Parquet input (verbatim text + canonical)
    (src / "notes.md").write_text("not a table")
    files = expand_inputs(src)
    assert [f.name for f in files] == ["a_arc.csv", "b_rift.csv", "c_plume.parquet"]
    assert expand_inputs(str(src / "*.csv")) == files[:2]

    out = tmp_path / "parts"
    summary = compute_many(src, out, backend="dask", scheduler=client, block_rows=2000, isotopes=ISO)
    assert summary.rows == 4_100 + 4_300 + 4_300 and summary.blocks == 9
    for f in files:
        ref = serial_reference(f, tmp_path / f"{f.stem}-ref.parquet")
        parts = sorted((out / f.stem).glob("part-*.parquet"))
        assert len(parts) == 3
        got = pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)
        pd.testing.assert_frame_equal(got, pq.read_table(ref).to_pandas())
        inputs = read_table(f).original.columns.tolist()          # every input column, first, verbatim
        assert read_table(parts[0]).original.columns.tolist()[:len(inputs)] == inputs
    assert "" in read_table(src / "b_rift.csv").original.columns   # the kept trailing column

    # a glob of same-shaped files into one Parquet table, in sorted order
    (tmp_path / "two").mkdir()
    for k in (2, 1):
        (tmp_path / "two" / f"part{k}.csv").write_bytes(georoc_text(2_500, seed=k).encode())
    one = tmp_path / "one.parquet"
    compute_many(str(tmp_path / "two" / "part*.csv"), one, backend="dask", scheduler=client, block_rows=2000,
                 isotopes=ISO)
    refs = [pq.read_table(serial_reference(tmp_path / "two" / f"part{k}.csv", tmp_path / f"r{k}.parquet"))
            for k in (1, 2)]
    got = pq.read_table(one)
    assert got.num_rows == 5_000
    assert got.slice(0, 2_500).equals(refs[0]) and got.slice(2_500).equals(refs[1])


def test_compute_many_options_reach_the_pipeline(client, compilation, tmp_path):
    ref = tmp_path / "ref.csv"
    table = read_table(compilation)
    write(table, ref, derived=derive_all(table, age=120.0, censoring="half", isotopes=ISO))
    out = tmp_path / "out.csv"
    compute_many(compilation, out, backend="dask", scheduler=client, block_rows=4000, age=120.0,
                 censoring="half", isotopes=ISO)
    assert out.read_bytes() == ref.read_bytes()


@pytest.mark.parametrize("prior", ["uniform", "dirichlet_capped"])
def test_montecarlo_on_every_backend_equals_serial(prior, client):
    kw = dict(n=50_000, seed=42, prior=prior, block_size=4096, bins=300, keep=3000)
    ref = mx.simulate(qiu_like(), ["d7Li"], **kw)
    runs = [run_montecarlo(qiu_like(), ["d7Li"], backend="dask", scheduler=client, chunk_size=8192, **kw),
            run_montecarlo(qiu_like(), ["d7Li"], backend="processes", workers=2, chunk_size=16384, **kw),
            run_montecarlo(qiu_like(), ["d7Li"], backend="serial", chunk_size=4096, **kw)]
    for got in runs:
        for sc in ref.results:
            a, b = ref[sc]["d7Li"], got[sc]["d7Li"]
            assert np.array_equal(a.counts, b.counts) and (a.under, a.over, a.n) == (b.under, b.over, b.n)
            assert a.mean == b.mean and a.sd == b.sd
            assert np.array_equal(a.quantile([0.025, 0.5, 0.975]), b.quantile([0.025, 0.5, 0.975]))
            assert np.array_equal(a.sample, b.sample)
        assert got.accepted == ref.accepted
    other = run_montecarlo(qiu_like(), ["d7Li"], backend="dask", scheduler=client, **{**kw, "seed": 43})
    assert not np.array_equal(other["crust"]["d7Li"].counts, ref["crust"]["d7Li"].counts)


def test_montecarlo_on_a_default_local_cluster():
    kw = dict(n=20_000, seed=3, block_size=2048, bins=100, keep=100, chunk_size=4096)
    ref = mx.simulate(qiu_like()[:1], ["d7Li"], **kw)
    got = run_montecarlo(qiu_like()[:1], ["d7Li"], backend="dask", **kw)   # its own LocalCluster(2)
    assert np.array_equal(ref["crust"]["d7Li"].counts, got["crust"]["d7Li"].counts)
    assert ref["crust"]["d7Li"].mean == got["crust"]["d7Li"].mean


def test_without_dask_a_clear_error(monkeypatch, compilation, tmp_path):
    from metasome.cli import main

    monkeypatch.setitem(sys.modules, "dask", None)          # import dask -> ImportError
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MetasomeInputError, match=r"metasome\[distributed\]"):
        compute_many(compilation, tmp_path / "x.csv", backend="dask")
    with pytest.raises(MetasomeInputError, match=r"metasome\[distributed\]"):
        run_montecarlo(qiu_like(), ["d7Li"], backend="dask", n=10)
    assert not (tmp_path / "x.csv").exists()
    assert main(["compute", str(compilation), "--out", str(tmp_path / "y.csv"), "--backend", "dask"]) == 2
    # the other backends do not need it
    compute_many(compilation, tmp_path / "z.csv", backend="serial", block_rows=4000, isotopes=ISO)
    assert (tmp_path / "z.csv").exists()


def test_metasome_imports_without_dask_and_stays_light():
    code = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None\n"
            "import metasome, metasome.parallel\n"
            "assert metasome.parallel.BACKENDS == ('serial', 'processes', 'dask')\n"
            "assert not any(m.split('.')[0] in ('dask', 'distributed', 'pandas') and sys.modules[m] "
            "for m in sys.modules), 'heavy import'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_compute_accepts_a_glob_and_a_backend(client, tmp_path, compilation, reference):
    from metasome.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "g.csv").write_bytes(compilation.read_bytes())
    out = tmp_path / "cli.csv"
    address = client.scheduler.address
    assert main(["compute", str(tmp_path / "in" / "*.csv"), "--out", str(out), "--backend", "dask",
                 "--scheduler", address]) == 0
    table = read_table(compilation)
    ref = tmp_path / "ref.csv"
    write(table, ref, derived=derive_all(table))
    assert out.read_bytes() == ref.read_bytes()
    folder = tmp_path / "folder-out"
    assert main(["compute", str(tmp_path / "in"), "--out", str(folder)]) == 0
    assert len(list(folder.glob("part-*.parquet"))) == 1


def test_user_errors(tmp_path, compilation):
    with pytest.raises(MetasomeInputError, match="multiple of 2000"):
        compute_many(compilation, tmp_path / "o.csv", block_rows=1500)
    with pytest.raises(MetasomeInputError, match="not as a spreadsheet"):
        compute_many(compilation, tmp_path / "o.xlsx")
    with pytest.raises(MetasomeInputError, match="backend must be one of"):
        compute_many(compilation, tmp_path / "o.csv", backend="threads")
    with pytest.raises(MetasomeInputError, match="unknown output format '.json'"):
        compute_many(compilation, tmp_path / "o.json")
    assert not (tmp_path / "o.json").exists()
    before = compilation.read_bytes()
    for out in (compilation, compilation.parent, compilation.parent.parent):
        with pytest.raises(MetasomeInputError, match="overwrite or sit among the input files"):
            compute_many(compilation, out)
    assert compilation.read_bytes() == before
    assert not list(compilation.parent.glob("part-*"))
    dotted = tmp_path / "run.v2"
    dotted.mkdir()
    assert compute_many(compilation, dotted).parts   # an existing folder may have a dot in its name
    with pytest.raises(MetasomeInputError, match="no file matches"):
        expand_inputs(str(tmp_path / "nothing-*.csv"))
    other = tmp_path / "other.csv"
    other.write_text("SAMPLE,SIO2(WT%)\nA,50\n")
    with pytest.raises(MetasomeInputError, match="different columns"):
        compute_many([compilation, other], tmp_path / "o.csv", block_rows=4000, isotopes=ISO)
    for backend in ("serial", "processes"):
        with pytest.raises(MetasomeInputError, match="different columns"):
            compute_many([compilation, other], tmp_path / "o.parquet", backend=backend, workers=2,
                         block_rows=4000, isotopes=ISO)
        assert not (tmp_path / "o.parquet").exists()


# ----------------------------------------------------------------------------- dask.dataframe and the report view

def test_dask_backend_runs_blocks_through_dask_dataframe(client, compilation, reference, tmp_path, monkeypatch):
    """The Dask path is a dask.dataframe (from_map over the block plan, one partition per block)."""
    import dask.dataframe as dd

    calls = []
    real = dd.from_map

    def spy(func, *iterables, **kw):
        calls.append(len(iterables[0]))
        return real(func, *iterables, **kw)

    monkeypatch.setattr(dd, "from_map", spy)
    out = tmp_path / "out.parquet"
    compute_many(compilation, out, backend="dask", scheduler=client, block_rows=2000, isotopes=ISO)
    assert calls == [3]
    got = pd.read_parquet(out)
    want = pd.read_csv(reference, dtype=str, keep_default_na=False)
    assert list(got.columns) == list(want.columns)          # same columns, same order
    serial = tmp_path / "serial.parquet"
    compute_many(compilation, serial, backend="serial", block_rows=2000, isotopes=ISO)
    pd.testing.assert_frame_equal(got, pd.read_parquet(serial), check_exact=True)   # values and dtypes


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("collection")
    (src / "a_arc.csv").write_bytes(georoc_text(5_300, seed=11).encode())
    (src / "b_rift.csv").write_bytes(georoc_text(4_100, seed=12, location="RIFT").encode())
    return src


def _serial_derived(files) -> pd.DataFrame:
    """Every row of every file, read and derived whole by the serial path, in input order."""
    frames = []
    for f in files:
        t = read_table(f)
        frames.append(derive_all(t, isotopes=ISO))
    return pd.concat(frames, ignore_index=True)


def test_report_view_equals_serial_on_every_backend(client, collection, tmp_path):
    from metasome.parallel.view import SAMPLE_ROWS, report_view

    kw = dict(group=["LOCATION"], cap=1_500, seed=7, block_rows=2000, isotopes=ISO)
    views = {b: report_view(collection, tmp_path / b, backend=b, scheduler=client if b == "dask" else None,
                            workers=2, **kw) for b in ("serial", "dask", "processes")}
    ref = views["serial"]
    for v in views.values():
        assert (v.rows, v.sampled) == (9_400, 1_500)
        pd.testing.assert_frame_equal(v.derived, ref.derived, check_exact=True)
        pd.testing.assert_frame_equal(v.table.values, ref.table.values, check_exact=True)
        pd.testing.assert_frame_equal(v.table.original, ref.table.original)
        pd.testing.assert_series_equal(v.groups, ref.groups)
        pd.testing.assert_frame_equal(v.tas, ref.tas)
        pd.testing.assert_frame_equal(v.ratios, ref.ratios, check_exact=True)
        pd.testing.assert_frame_equal(v.warnings, ref.warnings)
        for f in ("a_arc", "b_rift"):       # the full derived tables: identical part files
            for pa_, pb in zip(sorted((v.out / f).glob("part-*.parquet")),
                               sorted((ref.out / f).glob("part-*.parquet")), strict=True):
                assert pq.read_table(pa_).equals(pq.read_table(pb))
    # the recorded sample rows are the rows the serial path derives there
    files = expand_inputs(collection)
    rows = pd.read_csv(ref.out / SAMPLE_ROWS)
    assert len(rows) == 1_500 and not rows.duplicated().any()
    whole = _serial_derived(files)
    offset = rows["file"].map({str(files[0]): 0, str(files[1]): 5_300}) + rows["row"]
    pd.testing.assert_frame_equal(ref.derived, whole.iloc[offset.to_numpy()].reset_index(drop=True),
                                  check_exact=True)
    # the sample does not depend on the block size; another seed draws other rows
    other = report_view(collection, tmp_path / "b4000", **{**kw, "block_rows": 4000})
    pd.testing.assert_frame_equal(pd.read_csv(other.out / SAMPLE_ROWS), rows)
    reseeded = report_view(collection, tmp_path / "seed8", **{**kw, "seed": 8})
    assert not pd.read_csv(reseeded.out / SAMPLE_ROWS).equals(rows)


def test_report_view_statistics_cover_every_row(collection, tmp_path):
    """Mass balance and all-row statistics against the whole table derived serially."""
    from metasome.parallel.view import report_view
    from metasome.report.run import group_labels

    view = report_view(collection, tmp_path / "v", group=["LOCATION"], cap=100_000, block_rows=2000,
                       isotopes=ISO)
    files = expand_inputs(collection)
    tables = [read_table(f) for f in files]
    whole = _serial_derived(files)
    labels = pd.concat([group_labels(t, ["LOCATION"]) for t in tables], ignore_index=True)
    assert view.sampled == view.rows == len(whole) == int(view.groups.sum()) == int(view.tas.to_numpy().sum())
    pd.testing.assert_series_equal(view.groups.sort_index(), labels.value_counts().sort_index(),
                                   check_names=False)
    ratio = whole["Th/Yb"].replace([np.inf, -np.inf], np.nan)
    by = ratio.groupby(labels.to_numpy())
    got = view.ratios[view.ratios["ratio"] == "Th/Yb"].set_index("group")
    assert got["n"].to_dict() == {g: n for g, n in by.count().items() if n}
    np.testing.assert_allclose(got["mean"], by.mean()[got.index], rtol=1e-12)
    assert got["max"].to_dict() == by.max()[got.index].to_dict()
    # with the cap above the row count, the view is every row in input order
    pd.testing.assert_frame_equal(view.derived, whole, check_exact=True)
    # warnings: the reader lists the first rows of each kind per table read, so compare with one block per file
    single = report_view(collection, tmp_path / "w", cap=10, block_rows=6000, isotopes=ISO)
    assert int(single.warnings["rows"].sum()) == sum(len(t.warnings) for t in tables)
