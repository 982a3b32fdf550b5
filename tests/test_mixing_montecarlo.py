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
from scenarios import qiu_like
from metasome.mixing.endmembers import Endmember, Value


def _linear_scenario(K=1):
    # equal Li everywhere, mantle d7Li 0, recycled d7Li 1 -> d7Li of the mixture = R exactly
    mantle = mx.endmember("m", Li=1.0, d7Li=0.0)
    rec = tuple(mx.endmember(f"r{i}", Li=1.0, d7Li=1.0) for i in range(K))
    return mx.Scenario(f"K{K}", mantle, rec)


def _same(r1, r2):
    for sc in r1.results:
        a, b = r1[sc]["d7Li"], r2[sc]["d7Li"]
        assert np.array_equal(a.counts, b.counts) and a.under == b.under and a.over == b.over
        assert a.mean == b.mean and a.sd == b.sd
        assert np.array_equal(a.sample, b.sample)


def test_same_seed_same_numbers_for_any_chunk_size_and_in_a_process_pool():
    kw = dict(n=23_456, seed=11, block_size=1000, bins=200, keep=2500)
    ref = mx.simulate(qiu_like(), ["d7Li"], chunk_size=1000, **kw)
    _same(ref, mx.simulate(qiu_like(), ["d7Li"], chunk_size=7000, **kw))
    _same(ref, mx.simulate(qiu_like(), ["d7Li"], chunk_size=10**9, **kw))
    with ProcessPoolExecutor(max_workers=2) as pool:
        _same(ref, mx.simulate(qiu_like(), ["d7Li"], chunk_size=3000, executor=pool, **kw))
    other = mx.simulate(qiu_like(), ["d7Li"], chunk_size=1000, **{**kw, "seed": 12})
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
    base = mx.simulate(qiu_like()[:1], ["d7Li"], n=100_000, seed=9)
    low_cap = mx.simulate(qiu_like()[:1], ["d7Li"], n=100_000, seed=9, cap=0.05)
    # less crust -> closer to the mantle value +3.5
    assert low_cap["crust"]["d7Li"].quantile(0.5) > base["crust"]["d7Li"].quantile(0.5) + 0.5
    assert base["crust"]["d7Li"].mean < 3.5


def test_histogram_moments_and_coverage():
    r = mx.simulate(qiu_like(), ["d7Li"], n=50_000, seed=2, keep=50_000)
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


def _plain_numpy_block(task):
    """The block kernel written with plain numpy expressions (fresh arrays everywhere)."""
    from metasome.names import kind_of

    (seed, si, b, m, _start, sc, systems, els, _prior, cap, low, edges, keep) = task
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(si, b))))
    K = len(sc.recycled)
    R = rng.uniform(low, cap, m)
    if K == 1:                                                  # one recycled reservoir: no split drawn
        fr = [1.0 - R, R]
    else:
        g = rng.standard_gamma(np.ones(K), size=(m, K))
        fr = [1.0 - R] + [g[:, i] * (R / g.sum(axis=1)) for i in range(K)]
    ems = (sc.mantle,) + sc.recycled
    out = []
    for s, el in zip(systems, els):
        num, den = np.zeros(m), np.zeros(m)
        for i, e in enumerate(ems):
            v = e.values[el]
            w = fr[i] * (v.draw(rng, m, positive=kind_of(el) == "element") if v.distribution != "fixed"
                         else v.value)
            den += w
            d = e.values[s]
            num += (d.draw(rng, m) if d.distribution != "fixed" else d.value) * w
        x = num / den
        lo, hi, nb = edges[s]
        t = np.clip((x - lo) * (nb / (hi - lo)), -1.0, nb)
        full = np.bincount(np.floor(t).astype(np.int64) + 1, minlength=nb + 2)
        out.append((full, x.sum(), np.sum(x * x), x[:keep].copy()))
    return out


@pytest.mark.parametrize("K", [1, 2])
def test_buffered_kernel_gives_the_plain_numpy_numbers(K):
    """Reused buffers and out= arguments change no number (same draws, same float operations)."""
    from metasome.mixing.montecarlo import _block, _Workspace

    sc = qiu_like()[K - 1]
    lognormal = Endmember("ln", {"Li": Value(30, "ppm", "lognormal", sd=9),
                                 "d7Li": Value(1.0, "permil", "uniform", low=-1, high=3)})
    if K == 2:
        sc = mx.Scenario("ln", sc.mantle, (sc.recycled[0], lognormal))
    edges = {"d7Li": (-8.0, 14.0, 300)}
    ws = _Workspace()
    for b, m in enumerate([5000, 5000, 1234]):                 # a short last block reuses larger buffers
        task = (7, 0, b, m, 0, sc, ["d7Li"], ["Li"], "uniform", 0.3, 0.0, edges, 100)
        (counts, under, over, sm, sq, kept), = _block(task, ws)[0]
        full, sm0, sq0, kept0 = _plain_numpy_block(task)[0]
        assert np.array_equal(counts, full[1:-1]) and (under, over) == (full[0], full[-1])
        assert sm == sm0 and sq == sq0 and np.array_equal(kept, kept0)


def test_moments_do_not_depend_on_the_number_of_blas_threads():
    """The sum of squares avoids BLAS (np.dot splits among threads and rounds differently)."""
    import os
    import subprocess
    import sys

    code = ("import metasome.mixing as mx; r = mx.simulate(mx.default_scenarios(), ['d7Li'], n=1 << 18, "
            "seed=1, keep=0); print([repr(r[s.name]['d7Li'].sd) for s in mx.default_scenarios()])")
    outs = set()
    for threads in ("1", "2"):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads,
               "MKL_NUM_THREADS": threads}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1
