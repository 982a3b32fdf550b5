"""Per-sample inversion of mixing fractions, with seeded Monte Carlo uncertainty.

* :func:`binary_fractions` - fraction of end-member A for each isotope system
  (closed form), a combined estimate minimising
  ``χ² = Σ_j [(δ_obs^j - δ^j(f)) / σ_j]²`` and the χ² consistency test between
  systems (a test of binary mixing: p < 0.05 means the systems disagree).
* :func:`three_component` - exact solution for three end-members and two systems
  of the linear equations ``Σ_i f_i C_i^{E_j} (δ_i^j - δ_M^j) = 0`` with ``Σ f_i = 1``.
* :func:`lsq_fractions` - n end-members, m systems: non-negative least squares of
  the same linear form with sum-to-one, iteratively reweighted by
  ``1/(σ_j Σ_i f_i C_i^{E_j})`` so each row is the residual in measured units
  (``δ_mix(f) - δ_obs``) divided by σ at convergence.
* :func:`invert_mc` - percentiles of any of the three from draws of the
  end-members (their library distributions) and of the sample (analytical σ).
* :func:`best_endmember_set` - which end-member set explains each sample best.

Sample uncertainties: 1σ per system from a column ``"<system> 1SD"`` (or 2SD/2SE/1SE,
converted to 1σ) or from the ``sigma`` mapping.

References
----------
Faure, G. & Mensing, T. M. (2005) Isotopes: Principles and Applications, ch. 19.
Langmuir, C. H. et al. (1978) Earth Planet. Sci. Lett. 37, 380-392.
Phillips, D. L. & Gregg, J. W. (2003) Oecologia 136, 261-269 (mass-balance mixing
with more sources than tracers; feasible set).
Lawson, C. L. & Hanson, R. J. (1974) Solving Least Squares Problems. Prentice-Hall
(NNLS algorithm used by scipy.optimize.nnls).
Akaike, H. (1974) A new look at the statistical model identification. IEEE Trans.
Autom. Control 19, 716-723 (AIC used to rank end-member sets).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.mixing.binary import invert_binary
from metasome.mixing.ncomp import element_of, mix_arrays

#: Percentiles reported by the Monte Carlo inversions.
PERCENTILES = (2.5, 16.0, 50.0, 84.0, 97.5)
_TO_1SIGMA = {"1SD": 1.0, "1SE": 1.0, "2SD": 0.5, "2SE": 0.5}


def _sigma(samples, systems, sigma):
    """(n_samples, m) array of 1σ for each system."""
    n = len(samples)
    out = np.empty((n, len(systems)))
    for j, s in enumerate(systems):
        col = None
        for kind, fac in _TO_1SIGMA.items():
            name = f"{s} {kind}"
            if hasattr(samples, "columns") and name in samples.columns:
                col = samples[name].to_numpy(float) * fac
                break
        default = (sigma or {}).get(s)
        if col is None:
            if default is None:
                raise MetasomeInputError(f"no uncertainty for {s!r}: give a '{s} 2SD' column or sigma={{'{s}': ...}}",
                                         column=s)
            col = np.full(n, float(default))
        elif default is not None:
            col = np.where(np.isfinite(col), col, float(default))
        out[:, j] = col
    return out


def _obs(samples, systems):
    try:
        return np.column_stack([np.asarray(samples[s], float) for s in systems])
    except KeyError as exc:
        raise MetasomeInputError(f"samples have no column {exc.args[0]!r}", column=str(exc.args[0])) from None


def _em_arrays(endmembers, systems, element_map=None):
    """(k, m) concentrations of each system's element and (k, m) compositions."""
    conc = np.array([[float(e[element_of(s, element_map)]) for s in systems] for e in endmembers])
    comp = np.array([[float(e[s]) for s in systems] for e in endmembers])
    return conc, comp


def _index(samples, n):
    return samples.index if hasattr(samples, "index") else np.arange(n)


# ----------------------------------------------------------------------------- binary
def _combined_f(obs, sig, ca, cb, ra, rb, n_grid=1500, iters=40):
    """Vectorised minimiser of χ²(f) on [0, 1] (grid then golden section)."""
    grid = np.unique(np.concatenate([np.geomspace(1e-7, 1, n_grid), 1 - np.geomspace(1e-7, 1, n_grid),
                                     np.linspace(0, 1, n_grid)]))

    def chi2(f):  # f (..., n) -> (..., n)
        f = f[..., None]
        wa, wb = f * ca, (1 - f) * cb
        model = (wa * ra + wb * rb) / (wa + wb)
        return np.nansum(((obs - model) / sig) ** 2, axis=-1)

    n = obs.shape[0]
    vals = chi2(np.broadcast_to(grid[:, None], (grid.size, n)))  # (g, n)
    i = np.nanargmin(vals, axis=0)
    lo = grid[np.clip(i - 1, 0, grid.size - 1)]
    hi = grid[np.clip(i + 1, 0, grid.size - 1)]
    g = (np.sqrt(5) - 1) / 2
    for _ in range(iters):
        c = hi - g * (hi - lo)
        d = lo + g * (hi - lo)
        left = chi2(c) < chi2(d)
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
    f = (lo + hi) / 2
    return f, chi2(f)


def binary_fractions(samples, a, b, systems: Sequence[str], *, sigma: Mapping[str, float] | None = None,
                     element_map=None, alpha: float = 0.05):
    """Fraction of end-member A per sample, per system and combined, with a consistency test.

    Parameters
    ----------
    samples : DataFrame
        Columns named by the isotope systems (and optional ``"<system> 2SD"`` ...).
    a, b : Endmember or mapping
        End-members (need each system and its element).
    systems : sequence of str
        Isotope systems to use (e.g. ``["d7Li", "d138/134Ba", "eNd(t)"]``).
    sigma : mapping, optional
        1σ per system when the samples carry no uncertainty column.
    alpha : float
        Significance level of the consistency test.

    Returns
    -------
    DataFrame
        ``f[<system>]`` (closed form, may fall outside 0..1), ``f`` (combined,
        bounded 0..1), ``chi2``, ``dof`` (= m - 1), ``p`` and ``consistent``.

    References
    ----------
    Faure & Mensing (2005) ch. 19 (closed form); Langmuir et al. (1978).
    """
    import pandas as pd
    from scipy.stats import chi2 as chi2_dist

    systems = list(systems)
    obs = _obs(samples, systems)
    sig = _sigma(samples, systems, sigma)
    (conc, comp) = _em_arrays([a, b], systems, element_map)
    out = {}
    for j, s in enumerate(systems):
        out[f"f[{s}]"] = invert_binary(obs[:, j], conc[0, j], conc[1, j], comp[0, j], comp[1, j])
    f, c2 = _combined_f(obs, sig, conc[0], conc[1], comp[0], comp[1])
    m = np.sum(np.isfinite(obs), axis=1)
    dof = m - 1
    with np.errstate(invalid="ignore"):
        p = np.where(dof > 0, chi2_dist.sf(c2, np.maximum(dof, 1)), np.nan)
    out.update(f=f, chi2=c2, dof=dof, p=p, consistent=np.where(dof > 0, p >= alpha, True))
    df = pd.DataFrame(out, index=_index(samples, len(obs)))
    df.attrs["conventions"] = {"f": f"mass fraction of {getattr(a, 'name', 'A')}",
                               "weighting": "element concentration", "sigma": "1 sigma",
                               "consistency": f"chi2 with m-1 dof, alpha={alpha}"}
    return df


# ----------------------------------------------------------------------------- 3 and n components
def _linear_system(obs, conc, comp):
    """Rows Σ_i f_i C_ij (δ_ij - δ_Mj) for each sample: (n, m, k)."""
    # conc, comp: (..., k, m); obs (..., n, m)
    return np.swapaxes(conc[..., None, :, :] * (comp[..., None, :, :] - obs[..., :, None, :]), -1, -2)


def three_component(samples, endmembers: Sequence, systems: Sequence[str], *, element_map=None):
    """Exact fractions of three end-members from two isotope systems (per sample).

    Solves ``Σ_i f_i C_i^{E_j} (δ_i^j - δ_M^j) = 0`` (j = 1, 2) with ``Σ f_i = 1``.
    Negative fractions mean the sample lies outside the mixing triangle.

    References
    ----------
    Faure & Mensing (2005) ch. 19 (three-component mixing); Langmuir et al. (1978).
    """
    import pandas as pd

    systems = list(systems)
    if len(endmembers) != 3 or len(systems) != 2:
        raise MetasomeInputError("three_component needs exactly 3 end-members and 2 isotope systems")
    obs = _obs(samples, systems)
    conc, comp = _em_arrays(endmembers, systems, element_map)
    f = _solve3(obs, conc, comp)
    names = [getattr(e, "name", str(i)) for i, e in enumerate(endmembers)]
    df = pd.DataFrame(f, columns=[f"f[{n}]" for n in names], index=_index(samples, len(obs)))
    df["inside"] = np.all((f >= 0) & (f <= 1), axis=1)
    df.attrs["conventions"] = {"f": "mass fractions", "weighting": "element concentration"}
    return df


def _solve3(obs, conc, comp):
    A = _linear_system(obs, conc, comp)             # (..., n, 2, 3)
    ones = np.ones(A.shape[:-2] + (1, 3))
    M = np.concatenate([A, ones], axis=-2)          # (..., n, 3, 3)
    rhs = np.zeros(M.shape[:-1])
    rhs[..., 2] = 1.0
    with np.errstate(all="ignore"):
        try:
            return np.linalg.solve(M, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            out = np.full(rhs.shape, np.nan)
            ok = np.abs(np.linalg.det(M)) > 0
            out[ok] = np.linalg.solve(M[ok], rhs[ok][..., None])[..., 0]
            return out


def _nnls_one(obs, sig, conc, comp, closure_weight, iters):
    from scipy.optimize import nnls

    k = conc.shape[0]
    ok = np.isfinite(obs)
    obs, sig, conc, comp = obs[ok], sig[ok], conc[:, ok], comp[:, ok]
    f = np.full(k, 1.0 / k)
    rows = (conc * (comp - obs[None, :])).T          # (m, k)
    for _ in range(iters):
        denom = f @ conc                              # (m,)
        A = np.vstack([rows / (sig * denom)[:, None], np.full((1, k), closure_weight)])
        b = np.zeros(A.shape[0])
        b[-1] = closure_weight
        f, _ = nnls(A, b)
        f = f / f.sum()
    model = mix_arrays(f, conc, comp)
    return f, float(np.sum(((model - obs) / sig) ** 2))


def lsq_fractions(samples, endmembers: Sequence, systems: Sequence[str], *,
                  sigma: Mapping[str, float] | None = None, element_map=None,
                  closure_weight: float = 1e3, iters: int = 8):
    """Bounded (0..1, Σ=1) least-squares fractions of n end-members for each sample.

    Returns a DataFrame of ``f[<name>]``, ``chi2`` (in measured units over σ) and
    ``dof = m - (k - 1)`` (negative: under-determined, the solution is one
    point of a feasible set, Phillips & Gregg 2003).

    References
    ----------
    Lawson & Hanson (1974) NNLS; Phillips & Gregg (2003) Oecologia 136, 261-269;
    Langmuir et al. (1978) EPSL 37, 380-392.
    """
    import pandas as pd

    systems = list(systems)
    obs = _obs(samples, systems)
    sig = _sigma(samples, systems, sigma)
    conc, comp = _em_arrays(endmembers, systems, element_map)
    F, c2 = _lsq_many(obs, sig, conc, comp, closure_weight, iters)
    names = [getattr(e, "name", str(i)) for i, e in enumerate(endmembers)]
    df = pd.DataFrame(F, columns=[f"f[{n}]" for n in names], index=_index(samples, len(obs)))
    df["chi2"] = c2
    df["dof"] = np.sum(np.isfinite(obs), axis=1) - (len(endmembers) - 1)
    df.attrs["conventions"] = {"f": "mass fractions (NNLS, sum to one)", "sigma": "1 sigma",
                               "weighting": "element concentration"}
    return df


def _lsq_many(obs, sig, conc, comp, closure_weight=1e3, iters=8):
    # conc/comp may be (k, m) or per-sample (n, k, m); loop over samples (scipy nnls has no batch form)
    n = obs.shape[0]
    k = conc.shape[-2]
    F = np.full((n, k), np.nan)
    c2 = np.full(n, np.nan)
    for i in range(n):
        ci = conc[i] if conc.ndim == 3 else conc
        ri = comp[i] if comp.ndim == 3 else comp
        if np.isfinite(obs[i]).sum() == 0:
            continue
        F[i], c2[i] = _nnls_one(obs[i], sig[i], ci, ri, closure_weight, iters)
    return F, c2


# ----------------------------------------------------------------------------- Monte Carlo
def _draw_em(endmembers, quantities, rng, n):
    """(n, k, q) draws of each end-member quantity from its library distribution."""
    out = np.empty((n, len(endmembers), len(quantities)))
    for i, e in enumerate(endmembers):
        vals = getattr(e, "values", None)
        for j, q in enumerate(quantities):
            if vals is not None and q in vals:
                from metasome.names import kind_of
                out[:, i, j] = vals[q].draw(rng, n, positive=kind_of(q) == "element")
            else:
                out[:, i, j] = float(e[q])
    return out


def invert_mc(samples, endmembers: Sequence, systems: Sequence[str], *, method: str = "auto",
              n: int = 2000, seed: int = 0, sigma: Mapping[str, float] | None = None,
              element_map=None, percentiles: Sequence[float] = PERCENTILES):
    """Monte Carlo uncertainty of mixing fractions for each sample.

    Each draw takes end-member concentrations and compositions from their
    library distributions (:class:`~metasome.mixing.endmembers.Value`; plain
    numbers are fixed) and the sample compositions from N(obs, σ); fractions are
    recomputed by the closed form (2 end-members, per system), the exact 3x3
    solve (3 end-members, 2 systems) or NNLS (otherwise). Draws with any
    fraction outside 0..1 are rejected and their share reported.

    Returns
    -------
    DataFrame
        For each fraction ``f[...]``: the requested percentiles (columns
        ``"f[...] p2.5"`` ...) and ``accepted`` share per sample.

    References
    ----------
    Phillips & Gregg (2003); Faure & Mensing (2005) ch. 19; science notes §1.9
    (Monte Carlo over end-member and analytical uncertainties).
    """
    import pandas as pd

    systems = list(systems)
    k = len(endmembers)
    if method == "auto":
        method = "binary" if k == 2 else ("three" if k == 3 and len(systems) == 2 else "lsq")
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    obs = _obs(samples, systems)
    sig = _sigma(samples, systems, sigma)
    ns = obs.shape[0]
    elements = [element_of(s, element_map) for s in systems]
    em = _draw_em(endmembers, list(dict.fromkeys(elements)) + systems, rng, n)
    el_index = {e: i for i, e in enumerate(dict.fromkeys(elements))}
    conc = em[:, :, [el_index[e] for e in elements]]           # (n, k, m)
    comp = em[:, :, len(el_index):]                            # (n, k, m)
    o = obs[None] + sig[None] * rng.standard_normal((n, ns, len(systems)))   # (n, ns, m)
    names = [getattr(e, "name", str(i)) for i, e in enumerate(endmembers)]
    cols = {}
    if method == "binary":
        for j, s in enumerate(systems):
            f = invert_binary(o[:, :, j], conc[:, 0, j, None], conc[:, 1, j, None],
                              comp[:, 0, j, None], comp[:, 1, j, None])       # (n, ns)
            ok = (f >= 0) & (f <= 1)
            fq = np.where(ok, f, np.nan)
            with np.errstate(all="ignore"):
                qs = np.nanpercentile(fq, percentiles, axis=0) if ok.any() else np.full((len(percentiles), ns), np.nan)
            for p, row in zip(percentiles, qs):
                cols[f"f[{s}] p{p:g}"] = row
            cols[f"f[{s}] accepted"] = ok.mean(axis=0)
    else:
        if method == "three":
            F = _solve3(o, conc, comp)                                  # (n, ns, 3)
        elif method == "lsq":
            F = np.empty((n, ns, k))
            for d in range(n):
                F[d], _ = _lsq_many(o[d], sig, conc[d], comp[d])
        else:
            raise MetasomeInputError(f"method must be auto, binary, three or lsq; got {method!r}")
        ok = np.all((F >= -1e-12) & (F <= 1 + 1e-12), axis=-1)
        Fq = np.where(ok[..., None], F, np.nan)
        for i, nm in enumerate(names):
            with np.errstate(all="ignore"):
                qs = np.nanpercentile(Fq[..., i], percentiles, axis=0)
            for p, row in zip(percentiles, qs):
                cols[f"f[{nm}] p{p:g}"] = row
        cols["accepted"] = ok.mean(axis=0)
    df = pd.DataFrame(cols, index=_index(samples, ns))
    df.attrs["conventions"] = {"method": method, "draws": n, "seed": seed, "sigma": "1 sigma",
                               "rejection": "draws with a fraction outside 0..1 rejected"}
    return df


def best_endmember_set(samples, sets: Mapping[str, Sequence], systems: Sequence[str], *,
                       sigma: Mapping[str, float] | None = None, element_map=None):
    """For each sample, which end-member set explains it best, and with what misfit.

    Every set is fitted by bounded least squares (:func:`lsq_fractions`; for two
    end-members this equals the combined binary estimate). Sets are ranked by
    ``AIC = χ² + 2 (k - 1)`` (k - 1 free fractions), so adding end-members must
    pay for itself.

    Returns
    -------
    DataFrame
        ``chi2[<set>]`` and ``aic[<set>]`` for each set, ``best`` (set name),
        ``best_chi2`` and ``best_fractions`` (dict name -> fraction).

    References
    ----------
    Akaike (1974) IEEE Trans. Autom. Control 19, 716-723; Phillips & Gregg (2003).
    """
    import pandas as pd

    fits = {}
    for name, ems in sets.items():
        fits[name] = lsq_fractions(samples, ems, systems, sigma=sigma, element_map=element_map)
    idx = _index(samples, len(next(iter(fits.values()))))
    out = pd.DataFrame(index=idx)
    aic = {}
    for name, df in fits.items():
        k = sum(c.startswith("f[") for c in df.columns)
        out[f"chi2[{name}]"] = df["chi2"].to_numpy()
        aic[name] = df["chi2"].to_numpy() + 2 * (k - 1)
        out[f"aic[{name}]"] = aic[name]
    A = np.column_stack(list(aic.values()))
    names = list(aic)
    best = np.nanargmin(np.where(np.isfinite(A), A, np.inf), axis=1)
    out["best"] = [names[i] for i in best]
    out["best_chi2"] = [fits[names[i]]["chi2"].iloc[r] for r, i in enumerate(best)]
    out["best_fractions"] = [
        {c[2:-1]: float(fits[names[i]][c].iloc[r]) for c in fits[names[i]].columns if c.startswith("f[")}
        for r, i in enumerate(best)]
    out.attrs["conventions"] = {"ranking": "AIC = chi2 + 2 (k - 1)", "sigma": "1 sigma"}
    return out
