"""Time the main job: ``metasome demo`` and ``metasome report`` on a 10,000- and a 200,000-sample table.

Goals (issue 7): demo <= 60 s and a 10,000-sample report <= 120 s on a 2-core machine. The 200,000-sample
table has more rows than the figures draw, so it goes through the block engine (figures from a seeded
20,000-row sample, every row derived into Parquet parts); the size of its report.html is shown too. Each run is a
fresh ``metasome`` process (what a user runs), timed with its peak memory (ru_maxrss of the child).
The 10,000-sample table is made by repeating the embedded Central Andes arc lavas (Mamani et al. 2010)
with a small seeded multiplicative jitter on every numeric cell, so it has real column layout, censoring
and text, and every row is distinct.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 10_000
LONG = 200_000
SEED = 7


def run(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and the child's peak RSS (MiB) of ``metasome ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "metasome.cli", *args], check=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def big_table(path: Path, rows: int = ROWS) -> None:
    from metasome.reference._files import example_file

    src = example_file("arc_lavas_CentralAndes_Mamani2010_extract.csv")
    base = pd.read_csv(src, skiprows=1, dtype=str, keep_default_na=False)
    reps = -(-rows // len(base))
    frame = pd.concat([base] * reps, ignore_index=True).iloc[:rows]
    rng = np.random.default_rng(SEED)
    for col in frame.columns:
        numeric = pd.to_numeric(frame[col], errors="coerce")
        if numeric.notna().mean() > 0.5 and col not in ("Age  (Ma)", "error (Ma)"):
            jitter = 1 + 0.01 * rng.standard_normal(len(frame))
            frame[col] = np.where(numeric.notna(), (numeric * jitter).map("{:.6g}".format), frame[col])
    frame["Sample"] = [f"{s}-{i}" for i, s in enumerate(frame["Sample"])]
    frame.to_csv(path, index=False)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="metasome-bench-report-"))
    try:
        rows = []
        t, mem = run(["demo", "--out", str(work / "demo"), "--quiet"])
        rows.append(("metasome demo (4 embedded tables + models)", t, mem, 60.0, work / "demo"))
        table = work / "arc_10000.csv"
        big_table(table)
        t, mem = run(["report", str(table), "--group", "Arc", "--out", str(work / "big"), "--quiet"])
        rows.append((f"metasome report, {ROWS:,} samples + models", t, mem, 120.0, work / "big"))
        table = work / f"arc_{LONG}.csv"
        big_table(table, LONG)
        t, mem = run(["report", str(table), "--group", "Arc", "--out", str(work / "long"), "--quiet"])
        rows.append((f"metasome report, {LONG:,} samples + models", t, mem, None, work / "long"))
        print(f"{'run':48s} {'wall s':>8s} {'peak MiB':>9s} {'goal s':>7s} {'met':>4s} {'report.html MB':>15s}")
        for name, seconds, peak, goal, out in rows:
            met = "-" if goal is None else "yes" if seconds <= goal else "NO"
            size = (out / "report.html").stat().st_size / 1e6
            print(f"{name:48s} {seconds:8.1f} {peak:9.0f} {goal or '-':>7} {met:>4s} {size:15.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
