"""Benchmark: trace-element normalisation, Ce/Ce*, Eu/Eu*, ratio columns and TAS on many rows,
metasome vs pyrolite doing the same work in one run.

Work per row (both libraries):
  1. normalise the 14 REE to the CI chondrite of Sun & McDonough (1989)
     (metasome ``normalise(..., "CI_SunMcDonough1989")``; pyrolite
     ``df.pyrochem.normalize_to("Chondrite_SM89", units="ppm")``);
  2. Ce and Eu anomalies (metasome: Ce/Ce* = 2Ce_N/(La_N+Pr_N), Eu/Eu* =
     Eu_N/sqrt(Sm_N Gd_N); pyrolite: its ``lambda_lnREE(..., anomalies=["Ce", "Eu"])``,
     O'Neill 2016 lambda fits with the anomalies excluded from the fit);
  3. the ten ratio columns Th/Yb, Nb/Yb, Ba/La, Zr/Nb, Sr/Y, La/Yb, Ni/Te,
     Cu/Te, Pd/Ir, Cu/Pd (metasome ``ratio``; pyrolite has no expression
     parser, so plain pandas division, which favours pyrolite);
  4. TAS volcanic field names (metasome ``classify.tas``; pyrolite
     ``TAS().predict``).

Synthetic data: log-normal concentrations around an OIB-like pattern (Sun &
McDonough 1989 OIB, sigma 0.5 in ln), SiO2 40-75 wt% and alkalis 0-14 wt%
uniform, seeded. If pyrolite takes too long on all rows it is timed on a
subset and scaled linearly (stated in the table).

Usage: python bench/bench_trace.py [n_rows] [pyrolite_rows]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

REE = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]
OTHERS = {"Th": 4.0, "Nb": 48.0, "Ba": 350.0, "Zr": 280.0, "Sr": 660.0, "Y": 29.0, "Ni": 200.0,
          "Te": 0.01, "Cu": 60.0, "Pd": 0.005, "Ir": 0.0005}
OIB_REE = [37.0, 80.0, 9.7, 38.5, 10.0, 3.0, 7.62, 1.05, 5.6, 1.06, 2.62, 0.35, 2.16, 0.3]
RATIOS = ["Th/Yb", "Nb/Yb", "Ba/La", "Zr/Nb", "Sr/Y", "La/Yb", "Ni/Te", "Cu/Te", "Pd/Ir", "Cu/Pd"]


def synthetic(n: int, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols = REE + list(OTHERS)
    centre = np.array(OIB_REE + list(OTHERS.values()))
    data = centre[None, :] * rng.lognormal(0.0, 0.5, (n, len(cols)))
    df = pd.DataFrame(data, columns=cols)
    df["SiO2"] = rng.uniform(40, 75, n)
    df["Na2O"] = rng.uniform(0, 8, n)
    df["K2O"] = rng.uniform(0, 6, n)
    return df


def run_metasome(df):
    from metasome.classify import tas
    from metasome.trace import ce_anomaly, eu_anomaly, normalise, ratio

    normed = normalise(df, "CI_SunMcDonough1989", REE)
    ce = ce_anomaly(normed)
    eu = eu_anomaly(normed)
    ratios = {r: ratio(df, r) for r in RATIOS}
    fields = tas(df["SiO2"], df["Na2O"] + df["K2O"])
    return normed, ce, eu, ratios, fields


def run_pyrolite(df):
    import pyrolite.geochem  # noqa: F401  (registers the .pyrochem accessor)
    from pyrolite.util.classification import TAS

    normed = df[REE].pyrochem.normalize_to("Chondrite_SM89", units="ppm")
    lambdas = df[REE].pyrochem.lambda_lnREE(norm_to="Chondrite_SM89", anomalies=["Ce", "Eu"])
    ratios = {r: df[r.split("/")[0]] / df[r.split("/")[1]] for r in RATIOS}
    tdf = pd.DataFrame({"SiO2": df["SiO2"], "Na2O + K2O": df["Na2O"] + df["K2O"]})
    fields = TAS().predict(tdf)
    return normed, lambdas, ratios, fields


def timed(func, *args, repeat: int = 2):
    """Best wall time of ``repeat`` calls (the same rule for both libraries) and the last output."""
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = func(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(n: int = 1_000_000, n_pyrolite: int | None = None) -> dict:
    df = synthetic(n)
    import metasome.trace  # noqa: F401  import cost excluded from both timings
    import pyrolite.geochem  # noqa: F401

    run_metasome(df.head(1000))  # warm caches (reference files, masses) for both
    run_pyrolite(df.head(1000))
    t_meta, out_meta = timed(run_metasome, df)
    n_py = n if n_pyrolite is None else min(n, n_pyrolite)
    t_py, out_py = timed(run_pyrolite, df.head(n_py))
    t_py_scaled = t_py * n / n_py

    # sanity: both normalised the same way
    agree = np.allclose(out_meta[0].to_numpy()[:n_py], out_py[0].to_numpy(), rtol=1e-9)
    rows = [("metasome", n, t_meta, t_meta), ("pyrolite", n_py, t_py, t_py_scaled)]
    print(f"bench_trace: normalise + Ce/Ce* + Eu/Eu* + {len(RATIOS)} ratios + TAS, {n:,} rows (best of 2 runs)")
    print(f"{'library':<10} {'rows timed':>12} {'time (s)':>10} {'time for ' + format(n, ','):>22}")
    for lib, rows_t, t, ts in rows:
        note = "" if rows_t == n else f"  (scaled linearly from {rows_t:,} rows)"
        print(f"{lib:<10} {rows_t:>12,} {t:>10.2f} {ts:>22.2f}{note}")
    print(f"speed-up metasome vs pyrolite: {t_py_scaled / t_meta:.1f}x   "
          f"(normalised REE identical: {agree})")
    return {"n": n, "metasome_s": t_meta, "pyrolite_s": t_py_scaled, "pyrolite_rows": n_py,
            "speedup": t_py_scaled / t_meta, "normalisation_agrees": bool(agree)}


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
