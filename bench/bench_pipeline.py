"""Benchmark: the whole pipeline on a 1,000,000-row GEOROC-shaped table, metasome vs pyrolite vs a numpy floor.

Stages, the same for every tool:
  read       the CSV (GEOROC headers such as ``SIO2(WT%)``, ``LA(PPM)``; text columns; 3 % empty cells);
  normalise  14 REE and Th Nb Zr Y Sr Ba to the primitive mantle of Sun & McDonough (1989);
  anomalies  Ce/Ce* and Eu/Eu*;
  ratios     Th/Yb, Nb/Yb, Ba/La, Zr/Nb, Sr/Y, La/Yb;
  TAS        volcanic field names (Le Bas et al. 1986) from SiO2 and Na2O + K2O as given;
  write      a Parquet file.

Tools:
  metasome   its public API: ``io.read_table`` (recognises the GEOROC headers and units, keeps every cell
             verbatim), ``trace.normalise``, ``trace.ce_anomaly`` / ``eu_anomaly`` (2Ce_N/(La_N+Pr_N),
             Eu_N/sqrt(Sm_N Gd_N)), ``trace.ratio``, ``classify.tas``, ``io.write`` (every input column
             verbatim, then canonical values, then the new columns: it writes more than the others);
  pyrolite   0.3.8: ``pandas.read_csv`` and a header rename, ``pyrochem.normalize_to("PM_SM89")``,
             ``pyrochem.lambda_lnREE(norm_to="PM_SM89", anomalies=["Ce", "Eu"])`` (its anomaly route:
             O'Neill 2016 lambda fits without Ce and Eu), pandas division (pyrolite has no ratio
             parser), ``TAS().predict``, ``DataFrame.to_parquet``;
  pyrolite+pd the same with Ce/Ce* and Eu/Eu* as pandas arithmetic on pyrolite's normalised values (the
             definitions metasome uses) instead of the lambda fits;
  floor      plain pandas/numpy on the same arrays: ``pandas.read_csv``, numpy arithmetic with the same
             reference values, a point-in-polygon TAS with ``matplotlib.path.Path.contains_points`` over
             metasome's packaged field vertices, ``DataFrame.to_parquet``.

Each tool runs in its own child process (after a warm-up on 1,000 rows that loads reference data);
peak memory is that process's ``ru_maxrss``. Agreement between metasome and the floor is checked
(Ce/Ce* and Th/Yb to 1e-12 relative; share of equal TAS names, which differ only for points on a field
edge, where metasome applies its documented tie rule). pyrolite's TAS has other field names (alkalic and
subalkalic basalt...) and its Ce/Ce* another definition (against the lambda fit), so only its time is compared.

Below the table, ``metasome compute`` (:func:`metasome.parallel.compute_many`, what the command runs
for a CSV or Parquet output) on the same file: serially and with 2 worker processes, to one Parquet file and to a
folder of Parquet parts. It derives every column of the report pipeline (more than the stages above),
so it is shown beside pyrolite's total, not stage by stage.

Every tool runs once per round, ``--repeat`` rounds (default 3); the table shows each tool's run with the
median total time, so that one slow spell of a shared machine does not decide a ratio. Each run's CPU
seconds are split into user code and kernel. The kernel part is mostly page faults, and the first line
probes them: how long a fresh process takes to fill 256 MiB with and without transparent huge pages. On
the development VM (its virtio balloon reports freed memory to the host) a huge page costs up to 4.5 ms
on first touch, and the same probe took 0.06 s in one run and 0.69 s in the next.

Usage: ``python bench/bench_pipeline.py [--rows N] [--keep DIR] [--repeat N]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAJORS = ["SiO2", "TiO2", "Al2O3", "FeOT", "MnO", "MgO", "CaO", "Na2O", "K2O", "P2O5"]
REE = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]
OTHERS = ["Th", "Nb", "Zr", "Y", "Sr", "Ba"]
TEXT = ["CITATION", "TECTONIC SETTING", "LOCATION", "SAMPLE NAME", "ROCK NAME"]
RATIOS = ["Th/Yb", "Nb/Yb", "Ba/La", "Zr/Nb", "Sr/Y", "La/Yb"]
TRACES = REE + OTHERS
#: Stages between reading and writing, summed in the table's "science" row.
SCIENCE = ("normalise", "anomalies", "ratios", "TAS")
#: Sun & McDonough (1989) OIB-like centres (ppm) of the synthetic trace elements.
CENTRES = [37.0, 80.0, 9.7, 38.5, 10.0, 3.0, 7.62, 1.05, 5.6, 1.06, 2.62, 0.35, 2.16, 0.3,
           4.0, 48.0, 280.0, 29.0, 660.0, 350.0]
MAJOR_CENTRES = [50.0, 1.5, 15.0, 10.0, 0.17, 7.0, 9.0, 3.0, 1.5, 0.3]


def header(name: str) -> str:
    """GEOROC download header of a quantity: ``SIO2(WT%)``, ``LA(PPM)``."""
    return f"{name.upper()}({'WT%' if name in MAJORS else 'PPM'})"


RENAME = {header(c): c for c in MAJORS + TRACES}


def make_file(path: Path, rows: int, seed: int = 9) -> None:
    """Write the table with pyarrow, in chunks; values log-normal around the centres, 3 % empty cells."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    settings = np.array(["CONVERGENT MARGIN", "OCEAN ISLAND", "RIFT VOLCANICS", "CONTINENTAL FLOOD BASALT"])
    rocks = np.array(["BASALT", "ANDESITE", "TRACHYTE", "BASANITE", "RHYOLITE"])
    numeric = MAJORS + TRACES
    schema = pa.schema([(h, pa.string()) for h in TEXT] + [(header(c), pa.float64()) for c in numeric])
    centres = np.array(MAJOR_CENTRES + CENTRES)
    with pacsv.CSVWriter(path, schema) as writer:
        for start in range(0, rows, 250_000):
            n = min(250_000, rows - start)
            idx = np.arange(start, start + n)
            text = [np.char.add(np.char.add("[", (idx % 9000 + 1000).astype(str)), "]"), settings[idx % 4],
                    np.char.add("VOLCANO ", (idx % 313).astype(str)), np.char.add("S-", idx.astype(str)),
                    rocks[idx % 5]]
            data = np.round(centres * rng.lognormal(0.0, 0.4, (n, len(centres))), 4)
            data[:, 0] = np.round(rng.uniform(40, 75, n), 2)           # SiO2 across the TAS diagram
            data[:, 7] = np.round(rng.uniform(0.5, 8, n), 2)           # Na2O
            data[:, 8] = np.round(rng.uniform(0.1, 6, n), 2)           # K2O
            data[rng.random(data.shape) < 0.03] = np.nan
            arrays = [pa.array(t) for t in text] + [pa.array(data[:, j], from_pandas=True)
                                                    for j in range(len(numeric))]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


# ----------------------------------------------------------------------------- the three pipelines
# each is a list of (stage, function(state) -> state); the state is a dict

def metasome_stages(src: Path, out: Path):
    from metasome.classify import tas
    from metasome.io import read_table, write
    from metasome.trace import ce_anomaly, eu_anomaly, normalise, ratio

    def read(s):
        s["table"] = read_table(src)
        s["values"] = s["table"].values
        return s

    def norm(s):
        s["pm"] = normalise(s["values"], "PM_SunMcDonough1989", elements=TRACES)
        return s

    def anomalies(s):
        s["new"] = {"Ce/Ce*": ce_anomaly(s["pm"]), "Eu/Eu*": eu_anomaly(s["pm"])}
        return s

    def ratios(s):
        s["new"].update({r: ratio(s["values"], r) for r in RATIOS})
        return s

    def classify(s):
        v = s["values"]
        s["new"]["TAS volcanic"] = tas(v["SiO2"], v["Na2O"] + v["K2O"])
        return s

    def save(s):
        import pandas as pd

        derived = pd.concat([s["pm"].add_suffix(" PM"), pd.DataFrame(s["new"])], axis=1)
        write(s["table"], out, derived=derived)
        return s

    return [("read", read), ("normalise", norm), ("anomalies", anomalies), ("ratios", ratios),
            ("TAS", classify), ("write", save)]


def pyrolite_stages(src: Path, out: Path):
    import pandas as pd
    import pyrolite.geochem  # noqa: F401  (registers the .pyrochem accessor)
    from pyrolite.util.classification import TAS

    def read(s):
        s["df"] = pd.read_csv(src).rename(columns=RENAME)
        return s

    def norm(s):
        s["pm"] = s["df"][TRACES].pyrochem.normalize_to("PM_SM89", units="ppm")
        return s

    def anomalies(s):
        lam = s["df"][REE].pyrochem.lambda_lnREE(norm_to="PM_SM89", anomalies=["Ce", "Eu"])
        s["new"] = {c: lam[c] for c in lam.columns}
        return s

    def ratios(s):
        df = s["df"]
        s["new"].update({r: df[r.split("/")[0]] / df[r.split("/")[1]] for r in RATIOS})
        return s

    def classify(s):
        df = s["df"]
        t = pd.DataFrame({"SiO2": df["SiO2"], "Na2O + K2O": df["Na2O"] + df["K2O"]})
        tas = TAS()
        # field codes ("Bs", "O2") to volcanic names, as a user would
        names = {k: " ".join((n[0] if isinstance(n, list) else n).split())
                 for k, n in ((k, v["name"]) for k, v in tas.fields.items())}
        s["new"]["TAS volcanic"] = tas.predict(t).map(names)
        return s

    def save(s):
        frame = pd.concat([s["df"], s["pm"].add_suffix(" PM"), pd.DataFrame(s["new"])], axis=1)
        frame.to_parquet(out, index=False)
        return s

    return [("read", read), ("normalise", norm), ("anomalies", anomalies), ("ratios", ratios),
            ("TAS", classify), ("write", save)]


def pyrolite_pandas_stages(src: Path, out: Path):
    """pyrolite with the anomalies as pandas arithmetic on its normalised values (2Ce_N/(La_N+Pr_N),
    Eu_N/sqrt(Sm_N Gd_N)) instead of its lambda fits: what a pyrolite user wanting these definitions writes."""
    import numpy as np

    stages = dict(pyrolite_stages(src, out))

    def anomalies(s):
        pm = s["pm"]
        s["new"] = {"Ce/Ce*": 2 * pm["Ce"] / (pm["La"] + pm["Pr"]), "Eu/Eu*": pm["Eu"] / np.sqrt(pm["Sm"] * pm["Gd"])}
        return s

    return [(name, anomalies if name == "anomalies" else stage) for name, stage in stages.items()]


def floor_stages(src: Path, out: Path):
    import numpy as np
    import pandas as pd
    from matplotlib.path import Path as Polygon

    from metasome.classify.tas import fields
    from metasome.reference import get

    # constants only (the same numbers metasome uses), loaded before timing
    pm = np.asarray(get("PM_SunMcDonough1989").ppm(TRACES), dtype=float)
    polygons = [(name, Polygon(v)) for name, v, _ in fields("volcanic")]
    col = {e: i for i, e in enumerate(TRACES)}

    def read(s):
        s["df"] = pd.read_csv(src).rename(columns=RENAME)
        s["x"] = s["df"][TRACES].to_numpy(dtype=float)
        return s

    def norm(s):
        s["pm"] = s["x"] / pm
        return s

    def anomalies(s):
        n = s["pm"]
        s["new"] = {"Ce/Ce*": 2 * n[:, col["Ce"]] / (n[:, col["La"]] + n[:, col["Pr"]]),
                    "Eu/Eu*": n[:, col["Eu"]] / np.sqrt(n[:, col["Sm"]] * n[:, col["Gd"]])}
        return s

    def ratios(s):
        x = s["x"]
        s["new"].update({r: x[:, col[r.split("/")[0]]] / x[:, col[r.split("/")[1]]] for r in RATIOS})
        return s

    def classify(s):
        df = s["df"]
        pts = np.column_stack([df["SiO2"].to_numpy(float), (df["Na2O"] + df["K2O"]).to_numpy(float)])
        code = np.full(len(pts), -1)
        for i, (_, poly) in enumerate(polygons):
            code[(code < 0) & poly.contains_points(pts)] = i
        names = np.array([name for name, _ in polygons] + [None], dtype=object)
        s["new"]["TAS volcanic"] = names[code]
        return s

    def save(s):
        frame = pd.concat([s["df"], pd.DataFrame(s["pm"], columns=[f"{e} PM" for e in TRACES]),
                           pd.DataFrame(s["new"])], axis=1)
        frame.to_parquet(out, index=False)
        return s

    return [("read", read), ("normalise", norm), ("anomalies", anomalies), ("ratios", ratios),
            ("TAS", classify), ("write", save)]


TOOLS = {"metasome": metasome_stages, "pyrolite": pyrolite_stages, "pyrolite+pd": pyrolite_pandas_stages,
         "floor": floor_stages}


def run_stages(tool: str, src: Path, out: Path) -> tuple[dict, dict]:
    state: dict = {}
    times = {}
    for name, stage in TOOLS[tool](src, out):
        t0 = time.perf_counter()
        state = stage(state)
        times[name] = time.perf_counter() - t0
    return times, state


def child(tool: str, src: Path, warm: Path, out: Path) -> None:
    """One tool in this process: warm up on the small file, then time each stage on the big one."""
    import resource

    run_stages(tool, warm, out.with_suffix(".warm.parquet"))
    before = resource.getrusage(resource.RUSAGE_SELF)
    times, state = run_stages(tool, src, out)
    cpu = cpu_seconds(before, resource.getrusage(resource.RUSAGE_SELF))
    new = state["new"]
    check = {k: [float(x) if x == x else None for x in list(new[k][:2000])] for k in ("Ce/Ce*", "Th/Yb")}
    check["TAS volcanic"] = [None if v is None or v != v else str(v) for v in list(new["TAS volcanic"][:2000])]
    print(json.dumps({"times": times, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "cpu": cpu, "check": check}))


def cpu_seconds(before, after) -> dict:
    """CPU seconds between two ``getrusage`` readings, in user code and in the kernel (mostly page
    faults: on a VM whose balloon hands freed memory back to the host, first-touched memory is slow)."""
    return {"user": after.ru_utime - before.ru_utime, "kernel": after.ru_stime - before.ru_stime}


def run(tool: str, src: Path, warm: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", tool, str(src), str(warm), str(out)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{tool} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_COMPUTE = r"""
import json, resource, sys, time
from metasome.parallel import compute_many
WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
def cpu():
    use = [resource.getrusage(who) for who in WHO]
    return {"user": sum(u.ru_utime for u in use), "kernel": sum(u.ru_stime for u in use)}
if __name__ == "__main__":
    src, out, backend, warm, warm_out = sys.argv[1:6]
    compute_many(warm, warm_out, backend="serial")
    before = cpu()
    t0 = time.perf_counter()
    done = compute_many(src, out, backend=backend)
    seconds = time.perf_counter() - t0
    after = cpu()
    peak = max(resource.getrusage(who).ru_maxrss for who in WHO)
    print(json.dumps({"seconds": seconds, "columns": done.columns, "peak_mb": peak / 1024,
                      "cpu": {k: after[k] - before[k] for k in after}}))
"""


_TOUCH = r"""
import sys, time
import numpy as np
t0 = time.perf_counter()
np.ones(int(sys.argv[1]) * 2**20 // 8)
print(time.perf_counter() - t0)
"""


def first_touch(mib: int = 256) -> dict:
    """Seconds a fresh process takes to fill ``mib`` MiB, with numpy's default request for transparent huge
    pages and without it (``NUMPY_MADVISE_HUGEPAGE=0``): a probe of the machine, not of any tool. On a VM
    that returns freed memory to its host, huge pages come back cold and each costs a host fault."""
    import os

    out = {}
    for label, flag in (("huge pages", "1"), ("4 KiB pages", "0")):
        env = {**os.environ, "NUMPY_MADVISE_HUGEPAGE": flag}
        proc = subprocess.run([sys.executable, "-c", _TOUCH, str(mib)], capture_output=True, text=True,
                              env=env, check=True)
        out[label] = float(proc.stdout.strip())
    return out


def run_compute(src: Path, warm: Path, out: Path, backend: str) -> dict:
    """``metasome compute`` (:func:`metasome.parallel.compute_many`) in a child process: every derived
    column of the report pipeline, in the default 100,000-row blocks."""
    warm_out = out.with_name(f"warm-{out.name}")   # same kind of output (file or folder) as ``out``
    proc = subprocess.run([sys.executable, "-c", _COMPUTE, str(src), str(out), backend, str(warm), str(warm_out)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"compute failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict], seconds) -> dict:
    """The run whose ``seconds(run)`` is the median (the lower middle one for an even count)."""
    return sorted(runs, key=seconds)[(len(runs) - 1) // 2]


def _remove(path: Path) -> None:
    """No output left from an earlier round: every round writes a new file, as the first did."""
    import shutil

    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def agreement(a: dict, b: dict) -> tuple[bool, float]:
    """Anomaly and ratio values equal to 1e-12 relative; share of equal TAS names."""
    import numpy as np

    close = all(np.allclose(np.array(a[k], dtype=float), np.array(b[k], dtype=float), rtol=1e-12,
                            equal_nan=True) for k in ("Ce/Ce*", "Th/Yb"))
    same = np.mean([x == y for x, y in zip(a["TAS volcanic"], b["TAS volcanic"])])
    return close, float(same)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the files in")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; each figure is the run with the median time")
    ap.add_argument("--child", nargs=4, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        tool, *paths = args.child
        child(tool, *map(Path, paths))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        src, warm = base / "georoc_pipeline.csv", base / "warm.csv"
        t0 = time.perf_counter()
        make_file(src, args.rows)
        make_file(warm, 1_000, seed=1)
        print(f"table: {args.rows:,} rows x {len(TEXT) + len(MAJORS) + len(TRACES)} columns, "
              f"{src.stat().st_size / 2**20:,.0f} MiB CSV (written in {time.perf_counter() - t0:.0f} s); "
              f"{args.repeat} rounds, each tool's run with the median total shown")
        touch = first_touch()
        print("this machine: a fresh process fills 256 MiB in "
              + ", in ".join(f"{sec:.2f} s with {label}" for label, sec in touch.items())
              + " (numpy and pyarrow ask for huge pages; see the CPU kernel row)")
        runs: dict = {tool: [] for tool in TOOLS}
        compute_runs: dict = {(backend, kind): [] for backend in ("serial", "processes")
                              for kind in ("one file", "folder of parts")}
        # round after round, every tool once a round: a slow spell of a shared machine hits all of them
        for _ in range(args.repeat):
            for tool in TOOLS:
                out = base / f"out-{tool}.parquet"
                _remove(out)
                runs[tool].append(run(tool, src, warm, out))
            for backend, kind in compute_runs:
                out = base / f"compute-{backend}{'.parquet' if kind == 'one file' else ''}"
                _remove(out)
                compute_runs[backend, kind].append(run_compute(src, warm, out, backend))
        results = {tool: median_run(r, lambda x: sum(x["times"].values())) for tool, r in runs.items()}
        computed = {key: median_run(r, lambda x: x["seconds"]) for key, r in compute_runs.items()}
    stages = list(results["metasome"]["times"])
    total = {t: sum(r["times"].values()) for t, r in results.items()}
    science = {t: sum(r["times"][k] for k in SCIENCE) for t, r in results.items()}
    print(f"{'stage':<11}" + "".join(f"{t + ' (s)':>15}" for t in TOOLS)
          + f"{'pyrolite/metasome':>19}{'metasome/floor':>16}")
    for st in stages + ["science", "total"]:
        sums = {"total": total, "science": science}
        get = sums[st].__getitem__ if st in sums else (lambda t, st=st: results[t]["times"][st])
        print(f"{st:<11}" + "".join(f"{get(t):>16.2f}" for t in TOOLS)
              + f"{get('pyrolite') / get('metasome'):>18.1f}x{get('metasome') / get('floor'):>15.1f}x")
    print(f"{'peak MiB':<11}" + "".join(f"{results[t]['maxrss_mb']:>16,.0f}" for t in TOOLS)
          + "   (ru_maxrss of each tool's process)")
    for label, key in (("CPU user s", "user"), ("CPU kernel", "kernel")):
        print(f"{label:<11}" + "".join(f"{results[t]['cpu'][key]:>16.2f}" for t in TOOLS)
              + ("   (all threads, the timed stages)" if key == "user" else "   (mostly page faults)"))
    print("metasome compute (what `metasome compute FILE --out X.parquet` runs; every derived column of the report, "
          "not only the stages above):")
    for (backend, kind), r in computed.items():
        print(f"  {backend:<10} -> {kind:<16} {r['seconds']:>6.2f} s  {r['columns']} columns  "
              f"pyrolite/metasome {total['pyrolite'] / r['seconds']:.1f}x  peak {r['peak_mb']:,.0f} MiB  "
              f"CPU {r['cpu']['user']:.2f} s user + {r['cpu']['kernel']:.2f} s kernel")
    print(f"pyrolite+pd: pyrolite with Ce/Ce* and Eu/Eu* as pandas arithmetic instead of its lambda fits; "
          f"metasome / pyrolite+pd: {total['metasome'] / total['pyrolite+pd']:.2f}x (metasome reads and writes "
          "every input cell verbatim beside its value)")
    close, same = agreement(results["metasome"]["check"], results["floor"]["check"])
    print(f"speed-up metasome vs pyrolite: {total['pyrolite'] / total['metasome']:.1f}x (goal >= 3x); "
          f"metasome / floor: {total['metasome'] / total['floor']:.2f}x")
    print(f"metasome = floor on Ce/Ce* and Th/Yb (first 2000 rows, 1e-12): {close}; same TAS name: "
          f"{same:.4f} of rows (points on a field edge may differ: metasome's documented tie rule)")


if __name__ == "__main__":
    main()
