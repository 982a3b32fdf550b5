"""Uncertainty propagation: analytical limits, Monte Carlo agreement and reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metasome.isotopes as iso
from metasome.isotopes.uncertainty import initial_ratio_sigma, monte_carlo, sigma_column


def _table(**extra):
    base = {"87Sr/86Sr": [0.70812, 0.70950], "87Sr/86Sr 2SE": [1.2e-5, 1.0e-5],
            "Rb": [120.0, 40.0], "Rb 2SD": [2.4, 0.8], "Sr": [1500.0, 900.0], "Sr 2SD": [30.0, 18.0],
            "143Nd/144Nd": [0.511950, 0.512120], "143Nd/144Nd 2SE": [1.0e-5, 8e-6],
            "Sm": [12.0, 8.0], "Sm 2SD": [0.24, 0.16], "Nd": [80.0, 45.0], "Nd 2SD": [1.6, 0.9],
            "age": [130.0, 230.0]}
    base.update(extra)
    return pd.DataFrame(base)


def test_sigma_column_kinds():
    v = pd.DataFrame({"x": [1.0], "x 1SD": [0.1]})
    s, kind = sigma_column(v, "x")
    assert kind == "1SD" and s[0] == 0.1
    s, kind = sigma_column(pd.DataFrame({"x": [1.0], "x 2SE": [0.1]}), "x")
    assert kind == "2SE" and s[0] == pytest.approx(0.05)
    assert sigma_column(pd.DataFrame({"x": [1.0]}), "x") == (None, None)


def test_initial_ratio_sigma_reduces_to_measurement_at_zero_age():
    s = initial_ratio_sigma(1e-5, 2.0, 0.02, 0.0, 0.0, 1.42e-11)
    assert float(s) == pytest.approx(1e-5, rel=1e-14)


def test_initial_ratio_sigma_linear_terms_exact():
    # R_t = R_m - P (e^{lt}-1): with sigma only on P, sigma_t = (e^{lt}-1) sigma_P exactly
    lam, t = 1.42e-11, 230.0
    s = initial_ratio_sigma(0.0, 2.0, 0.02, t, 0.0, lam)
    assert float(s) == pytest.approx(np.expm1(lam * t * 1e6) * 0.02, rel=1e-14)


def test_parent_daughter_uncertainty_from_concentrations():
    out = iso.derive(_table())
    # relative 2SD 2 % on Rb and on Sr -> sqrt(2) x 2 % on 87Rb/86Sr (linear, exact for the ratio)
    rel = out["87Rb/86Sr (calc) 2SD"] / out["87Rb/86Sr (calc)"]
    np.testing.assert_allclose(rel, np.sqrt(2) * 0.02, rtol=1e-12)


def test_monte_carlo_agrees_with_analytical_for_linear_quantity():
    # eNd(t) at fixed age is linear in 143Nd/144Nd and 147Sm/144Nd, so its MC 2SD must equal
    # 1e4 x 2sigma(143Nd/144Nd(t)) / CHUR(t) within Monte Carlo error (~1.6 % for 4000 draws).
    v = _table()
    out = iso.derive(v, n_draws=20000, seed=3)
    chur_t = iso.chur_nd143_nd144(v["age"].to_numpy())
    analytic = out["143Nd/144Nd(t) 2SD"].to_numpy() / chur_t * 1e4
    np.testing.assert_allclose(out["eNd(t) 2SD"], analytic, rtol=0.03)
    # same for eSr(t) against the analytical initial 87Sr/86Sr uncertainty
    ur_t = iso.ur_sr87_sr86(v["age"].to_numpy())
    np.testing.assert_allclose(out["eSr(t) 2SD"], out["87Sr/86Sr(t) 2SD"].to_numpy() / ur_t * 1e4, rtol=0.03)


def test_age_uncertainty_enters_eNd_t():
    v = _table()
    without = iso.derive(v)
    with_age = iso.derive(v.assign(**{"age 2SD": [20.0, 20.0]}))
    assert (with_age["eNd(t) 2SD"] > without["eNd(t) 2SD"]).all()
    assert (with_age["143Nd/144Nd(t) 2SD"] > without["143Nd/144Nd(t) 2SD"]).all()


def test_monte_carlo_is_seeded_and_reproducible():
    v = _table()
    a = iso.derive(v, seed=11)
    b = iso.derive(v, seed=11)
    c = iso.derive(v, seed=12)
    pd.testing.assert_series_equal(a["TDM2 (Ma) 2SD"], b["TDM2 (Ma) 2SD"])
    assert not np.array_equal(a["TDM2 (Ma) 2SD"].to_numpy(), c["TDM2 (Ma) 2SD"].to_numpy())
    assert a.attrs["conventions"]["isotopes"]["uncertainty"]["seed"] == 11


def test_monte_carlo_chunks_do_not_depend_on_row_count_beyond_chunking():
    # 1-sigma normal input, identity model: 2SD ~ 2 sigma
    mu = np.zeros(5)
    res = monte_carlo(lambda x: {"y": x}, {"x": mu}, {"x": np.full(5, 0.5)}, n_draws=40000, seed=1,
                      chunk_rows=2)
    np.testing.assert_allclose(res["y"], 1.0, rtol=0.02)


def test_no_uncertainty_columns_no_2sd_columns():
    v = _table()
    v = v[[c for c in v.columns if not c.endswith(("2SD", "2SE"))]]
    out = iso.derive(v)
    assert not [c for c in out.columns if c.endswith("2SD")]


def test_monte_carlo_chunks_on_threads_equal_chunks_one_by_one():
    """Chunks run on two threads; each has its own stream, so the result is that of the chunks run one at a
    time through ``row_offset`` (as the block engine does)."""
    rng = np.random.default_rng(3)
    mu, sig = rng.uniform(1, 2, 7000), rng.uniform(0.01, 0.1, 7000)

    def model(x):
        return {"log": np.log(x), "inv": 1 / (x - 1.5)}

    whole = monte_carlo(model, {"x": mu}, {"x": sig}, n_draws=500, seed=4)
    parts = [monte_carlo(model, {"x": mu[a:a + 2000]}, {"x": sig[a:a + 2000]}, n_draws=500, seed=4,
                         row_offset=a) for a in range(0, 7000, 2000)]
    for key in ("log", "inv"):
        np.testing.assert_array_equal(whole[key], np.concatenate([p[key] for p in parts]))


def test_two_sd_matches_nanstd_and_needs_half_the_draws_finite():
    from metasome.isotopes.uncertainty import _two_sd

    rng = np.random.default_rng(8)
    arr = rng.normal(0, 1, (400, 6))
    arr[:150, 1] = np.nan          # 250 of 400 finite: kept
    arr[:201, 2] = np.inf          # 199 finite: fewer than half
    arr[:, 3] = 2.5                # constant: zero spread
    got = _two_sd(arr, 400)
    ref = 2 * np.nanstd(np.where(np.isfinite(arr), arr, np.nan), axis=0, ddof=1)
    np.testing.assert_allclose(got[[0, 1, 4, 5]], ref[[0, 1, 4, 5]], rtol=1e-12)
    assert np.isnan(got[2]) and got[3] == 0.0
