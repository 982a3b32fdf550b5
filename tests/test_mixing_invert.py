"""Inversion per sample: closed form, consistency, exact 3-component, NNLS, MC coverage, best set.

Reference values: the three-component recovery f = (0.8, 0.15, 0.05) of the project
science notes §1.7 (Langmuir et al. 1978 linear form), and synthetic mixtures built
by mass balance (concentration-weighted mixing, Faure & Mensing 2005 ch. 19).
"""

import numpy as np
import pandas as pd
import pytest

import metasome.mixing as mx
from metasome.mixing.endmembers import Endmember, Value

BA = "d138/134Ba"
MANTLE = mx.endmember("mantle", Li=1.6, Ba=6.6, Nd=1.25, d7Li=3.5, **{BA: 0.04}, eNd=0.0)
CRUST = mx.endmember("crust", Li=24, Ba=628, Nd=27, d7Li=-6.0, **{BA: -0.3}, eNd=-12.0)
AOC = mx.endmember("aoc", Li=12, Ba=30, Nd=9, d7Li=10.0, **{BA: 0.4}, eNd=9.0)
SYS = ["d7Li", BA, "eNd"]


def _samples(F, ems, systems=SYS):
    return mx.mix(F, ems, systems)


def test_binary_fractions_per_system_and_consistency():
    f_crust = np.array([0.02, 0.1, 0.25])
    df = _samples(np.column_stack([f_crust, 1 - f_crust]), [CRUST, MANTLE])
    out = mx.binary_fractions(df, CRUST, MANTLE, SYS, sigma={"d7Li": 0.3, BA: 0.03, "eNd": 0.3})
    for s in SYS:
        assert np.allclose(out[f"f[{s}]"], f_crust)
    assert np.allclose(out["f"], f_crust, atol=1e-6)
    assert out["consistent"].all() and np.allclose(out["chi2"], 0, atol=1e-8)
    # a three-component mixture is not a binary mixture: systems disagree
    tern = _samples([[0.75, 0.05, 0.20]], [MANTLE, CRUST, AOC])
    bad = mx.binary_fractions(tern, CRUST, MANTLE, SYS, sigma={"d7Li": 0.3, BA: 0.03, "eNd": 0.3})
    assert not bad["consistent"].iloc[0] and bad["p"].iloc[0] < 1e-3
    assert bad.attrs["conventions"]["f"] == "mass fraction of crust"


def test_sigma_from_2sd_columns_and_missing_sigma_error():
    df = _samples([[0.1, 0.9]], [CRUST, MANTLE], ["d7Li", BA])
    df["d7Li 2SD"] = 0.6
    df[f"{BA} 2SD"] = 0.06
    out = mx.binary_fractions(df, CRUST, MANTLE, ["d7Li", BA])
    assert out["f"].iloc[0] == pytest.approx(0.1, abs=1e-6)
    with pytest.raises(ValueError, match="uncertainty"):
        mx.binary_fractions(df.drop(columns=["d7Li 2SD"]), CRUST, MANTLE, ["d7Li", BA])


def test_three_component_exact_recovery_science_notes():
    df = _samples([[0.8, 0.15, 0.05]], [MANTLE, CRUST, AOC], ["d7Li", BA])
    out = mx.three_component(df, [MANTLE, CRUST, AOC], ["d7Li", BA])
    assert np.allclose(out.iloc[0, :3], [0.8, 0.15, 0.05], atol=1e-6)
    assert out["inside"].iloc[0]


def test_lsq_recovers_four_components_from_three_systems():
    sed = mx.endmember("sed", Li=75, Ba=650, Nd=32, d7Li=1.0, **{BA: -0.05}, eNd=-20.0)
    ems = [MANTLE, CRUST, AOC, sed]
    F = np.array([[0.85, 0.05, 0.05, 0.05], [0.7, 0.0, 0.3, 0.0], [0.9, 0.02, 0.03, 0.05]])
    df = _samples(F, ems)
    out = mx.lsq_fractions(df, ems, SYS, sigma={"d7Li": 0.3, BA: 0.03, "eNd": 0.3})
    assert np.allclose(out.filter(like="f[").to_numpy(), F, atol=1e-5)
    assert np.all(out["chi2"] < 1e-6) and (out["dof"] == 0).all()


def test_mc_interval_coverage_on_noisy_synthetic_mixtures():
    rng = np.random.default_rng(42)
    n = 150
    mant = Endmember("mantle", {"Li": Value(1.6, "ppm", "normal", sd=0.16), "d7Li": Value(3.5, "permil", "normal", sd=0.5)})
    crust = Endmember("crust", {"Li": Value(24, "ppm", "normal", sd=3.0), "d7Li": Value(-6.0, "permil", "normal", sd=0.5)})
    f_true = rng.uniform(0.05, 0.4, n)
    # each sample: its own end-member draw plus analytical noise (sigma 0.3)
    li_m, li_c = rng.normal(1.6, 0.16, n), rng.normal(24, 3.0, n)
    d_m, d_c = rng.normal(3.5, 0.5, n), rng.normal(-6.0, 0.5, n)
    _, d = mx.binary(f_true, li_c, li_m, d_c, d_m)
    obs = pd.DataFrame({"d7Li": d + rng.normal(0, 0.3, n)})
    out = mx.invert_mc(obs, [crust, mant], ["d7Li"], n=4000, seed=7, sigma={"d7Li": 0.3})
    inside = (out["f[d7Li] p2.5"] <= f_true) & (f_true <= out["f[d7Li] p97.5"])
    assert 0.88 <= inside.mean() <= 1.0
    # same seed -> same numbers; different seed -> different
    again = mx.invert_mc(obs, [crust, mant], ["d7Li"], n=4000, seed=7, sigma={"d7Li": 0.3})
    assert out.equals(again)
    other = mx.invert_mc(obs, [crust, mant], ["d7Li"], n=4000, seed=8, sigma={"d7Li": 0.3})
    assert not out.equals(other)


def test_mc_three_component_brackets_truth():
    ems = [MANTLE, CRUST, AOC]
    df = _samples([[0.8, 0.12, 0.08]], ems, ["d7Li", BA])
    out = mx.invert_mc(df, ems, ["d7Li", BA], n=3000, seed=1, sigma={"d7Li": 0.2, BA: 0.02})
    assert out["f[crust] p2.5"].iloc[0] <= 0.12 <= out["f[crust] p97.5"].iloc[0]
    assert out["f[aoc] p2.5"].iloc[0] <= 0.08 <= out["f[aoc] p97.5"].iloc[0]
    assert 0 < out["accepted"].iloc[0] <= 1


def test_best_endmember_set_identifies_source():
    sed = mx.endmember("sed", Li=75, Ba=650, Nd=32, d7Li=1.0, **{BA: -0.05}, eNd=-20.0)
    df = pd.concat([_samples([[0.15, 0.85]], [CRUST, MANTLE]), _samples([[0.2, 0.8]], [AOC, MANTLE])],
                   ignore_index=True)
    sets = {"mantle+crust": [MANTLE, CRUST], "mantle+aoc": [MANTLE, AOC], "mantle+sed": [MANTLE, sed]}
    out = mx.best_endmember_set(df, sets, SYS, sigma={"d7Li": 0.3, BA: 0.03, "eNd": 0.3})
    assert list(out["best"]) == ["mantle+crust", "mantle+aoc"]
    assert out["best_chi2"].max() < 1e-6
    assert out.loc[0, "best_fractions"]["crust"] == pytest.approx(0.15, abs=1e-5)
    assert out.loc[0, "chi2[mantle+aoc]"] > 100
