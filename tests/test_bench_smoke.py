"""The pipeline benchmark's metasome side runs on a small table (the benchmark itself is not a test, but
its calls of metasome must keep working: CI does not install pyrolite, so only metasome and the numpy floor
run here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow.parquet as pq
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_pipeline.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_pipeline", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pipeline_benchmark_runs_metasome_and_the_floor(bench, tmp_path):
    src, warm = tmp_path / "big.csv", tmp_path / "warm.csv"
    bench.make_file(src, 4_000)
    bench.make_file(warm, 1_000, seed=1)
    results = {tool: bench.run(tool, src, warm, tmp_path / f"out-{tool}.parquet") for tool in ("metasome", "floor")}
    for r in results.values():
        assert list(r["times"]) == ["read", "normalise", "anomalies", "ratios", "TAS", "write"]
        assert r["cpu"]["user"] > 0 and r["cpu"]["kernel"] >= 0
    close, same = bench.agreement(results["metasome"]["check"], results["floor"]["check"])
    assert close and same > 0.99
    assert pq.ParquetFile(tmp_path / "out-metasome.parquet").metadata.num_rows == 4_000


@pytest.mark.parametrize("backend", ["serial", "processes"])
@pytest.mark.parametrize("name", ["compute.parquet", "compute-folder"])
def test_pipeline_benchmark_runs_compute(bench, tmp_path, backend, name):
    src, warm = tmp_path / "big.csv", tmp_path / "warm.csv"
    bench.make_file(src, 4_000)
    bench.make_file(warm, 1_000, seed=1)
    out = tmp_path / name
    bench._remove(out)
    done = bench.run_compute(src, warm, out, backend)
    assert done["columns"] > 90 and done["seconds"] > 0
    assert done["cpu"]["user"] > 0 and done["cpu"]["kernel"] >= 0
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in ([out] if out.suffix else sorted(out.glob("*.parquet"))))
    assert rows == 4_000


def test_median_run_picks_the_middle_time(bench):
    runs = [{"s": 3.0}, {"s": 1.0}, {"s": 2.0}, {"s": 9.0}]
    assert bench.median_run(runs, lambda r: r["s"]) == {"s": 2.0}
    assert bench.median_run(runs[:3], lambda r: r["s"]) == {"s": 2.0}


def test_first_touch_probe_times_both_page_sizes(bench):
    touch = bench.first_touch(8)
    assert set(touch) == {"huge pages", "4 KiB pages"} and all(t > 0 for t in touch.values())
