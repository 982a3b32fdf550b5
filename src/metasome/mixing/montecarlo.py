"""Qiu-style forward Monte Carlo of mantle + recycled-material mixtures, streamed in blocks.

Model
-----
Each draw builds a source of mantle plus a recycled fraction ``R`` split among the
scenario's recycled reservoirs, draws every end-member concentration and isotope
composition from its library distribution
(:class:`~metasome.mixing.endmembers.Value`), and computes the mixture's isotope
composition by concentration-weighted mixing (:func:`~metasome.mixing.ncomp.mix_arrays`).
Results are fixed-bin histograms (plus under/overflow counts), moments and
quantiles interpolated from the histogram, and an optional small reservoir of the
first ``keep`` draws (for violins).

How the prior shapes the result
-------------------------------
The simulated distribution is the image of the **prior on the mixing proportions**
(and of the end-member distributions); it is *not* a posterior. Choices:

``prior="uniform"`` (default)
    ``R ~ U(low, cap)`` with ``low = 0`` and ``cap = 0.30``, split among the recycled
    reservoirs by ``Dirichlet(alpha)`` (``alpha = 1``: uniform split). Every recycled
    fraction up to the cap is equally likely, so the median recycled fraction is
    ``cap / 2`` = 15 %.
``prior="dirichlet_capped"``
    All fractions (mantle and recycled) ~ ``Dirichlet(1, ..., 1)``, keeping only draws
    with ``R < cap`` (the "only results with a mixing ratio below 30 %" of Qiu et al.
    2025 Fig. 6 read as rejection). For K recycled reservoirs ``R ~ Beta(K, 1)``,
    whose density ``∝ R^(K-1)`` grows towards the cap: with K = 3, only
    ``cap^3`` = 2.7 % of draws survive and the median of ``R`` is
    ``cap · 0.5^(1/3)`` = 23.8 %, so the violins are pulled towards the recycled
    end-members compared with the uniform prior.

Because crustal reservoirs carry ~10-100x more Li, Ba, Sr and Nd than the mantle,
the simulated isotope compositions saturate quickly with ``R``: the width of the
violin reflects the end-member ranges more than the proportions once ``R`` exceeds
a few percent. Lowering the cap (e.g. to 10 %) shifts the distribution towards the
mantle value; the test-suite checks both effects.

Reproducibility
---------------
The random stream is defined by fixed-size **blocks** (``block_size``, default
2**16 draws): block ``b`` of scenario ``s`` uses
``numpy.random.Generator(PCG64(SeedSequence(seed, spawn_key=(s, b))))``, i.e. the
``b``-th child of the ``s``-th child of ``SeedSequence(seed)``. ``chunk_size``
only groups blocks in memory and across workers, and counts are integers summed
exactly, so the same seed gives identical histograms, quantiles and moments for
any chunk size, serially or in a process pool. Changing ``block_size`` changes the
stream.

Within a block the draws are, in order: ``R`` (``uniform`` prior; one
``random`` per draw, scaled to ``[low, cap)``), the ``(m, K)`` gamma split (only
for ``K > 1``), then for each system and end-member the concentration (first
system using that element only) and the isotope value, each ``m`` variates long
and only for non-fixed values. The kernel writes these into per-group buffers
reused across blocks (numpy's ``normal(loc, scale)`` is ``loc + scale *
standard_normal`` and ``uniform(low, high)`` is ``low + (high - low) * random``, so
the numbers are those of the plain calls bit for bit). The sum of squares behind
``sd`` is numpy's pairwise sum of ``x * x``; it used to be a BLAS dot product, whose
rounding depended on the number of BLAS threads. The stream definition and the
histograms are unchanged by that switch; ``sd`` may differ from earlier runs in the
last digit and no longer depends on ``OPENBLAS_NUM_THREADS``.

References
----------
Qiu, K.-F. et al. (2025) The mantle source of REE-rich alkaline silicate magmas can
be enriched by continent-derived sediment subduction. Nat. Commun.,
doi:10.1038/s41467-025-66213-w (Fig. 6: mantle + AOC / continental crust / sediment,
mixing ratios < 30 %).
Salmon, J. K., Moraes, M. A., Dror, R. O. & Shaw, D. E. (2011) Parallel random
numbers: as easy as 1, 2, 3. SC'11 (counter/stream-based parallel streams);
O'Neill, M. E. (2014) PCG: a family of simple fast space-efficient statistically good
algorithms for random number generation. HMC-CS-2014-0905 (PCG64).
Kroese, D. P., Taimre, T. & Botev, Z. I. (2011) Handbook of Monte Carlo Methods.
Wiley, ch. 4 (Dirichlet via normalised gamma variates).
Hyndman, R. J. & Fan, Y. (1996) Sample quantiles in statistical packages. Am. Stat.
50, 361-365 (quantiles by linear interpolation of the empirical CDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.mixing.ncomp import element_of
from metasome.names import kind_of

#: Draws per stream-defining block.
BLOCK_SIZE = 1 << 16
#: Default cap on the recycled fraction (Qiu et al. 2025, Fig. 6).
DEFAULT_CAP = 0.30
#: Default number of histogram bins per system.
DEFAULT_BINS = 2000
PRIORS = ("uniform", "dirichlet_capped")


@dataclass(frozen=True)
class Scenario:
    """Mantle plus one or more recycled reservoirs.

    ``alpha`` is the Dirichlet concentration of the split among recycled
    reservoirs (default all ones).
    """

    name: str
    mantle: object
    recycled: tuple
    alpha: tuple | None = None

    def __post_init__(self):
        object.__setattr__(self, "recycled", tuple(self.recycled))
        if not self.recycled:
            raise MetasomeInputError(f"scenario {self.name!r} needs at least one recycled reservoir")


@dataclass
class SystemResult:
    """Histogram and summary of one isotope system in one scenario."""

    system: str
    edges: np.ndarray
    counts: np.ndarray
    under: int
    over: int
    n: int
    mean: float
    sd: float
    sample: np.ndarray

    def quantile(self, q):
        """Quantile(s) by linear interpolation of the histogram CDF (Hyndman & Fan 1996 type 4)."""
        q = np.asarray(q, float)
        cdf = (self.under + np.concatenate([[0], np.cumsum(self.counts)])) / self.n
        if np.any(q < cdf[0]) or np.any(q > cdf[-1]):
            raise MetasomeInputError(f"{self.system}: quantile falls in the under/overflow bins; widen the range")
        return np.interp(q, cdf, self.edges)

    def range95(self):
        return tuple(self.quantile([0.025, 0.975]))

    def density(self):
        w = np.diff(self.edges)
        return self.counts / (self.n * w)


@dataclass
class MCResult:
    """Results of :func:`simulate`: ``results[scenario][system]`` -> :class:`SystemResult`."""

    results: dict
    accepted: dict
    proposed: dict
    conventions: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.results[key]

    def summary(self):
        """DataFrame: scenario, system, n, mean, sd, p2.5, p50, p97.5, acceptance."""
        import pandas as pd

        rows = []
        for s, d in self.results.items():
            for sys_, r in d.items():
                lo, med, hi = r.quantile([0.025, 0.5, 0.975])
                rows.append(dict(scenario=s, system=sys_, n=r.n, mean=r.mean, sd=r.sd, p2_5=lo,
                                 p50=med, p97_5=hi, acceptance=self.accepted[s] / self.proposed[s]))
        df = pd.DataFrame(rows)
        df.attrs["conventions"] = self.conventions
        return df


def _needed(scenario, systems, element_map):
    ems = (scenario.mantle,) + scenario.recycled
    els = [element_of(s, element_map) for s in systems]
    for e in ems:
        for q in list(systems) + els:
            if q not in e:
                raise MetasomeInputError(f"scenario {scenario.name!r}: end-member "
                                         f"{getattr(e, 'name', e)!r} has no value for {q!r}")
    return ems, els


def _auto_range(scenario_list, systems):
    out = {}
    for s in systems:
        lo, hi = np.inf, -np.inf
        for sc in scenario_list:
            for e in (sc.mantle,) + sc.recycled:
                v = e.values[s] if hasattr(e, "values") and s in e.values else None
                if v is None:
                    a = b = float(e[s])
                elif v.distribution in ("normal", "lognormal"):
                    a, b = v.value - 7 * v.sd, v.value + 7 * v.sd
                    if v.distribution == "lognormal":
                        a, b = 0.0, v.value * np.exp(7 * v.sd / v.value)
                else:
                    a, b = v.spread
                lo, hi = min(lo, a), max(hi, b)
        pad = 0.01 * (hi - lo) if hi > lo else 1.0
        out[s] = (lo - pad, hi + pad)
    return out


def _draw_into(e, q, rng, out, positive):
    """Draw quantity ``q`` of end-member ``e`` into ``out``; a float for fixed values.

    Bit-for-bit the numbers of :meth:`Value.draw` (numpy's ``normal(loc, scale)`` is
    ``loc + scale * standard_normal`` and ``uniform(low, high)`` is
    ``low + (high - low) * random``, O'Neill 2014 PCG64 stream), but written into a
    reused buffer instead of fresh arrays.
    """
    vals = getattr(e, "values", None)
    if vals is None or q not in vals:
        return float(e[q])
    v = vals[q]
    d = v.distribution
    if d == "fixed":
        return float(v.value)
    if d == "normal" and v.sd is not None and v.sd >= 0:
        rng.standard_normal(out=out)
        out *= v.sd
        out += v.value
        if positive:
            np.absolute(out, out=out)
        return out
    if d == "uniform" and v.low is not None and v.high is not None:
        rng.random(out=out)
        out *= float(v.high) - float(v.low)
        out += v.low
        return out
    if d == "lognormal" and v.sd is not None and v.sd >= 0 and v.value != 0:
        rng.standard_normal(out=out)
        out *= v.sd / v.value
        np.exp(out, out=out)
        out *= v.value
        return out
    out[...] = v.draw(rng, out.shape[0], positive=positive)   # anything else: the generic path
    return out


class _Workspace:
    """Per-group scratch buffers, reused across the blocks of a group (no per-block allocation)."""

    def __init__(self):
        self._bufs = {}

    def __call__(self, name, n, dtype=np.float64):
        a = self._bufs.get(name)
        if a is None or a.shape[0] < n or a.dtype != dtype:
            a = self._bufs[name] = np.empty(n, dtype)
        return a[:n]


def _block(task, ws=None):
    """Run one block: returns per-system (counts, under, over, sum, sumsq, kept) and accepted count.

    Every array operation writes into the buffers of ``ws`` (a :class:`_Workspace`), so a
    block allocates only its outputs; the numbers are those of plain numpy expressions
    (same random calls in the same order, same floating-point operations).
    """
    (seed, s_index, b_index, m, start, scenario, systems, els, prior, cap, low, edges_spec,
     keep) = task
    buf = _Workspace() if ws is None else ws
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(s_index, b_index))))
    K = len(scenario.recycled)
    alpha = np.asarray(scenario.alpha if scenario.alpha is not None else np.ones(K), float)
    if prior == "uniform":
        R = buf("R", m)
        rng.random(out=R)                                    # = rng.uniform(low, cap, m)
        R *= float(cap) - float(low)
        R += low
        f0 = np.subtract(1.0, R, out=buf("f0", m))
        if K == 1:
            fr = [f0, R]
        else:
            g = buf("g", m * K).reshape(m, K)
            rng.standard_gamma(alpha[0] if np.all(alpha == alpha[0]) else alpha, size=(m, K), out=g)
            gs = np.add(g[:, 0], g[:, 1], out=buf("gs", m))   # = g.sum(axis=1) (sequential, K small)
            for i in range(2, K):
                gs += g[:, i]
            scale = np.divide(R, gs, out=gs)
            fr = [f0] + [np.multiply(g[:, i], scale, out=buf(f"f{i + 1}", m)) for i in range(K)]
    elif prior == "dirichlet_capped":
        shape = np.concatenate([[1.0], alpha])
        g = buf("g", m * (K + 1)).reshape(m, K + 1)
        rng.standard_gamma(shape[0] if np.all(shape == shape[0]) else shape, size=(m, K + 1), out=g)
        gs = np.sum(g, axis=1, out=buf("gs", m))
        rec = np.divide(g[:, 0], gs, out=buf("t", m))
        np.subtract(1.0, rec, out=rec)
        sel = np.flatnonzero(np.less(rec, cap, out=buf("mask", m, np.bool_)))
        gm, gsm = g[sel], gs[sel]
        fr = [np.divide(gm[:, i], gsm, out=buf(f"f{i}", sel.size)) for i in range(K + 1)]
    else:
        raise MetasomeInputError(f"prior must be one of {PRIORS}, got {prior!r}")
    ma = fr[0].shape[0]
    ems = (scenario.mantle,) + scenario.recycled
    conc_cache = {}
    out = []
    num, den, d, t = buf("num", ma), buf("den", ma), buf("d", ma), buf("t", ma)
    for s, el in zip(systems, els):
        positive = kind_of(el) == "element"
        for i, e in enumerate(ems):
            key = (i, el)
            if key not in conc_cache:                        # weight f_i C_i
                c = _draw_into(e, el, rng, buf(f"w{i}:{el}", ma), positive)
                w = buf(f"w{i}:{el}", ma)
                conc_cache[key] = np.multiply(fr[i], c, out=w)
            w = conc_cache[key]
            dv = _draw_into(e, s, rng, d, kind_of(s) == "element")
            if isinstance(dv, np.ndarray):
                dv *= w
            else:
                dv = np.multiply(w, dv, out=d)
            if i == 0:                                       # = zeros + first term (same signed zeros)
                np.add(0.0, w, out=den)
                np.add(0.0, dv, out=num)
            else:
                den += w
                num += dv
        x = np.divide(num, den, out=num)
        lo, hi, nb = edges_spec[s]
        np.subtract(x, lo, out=t)
        t *= nb / (hi - lo)
        np.clip(t, -1.0, nb, out=t)                          # -1 = underflow, nb = overflow
        np.floor(t, out=t)
        t += 1.0
        idx = buf("idx", ma, np.intp)
        np.copyto(idx, t, casting="unsafe")
        full = np.bincount(idx, minlength=nb + 2)
        kept = x[: max(0, keep - start)].copy() if start < keep else np.empty(0)  # copy: buffers are reused
        total = float(x.sum())
        # sum of squares by numpy's pairwise sum, not np.dot: BLAS splits a dot product
        # among its threads, so its rounding (and speed) depended on OPENBLAS_NUM_THREADS
        sumsq = float(np.multiply(x, x, out=t).sum())
        out.append((full[1:nb + 1], int(full[0]), int(full[nb + 1]), total, sumsq, kept))
    return out, ma


def _run_group(tasks):
    """Run consecutive blocks; aggregate integer counts, keep per-block float sums in order."""
    agg = None
    accepted = 0
    ws = _Workspace()                                     # scratch buffers shared by the group's blocks
    for t in tasks:
        block_out, ma = _block(t, ws)
        accepted += ma
        if agg is None:
            agg = [[c.copy(), u, o, [sm], [sq], [k]] for c, u, o, sm, sq, k in block_out]
        else:
            for a, (c, u, o, sm, sq, k) in zip(agg, block_out):
                a[0] += c
                a[1] += u
                a[2] += o
                a[3].append(sm)
                a[4].append(sq)
                a[5].append(k)
    return [(a[0], a[1], a[2], a[3], a[4], np.concatenate(a[5])) for a in agg], accepted


#: Names of :func:`default_scenarios`, in order.
SCENARIO_NAMES = ("mantle + AOC", "mantle + continental crust", "mantle + sediment")


def default_scenarios(library=None, *, mantle: str = "SCLM_Qiu25"):
    """The three Qiu et al. (2025) Fig. 6 scenarios from the packaged library.

    * mantle + AOC: ``AOC_IODP329`` (d7Li +1.7..+11.6; Li 5-20 ppm)
    * mantle + continental crust: ``UCC_RG03`` and ``WCRUST_Qiu25``
    * mantle + sediment: ``SED_TERR`` (detrital, d7Li -1.5..+5) and ``PCLAY_D204``

    End-member choices are documented in the library rows (citations, status).
    """
    from metasome.mixing.endmembers import load_library

    lib = library or load_library()
    m = lib[mantle]
    recycled = [(lib["AOC_IODP329"],), (lib["UCC_RG03"], lib["WCRUST_Qiu25"]), (lib["SED_TERR"], lib["PCLAY_D204"])]
    return [Scenario(name, m, r) for name, r in zip(SCENARIO_NAMES, recycled)]


def simulate(scenarios: Sequence[Scenario], systems: Sequence[str] = ("d7Li",), *, n: int = 1_000_000,
             seed: int = 0, prior: str = "uniform", cap: float = DEFAULT_CAP, low: float = 0.0,
             bins: int = DEFAULT_BINS, ranges: Mapping[str, tuple] | None = None,
             keep: int = 20_000, block_size: int = BLOCK_SIZE, chunk_size: int = 1 << 20,
             workers: int = 1, executor=None, progress: bool = False,
             element_map: Mapping[str, str] | None = None) -> MCResult:
    """Forward Monte Carlo of each scenario (see the module docstring for the model and prior).

    Parameters
    ----------
    scenarios : sequence of :class:`Scenario`
    systems : sequence of str
        Isotope systems to simulate (each needs its element in every end-member).
    n : int
        Proposals per scenario (with ``prior="dirichlet_capped"`` only a share is kept).
    seed : int
        Seed of the ``SeedSequence`` (see Reproducibility).
    prior : {"uniform", "dirichlet_capped"}
    cap, low : float
        Recycled fraction bounds (``R < cap``; uniform prior from ``low``).
    bins, ranges : histogram resolution and ``{system: (lo, hi)}`` (default: from
        the end-member distributions, ±7 sd).
    keep : int
        Size of the reservoir of the first draws kept for plotting.
    block_size : int
        Stream-defining block size (changing it changes the numbers).
    chunk_size : int
        Draws grouped per task/in memory (does not change the numbers).
    workers : int
        Processes (``concurrent.futures.ProcessPoolExecutor``) when > 1, or pass ``executor``.
    progress : bool
        Show a ``rich`` progress bar.

    Returns
    -------
    MCResult

    References
    ----------
    Qiu et al. (2025) Nat. Commun. Fig. 6; O'Neill (2014) PCG64; Kroese et al. (2011).
    """
    if prior not in PRIORS:
        raise MetasomeInputError(f"prior must be one of {PRIORS}, got {prior!r}")
    if not 0 <= low < cap <= 1:
        raise MetasomeInputError(f"need 0 <= low < cap <= 1 (got low={low}, cap={cap})")
    systems = list(systems)
    scenarios = list(scenarios)
    for sc in scenarios:
        _needed(sc, systems, element_map)
    els = [element_of(s, element_map) for s in systems]
    rng_spec = {**_auto_range(scenarios, systems), **(ranges or {})}
    edges_spec = {s: (float(rng_spec[s][0]), float(rng_spec[s][1]), int(bins)) for s in systems}
    n_blocks = -(-int(n) // block_size)
    per_group = max(1, int(chunk_size) // block_size)
    tasks_by_group = []
    for si, sc in enumerate(scenarios):
        for g0 in range(0, n_blocks, per_group):
            group = []
            for b in range(g0, min(n_blocks, g0 + per_group)):
                m = min(block_size, int(n) - b * block_size)
                group.append((seed, si, b, m, b * block_size, sc, systems, els, prior, cap, low,
                              edges_spec, keep))
            tasks_by_group.append((si, g0, group))

    own = None
    if executor is None and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        executor = own = ProcessPoolExecutor(max_workers=workers)
    try:
        if executor is None:
            results_iter = (_run_group(g) for _, _, g in tasks_by_group)
        else:
            results_iter = executor.map(_run_group, [g for _, _, g in tasks_by_group])
        bar = None
        if progress:
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            task_id = bar.add_task("Monte Carlo", total=len(tasks_by_group))
        collected = []
        for res in results_iter:
            collected.append(res)
            if bar is not None:
                bar.advance(task_id)
        if bar is not None:
            bar.stop()
    finally:
        if own is not None:
            own.shutdown()

    results, accepted, proposed = {}, {}, {}
    for si, sc in enumerate(scenarios):
        per_sys = {s: dict(counts=np.zeros(bins, np.int64), under=0, over=0, sums=[], sumsq=[], kept=[])
                   for s in systems}
        acc = 0
        for (gsi, g0, group), (group_out, ma) in zip(tasks_by_group, collected):
            if gsi != si:
                continue
            acc += ma                                     # groups, and blocks within, in index order
            for s, (counts, under, over, sm, sq, kept) in zip(systems, group_out):
                d = per_sys[s]
                d["counts"] += counts
                d["under"] += under
                d["over"] += over
                d["sums"].extend(sm)
                d["sumsq"].extend(sq)
                d["kept"].append(kept)
        results[sc.name] = {}
        for s in systems:
            d = per_sys[s]
            lo, hi, nb = edges_spec[s]
            total = math_sum(d["sums"])
            mean = total / acc if acc else np.nan
            var = math_sum(d["sumsq"]) / acc - mean ** 2 if acc else np.nan
            results[sc.name][s] = SystemResult(s, np.linspace(lo, hi, nb + 1), d["counts"], d["under"],
                                               d["over"], acc, mean, float(np.sqrt(max(var, 0.0))),
                                               np.concatenate(d["kept"])[:keep])
        accepted[sc.name] = acc
        proposed[sc.name] = int(n)
    conventions = {"prior": prior, "cap": cap, "low": low, "seed": seed, "block_size": block_size,
                   "n": int(n), "weighting": "element concentration",
                   "split": "Dirichlet(alpha) among recycled reservoirs",
                   "streams": "SeedSequence(seed, spawn_key=(scenario, block)) -> PCG64"}
    return MCResult(results, accepted, proposed, conventions)


def math_sum(values):
    """Exactly rounded sum of floats in block order (independent of grouping)."""
    import math

    return math.fsum(values)


def coverage(result: MCResult, observed: Mapping[str, Sequence[float]], system: str = "d7Li"):
    """Share of observed samples inside each scenario's central 95 % range.

    Parameters
    ----------
    result : MCResult
    observed : mapping group -> values
        Observed data per group (NaN ignored).

    Returns
    -------
    DataFrame
        Rows scenarios, columns groups; values 0..1. ``attrs`` hold the ranges.
    """
    import pandas as pd

    rows = {}
    ranges = {}
    for sc, d in result.results.items():
        lo, hi = d[system].range95()
        ranges[sc] = (lo, hi)
        row = {}
        for g, vals in observed.items():
            v = np.asarray(vals, float)
            v = v[np.isfinite(v)]
            row[g] = float(np.mean((v >= lo) & (v <= hi))) if v.size else np.nan
        rows[sc] = row
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.attrs["conventions"] = {"range": "2.5-97.5 % quantiles of the simulated distribution",
                               "system": system, "ranges": ranges}
    return df
