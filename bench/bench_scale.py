"""Benchmark: ``metasome compute`` on a 3,000,000-row GEOROC-shaped compilation, bounded memory.

The compilation (a temporary CSV, every cell quoted as in GEOROC downloads) has
text columns CITATION, TECTONIC SETTING, LOCATION, SAMPLE NAME, ROCK NAME,
MATERIAL, age bounds, 52 ``OXIDE(WT%)``/``ELEMENT(PPM)`` columns with empty,
``<0.05`` and ``bdl`` cells, Sr-Nd isotope ratios and the trailing empty column.

It is processed by :func:`metasome.parallel.compute_many` into a folder of Parquet
parts (100,000-row blocks), once on Dask (a local cluster, 2 worker processes)
and once serially in the same blocks, each run in its own subprocess. Peak memory
is the largest sum of the resident set sizes of the run's whole process tree
(driver, nannies, workers), sampled every 0.1 s with psutil; the driver's own
``ru_maxrss`` is shown beside it. The two outputs are compared part by part
(they must be equal).

Usage: ``python bench/bench_scale.py [--rows N] [--block-rows N] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OXIDES = ["SIO2", "TIO2", "AL2O3", "FEOT", "MNO", "MGO", "CAO", "NA2O", "K2O", "P2O5", "LOI"]
ELEMENTS = ["LI", "BE", "SC", "V", "CR", "CO", "NI", "CU", "ZN", "GA", "RB", "SR", "Y", "ZR", "NB", "CS",
            "BA", "LA", "CE", "PR", "ND", "SM", "EU", "GD", "TB", "DY", "HO", "ER", "TM", "YB", "LU", "HF",
            "TA", "PB", "TH", "U", "AU", "TE", "PD", "IR", "PT"]
TEXT = ["CITATION", "TECTONIC SETTING", "LOCATION", "SAMPLE NAME", "ROCK NAME", "MATERIAL"]
HEADERS = (TEXT + ["MIN. AGE (YRS.)", "MAX. AGE (YRS.)"] + [f"{o}(WT%)" for o in OXIDES]
           + [f"{e}(PPM)" for e in ELEMENTS] + ["SR87_SR86", "ND143_ND144", ""])


def generate(path: Path, rows: int, seed: int = 1, chunk: int = 250_000) -> None:
    """Write the compilation in chunks (vectorised numpy -> pyarrow CSV writer)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    settings = np.array(["CONVERGENT MARGIN", "RIFT VOLCANICS", "OCEAN ISLAND", "CONTINENTAL FLOOD BASALT"])
    rocks = np.array(["BASALT [1]", "ANDESITE [2]", "DACITE [3]", "RHYOLITE [4]", "PICRITE [5]"])
    majors = np.array([52, 1.2, 16, 9, 0.17, 6, 9, 3, 1.5, 0.3, 1.0])
    schema = pa.schema([(f"c{i}", pa.string()) for i in range(len(HEADERS))])
    options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    with open(path, "wb") as fh:
        fh.write((",".join(f'"{h}"' for h in HEADERS) + "\n").encode())
        with pacsv.CSVWriter(fh, schema, write_options=options) as writer:
            for start in range(0, rows, chunk):
                n = min(chunk, rows - start)
                idx = np.arange(start, start + n)
                ref = (idx % 9000 + 1000).astype(str)
                cols = [np.char.add(np.char.add("[", ref), "]"), settings[idx % 4],
                        np.char.add("VOLCANO ", (idx % 313).astype(str)),
                        np.char.add(np.char.add("S-", idx.astype(str)), " [1]"), rocks[idx % 5],
                        np.full(n, "WR [1]")]
                age = rng.integers(0, 5_000_000, n)
                cols += [age.astype(str), (age + rng.integers(0, 100_000, n)).astype(str)]
                block = []
                for j, m in enumerate(majors):
                    block.append(np.round(m * (1 + 0.1 * rng.standard_normal(n)), 2).astype(str))
                for _ in ELEMENTS:
                    v = np.round(rng.lognormal(1.5, 1.2, n), 3).astype(str).astype(object)
                    r = rng.random(n)
                    v[r < 0.25] = ""
                    v[(r >= 0.25) & (r < 0.28)] = "<0.05"
                    v[(r >= 0.28) & (r < 0.29)] = "bdl"
                    block.append(v)
                cols += block
                cols += [np.round(0.703 + 0.002 * rng.random(n), 6).astype(str),
                         np.round(0.5128 + 0.0003 * rng.random(n), 6).astype(str), np.full(n, "")]
                writer.write_table(pa.table([pa.array(c.astype(str), pa.string()) for c in cols], schema=schema))


_CHILD = r"""
import json, resource, sys, time
backend, src, out, block_rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
from metasome.parallel import compute_many
start = time.perf_counter()
s = compute_many(src, out, backend=backend, block_rows=block_rows, workers=2)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": s.rows, "blocks": s.blocks,
                  "columns": s.columns, "driver_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(backend: str, src: Path, out: Path, block_rows: int) -> dict:
    import psutil

    proc = subprocess.Popen([sys.executable, "-c", _CHILD, backend, str(src), str(out), str(block_rows)],
                            stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent] + parent.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                break
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, _ = proc.communicate()
    done.set()
    t.join()
    if proc.returncode:
        raise SystemExit(f"{backend} run failed")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_mb"] = peak / 2**20
    return result


def same_parts(a: Path, b: Path) -> bool:
    import pyarrow.parquet as pq

    pa_, pb = sorted(a.glob("part-*.parquet")), sorted(b.glob("part-*.parquet"))
    return len(pa_) == len(pb) and all(pq.read_table(x).equals(pq.read_table(y)) for x, y in zip(pa_, pb))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--block-rows", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the files in")
    ap.add_argument("--generate-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate_only is not None:
        generate(args.generate_only, args.rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        src = base / "georoc_compilation.csv"
        t0 = time.perf_counter()
        # in its own process: Linux keeps ru_maxrss across fork+exec, so the runs below must
        # not be children of a process that held the generator's memory
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--generate-only", str(src)],
                       check=True)
        gen_s = time.perf_counter() - t0
        size = src.stat().st_size / 2**20
        print(f"compilation: {args.rows:,} rows x {len(HEADERS)} columns, {size:,.0f} MiB CSV "
              f"(generated in {gen_s:.0f} s); blocks of {args.block_rows:,} rows")
        results = {}
        for backend in ("dask", "serial"):
            results[backend] = run(backend, src, base / f"out-{backend}", args.block_rows)
        equal = same_parts(base / "out-dask", base / "out-serial")
        print(f"{'backend':<28} {'rows':>10} {'blocks':>6} {'time (s)':>9} {'rows/s':>9} "
              f"{'peak tree RSS (MiB)':>20} {'driver maxrss (MiB)':>20}")
        for name, label in (("dask", "dask (LocalCluster, 2 proc)"), ("serial", "serial, same blocks")):
            r = results[name]
            print(f"{label:<28} {r['rows']:>10,} {r['blocks']:>6} {r['seconds']:>9.1f} "
                  f"{r['rows'] / r['seconds']:>9,.0f} {r['tree_peak_mb']:>20,.0f} {r['driver_maxrss_mb']:>20,.0f}")
        print(f"outputs equal part by part: {equal}; output columns: {results['dask']['columns']}")
        if not equal:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
