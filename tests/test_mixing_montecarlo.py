"""Forward Monte Carlo: reproducibility across chunkings and processes, prior effects, coverage.

Analytic references: with K recycled reservoirs, Dirichlet(1,...,1) over mantle +
recycled gives a recycled fraction R ~ Beta(K, 1), so the acceptance of R < cap is
cap**K and the median of accepted R is cap * 0.5**(1/K) (order statistics of the
uniform distribution; Kroese et al. 2011 ch. 4). A uniform prior U(0, cap) has
median cap/2.
"""

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import metasome.mixing as mx
from metasome.mixing.endmembers import Endmember, Value


def _linear_scenario(K=1):
    # equal Li everywhere, mantle d7Li 0, recycled d7Li 1 -> d7Li of the mixture = R exactly
    mantle = mx.endmember("m", Li=1.0, d7Li=0.0)
    rec = tuple(mx.endmember(f"r{i}", Li=1.0, d7Li=1.0) for i in range(K))
    return mx.Scenario(f"K{K}", mantle, rec)


def _qiu_like():
    mantle = Endmember("mantle", {"Li": Value(1.6, "ppm", "normal", sd=0.16),
                                   "d7Li": Value(3.5, "permil", "normal", sd=0.5)})
    crust = Endmember("crust", {"Li": Value(24, "ppm", "normal", sd=5),
                                 "d7Li": Value(-2.7, "permil", "uniform", low=-6, high=0.6)})
    aoc = Endmember("aoc", {"Li": Value(12.5, "ppm", "uniform", low=5, high=20),
                             "d7Li": Value(6.65, "permil", "uniform", low=1.7, high=11.6)})
    return [mx.Scenario("crust", mantle, (crust,)), mx.Scenario("crust+aoc", mantle, (crust, aoc))]


def _same(r1, r2):
    for sc in r1.results:
        a, b = r1[sc]["d7Li"], r2[sc]["d7Li"]
        assert np.array_equal(a.counts, b.counts) and a.under == b.under and a.over == b.over
        assert a.mean == b.mean and a.sd == b.sd
        assert np.array_equal(a.sample, b.sample)


def test_same_seed_same_numbers_for_any_chunk_size_and_in_a_process_pool():
    kw = dict(n=23_456, seed=11, block_size=1000, bins=200, keep=2500)
    ref = mx.simulate(_qiu_like(), ["d7Li"], chunk_size=1000, **kw)
    _same(ref, mx.simulate(_qiu_like(), ["d7Li"], chunk_size=7000, **kw))
    _same(ref, mx.simulate(_qiu_like(), ["d7Li"], chunk_size=10**9, **kw))
    with ProcessPoolExecutor(max_workers=2) as pool:
        _same(ref, mx.simulate(_qiu_like(), ["d7Li"], chunk_size=3000, executor=pool, **kw))
    other = mx.simulate(_qiu_like(), ["d7Li"], chunk_size=1000, **{**kw, "seed": 12})
    assert not np.array_equal(other["crust"]["d7Li"].counts, ref["crust"]["d7Li"].counts)
    assert ref["crust"]["d7Li"].n == 23_456 and ref["crust"]["d7Li"].sample.size == 2500


def test_uniform_prior_median_and_cap():
    r = mx.simulate([_linear_scenario(1)], ["d7Li"], n=200_000, seed=3, ranges={"d7Li": (0, 1)}, bins=1000)
    res = r["K1"]["d7Li"]
    assert res.quantile(0.5) == pytest.approx(0.15, abs=0.003)
    assert res.quantile(0.999) <= 0.3 + 1e-3
    lower = mx.simulate([_linear_scenario(1)], ["d7Li"], n=200_000, seed=3, cap=0.1,
                        ranges={"d7Li": (0, 1)}, bins=1000)
    assert lower["K1"]["d7Li"].quantile(0.5) == pytest.approx(0.05, abs=0.002)


@pytest.mark.parametrize("K", [1, 2, 3])
def test_dirichlet_capped_prior_acceptance_and_median(K):
    r = mx.simulate([_linear_scenario(K)], ["d7Li"], n=400_000, seed=5, prior="dirichlet_capped",
                    ranges={"d7Li": (0, 1)}, bins=2000)
    acc = r.accepted[f"K{K}"] / r.proposed[f"K{K}"]
    assert acc == pytest.approx(0.3 ** K, rel=0.05)
    assert r[f"K{K}"]["d7Li"].quantile(0.5) == pytest.approx(0.3 * 0.5 ** (1 / K), abs=0.004)


def test_changing_the_prior_moves_the_qiu_like_distribution():
    base = mx.simulate(_qiu_like()[:1], ["d7Li"], n=100_000, seed=9)
    low_cap = mx.simulate(_qiu_like()[:1], ["d7Li"], n=100_000, seed=9, cap=0.05)
    # less crust -> closer to the mantle value +3.5
    assert low_cap["crust"]["d7Li"].quantile(0.5) > base["crust"]["d7Li"].quantile(0.5) + 0.5
    assert base["crust"]["d7Li"].mean < 3.5


def test_histogram_moments_and_coverage():
    r = mx.simulate(_qiu_like(), ["d7Li"], n=50_000, seed=2, keep=50_000)
    res = r["crust"]["d7Li"]
    assert res.mean == pytest.approx(res.sample.mean(), rel=1e-12)
    assert res.quantile(0.5) == pytest.approx(np.median(res.sample), abs=0.02)
    lo, hi = res.range95()
    obs = {"inside": [lo + 0.01, (lo + hi) / 2, hi - 0.01], "half": [lo - 5, (lo + hi) / 2], "none": [hi + 10]}
    cov = mx.coverage(r, obs)
    assert cov.loc["crust", "inside"] == 1.0 and cov.loc["crust", "half"] == 0.5
    assert cov.loc["crust", "none"] == 0.0
    assert r.summary().shape[0] == 2


def test_default_scenarios_from_library_run():
    sc = mx.default_scenarios()
    r = mx.simulate(sc, ["d7Li"], n=20_000, seed=0)
    s = r.summary().set_index("scenario")
    assert s.loc["mantle + AOC", "p50"] > s.loc["mantle + continental crust", "p50"]
    with pytest.raises(ValueError, match="prior"):
        mx.simulate(sc, ["d7Li"], n=10, prior="beta")
