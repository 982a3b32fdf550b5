"""Chalcophile elements during melting of a sulfide-bearing mantle source.

Model (closed form). The residue holds silicate minerals (bulk D_sil), and
sulfide that is a mass fraction ``f_sl`` of sulfide liquid (SL, D_SL =
C_SL/C_melt) and ``1 - f_sl`` of monosulfide solid solution (mss, C_mss =
D_mss/SL C_SL). The melt carries ``s_melt`` of S (SCSS with S6+ correction),
so sulfide is consumed at ``s_melt/s_sul`` per unit melt; the low-melting
sulfide liquid is consumed first and the mss afterwards (incongruent
sulfide melting: Bockrath et al. 2004; Holwell et al. 2019). All residual
phases stay in equilibrium with the melt. The D-weighted residual mass

    G(F) = D_sil (1 - F - m_SL - m_mss) + D_SL (m_SL + D_mss/SL m_mss)

(G = (1 - F) times the bulk D of the residue) is then piecewise linear in F
with breaks at ``F_SL = f_sl S0/S_melt`` and ``F_ex = S0/S_melt``, giving

* batch melting: ``C_L = C0 / [F + G(F)]`` (mass balance);
* continuous fractional melting: the element mass left in the residue per
  unit source is ``m(F) = C0 exp(-int_0^F dF'/G(F'))``; on each linear
  segment ``int_u^v dF/G = (v - u) ln(G_v/G_u)/(G_v - G_u)``. Then
  ``C_s = m/(1-F)``, instantaneous ``C_L = m/G``, aggregated ``(C0 - m)/F``.

With ``f_sl = 1`` this is exactly the continuous limit of the Lee et al.
(2012) recurrence given in science.md §3.6, ``C_s = C0/(1-F) [(a + bF)/a]^(-1/b)``;
:func:`lee2012_recurrence` implements the discrete recurrence itself.

Why this parameterisation (science.md §3.7 options 1-3): the constant
mixture D_sul,eff (option 1) never leaves the mss behind, which is the
process Holwell et al. invoke; entrainment (option 2) needs an unconstrained
droplet fraction. Liquid-first consumption keeps the S and metal mass
balances exact, gives a closed form, and releases Cu, Au, Pt, Pd and Te
(D_mss/SL < 1) at low F while Ni, Os, Ir, Ru (D_mss/SL > 1) stay in mss.
Both sulfides are given the same S content ``s_sul`` (a simplification).

References
----------
Lee, C.-T.A. et al. (2012) Science 336, 64-68 and its supplementary workbook.
Wieser, P.E. et al. (2020) J. Petrol. 61, egaa048 (the workbook recurrence in Python).
Bockrath, C., Ballhaus, C. & Holzheid, A. (2004) Science 305, 1951-1953.
Holwell, D.A. et al. (2019) Nat. Commun. 10, 3511.
Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.sulfide.sulfur import S_SULFIDE_FES


@dataclass(frozen=True)
class ChalcophileMelting:
    """Result of :func:`melt_chalcophile` (arrays of shape ``F.shape + E``)."""

    F: np.ndarray
    melt: np.ndarray            #: instantaneous melt (fractional) or the melt (batch)
    melt_aggregate: np.ndarray  #: pooled melt of 0..F (equals ``melt`` for batch)
    residue: np.ndarray         #: bulk residue (silicate + sulfide)
    sulfide_liquid_mass: np.ndarray  #: SL mass per unit source, shape F.shape
    mss_mass: np.ndarray        #: mss mass per unit source, shape F.shape
    F_sl_exhausted: float
    F_exhausted: float
    conventions: dict = field(default_factory=dict)


def _masses(F, s0, s_melt, s_sul, f_sl):
    xm0 = s0 / s_sul
    used = s_melt * F / s_sul
    m_sl = np.maximum(0.0, f_sl * xm0 - used)
    m_mss = np.clip((1.0 - f_sl) * xm0 - np.maximum(0.0, used - f_sl * xm0), 0.0, None)
    return m_sl, m_mss


def _G(F, d_sil, d_sl, d_mss, s0, s_melt, s_sul, f_sl):
    m_sl, m_mss = _masses(F, s0, s_melt, s_sul, f_sl)
    return d_sil * (1.0 - F - m_sl - m_mss) + d_sl * (m_sl + d_mss * m_mss)


def _seg_integral(u, v, Gu, Gv):
    """int_u^v dF / G for G linear between (u, Gu) and (v, Gv); exact equal-G limit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = Gv / Gu - 1.0
        small = np.abs(t) < 1e-12
        safe_t = np.where(small, 1.0, t)
        L = np.where(small, (1.0 - t / 2.0) / Gu, np.log1p(safe_t) / (Gu * safe_t))
        L = np.where(Gv == 0, np.inf, L)
        return np.where(v > u, (v - u) * L, 0.0)


def melt_chalcophile(c0, d_sil, d_sl, F, *, s0=200.0, s_melt=1000.0, s_sul=S_SULFIDE_FES,
                     f_sl=1.0, d_mss=1.0, mode="fractional"):
    """Chalcophile element concentrations during melting of sulfide-bearing mantle.

    Parameters
    ----------
    c0 : array_like
        Source concentrations (element axis E).
    d_sil : array_like
        Bulk silicate/melt D of the source (modal silicate melting).
    d_sl : array_like
        D(sulfide liquid / silicate melt).
    F : array_like
        Melt fraction produced (0..1).
    s0 : float
        S in the source, ppm (default 200: Palme & O'Neill 2014; Lee et al. 2012).
    s_melt : float
        Total S carried per unit melt, ppm (SCSS corrected for S6+;
        :func:`metasome.sulfide.total_s_at_saturation`).
    s_sul : float
        S in sulfide, ppm (default 363636, stoichiometric FeS as in Lee et al. 2012).
    f_sl : float
        Mass fraction of the source sulfide that is sulfide liquid (1 = one sulfide).
    d_mss : array_like
        D(mss / sulfide liquid) (used when ``f_sl < 1``).
    mode : {"fractional", "batch"}

    Returns
    -------
    ChalcophileMelting

    References
    ----------
    Lee et al. (2012) Science 336, 64-68; Bockrath et al. (2004) Science 305,
    1951-1953; Shaw (1970) GCA 34, 237-243. Closed forms: science.md §3.6.
    """
    if mode not in ("fractional", "batch"):
        raise MetasomeInputError(f"mode must be 'fractional' or 'batch', not {mode!r}")
    for name, v in (("s0", s0), ("s_melt", s_melt), ("s_sul", s_sul)):
        if not np.isscalar(v) or not v > 0:
            raise MetasomeInputError(f"{name} must be a positive number, got {v!r}")
    if not 0.0 <= f_sl <= 1.0:
        raise MetasomeInputError(f"f_sl must be in [0, 1], got {f_sl}")
    Fa = np.asarray(F, float)
    if np.any((Fa < 0) | (Fa > 1)):
        raise MetasomeInputError("F (melt fraction) must be within 0..1")
    c0, d_sil, d_sl, d_mss = np.broadcast_arrays(*(np.asarray(x, float) for x in (c0, d_sil, d_sl, d_mss)))
    if np.any(d_sil < 0) or np.any(d_sl < 0) or np.any(d_mss < 0):
        raise MetasomeInputError("partition coefficients must be >= 0")
    E = c0.ndim
    Fb = Fa.reshape(Fa.shape + (1,) * E)
    args = (d_sil, d_sl, d_mss, s0, s_melt, s_sul, f_sl)
    f1 = min(1.0, f_sl * s0 / s_melt)
    f2 = min(1.0, s0 / s_melt)
    m_sl, m_mss = _masses(Fa, s0, s_melt, s_sul, f_sl)
    G = _G(Fb, *args)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if mode == "batch":
            cl = c0 / (Fb + G)
            res = np.where(Fb < 1, (c0 - Fb * cl) / (1.0 - Fb), np.nan)
            agg = cl
        else:
            I = np.zeros(np.broadcast_shapes(Fb.shape, c0.shape))
            for u, v in ((0.0, f1), (f1, f2), (f2, 1.0)):
                if v <= u:
                    continue
                top = np.clip(Fb, u, v)
                I = I + _seg_integral(u, top, _G(np.float64(u), *args), _G(top, *args))
            m = c0 * np.exp(-I)
            cl = m / G
            res = m / (1.0 - Fb)
            agg = np.where(Fb > 0, (c0 - m) / np.where(Fb > 0, Fb, 1.0), cl)
    conv = {
        "model": "sulfide-bearing mantle melting, liquid-first incongruent sulfide consumption",
        "mode": mode, "F": "melt fraction produced", "s0_ppm": s0, "s_melt_ppm": s_melt,
        "s_sul_ppm": s_sul, "f_sl": f_sl, "F_sl_exhausted": f1, "F_exhausted": f2,
        "source": "Lee et al. (2012); Bockrath et al. (2004); closed forms science.md §3.6",
    }
    return ChalcophileMelting(F=Fa, melt=cl, melt_aggregate=agg, residue=res,
                              sulfide_liquid_mass=m_sl, mss_mass=m_mss,
                              F_sl_exhausted=f1, F_exhausted=f2, conventions=conv)


def perfectly_chalcophile_aggregate(F, F_ex, k):
    """Aggregate melt C/C0 = [1 - (1 - F/F_ex)^k]/F for D_sil -> 0 (F <= F_ex), 1/F beyond.

    ``k = S_sul/(D_sul S_melt)``.

    References
    ----------
    Derived in science.md §3.6 from the Lee et al. (2012) mass balance.
    """
    F = np.asarray(F, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.clip(1.0 - F / F_ex, 0.0, None)
        return -np.expm1(k * np.log(inside)) / F


def lee2012_recurrence(c0, d_sil, d_sul, F, *, s0=200.0, s_melt=1000.0, s_sul=S_SULFIDE_FES):
    """The discrete incremental-melting recurrence of the Lee et al. (2012) workbook, vectorised.

    Steps are the intervals of the given ``F`` grid (a 0 is prepended when
    ``F[0] > 0``). For step i (``M = 1 - F``, ``X_i = dM_i/M_{i-1}``):
    S_res_i = max(0, S0 - S_melt F_i)/M_i; sulfide fraction ``x_i = S_res_i/S_sul``;
    ``Kd_i = D_sil(1 - x_i) + D_sul x_i``; ``P_i = [D_sil (dM_i - dx_i) + D_sul dx_i]/dM_i``
    with ``dx_i = (S_res_{i-1} - S_res_i)/S_sul``; instantaneous melt
    ``C_L,i = C_s,i-1 / [Kd_{i-1} + (1 - P_i) X_i]``; residue
    ``C_s,i = (C_s,i-1 - C_L,i X_i)/(1 - X_i)``; aggregate by mass balance.
    The product over steps is a cumulative product, so the whole grid is one
    numpy pass per element array (no Python loop over steps).

    Returns
    -------
    dict
        ``F``, ``melt`` (instantaneous), ``melt_aggregate``, ``residue``,
        ``kd`` (bulk D of the residue), ``s_residue``; arrays ``(len(F), *E)``
        at the requested F (the initial F = 0 row has melt = NaN).

    References
    ----------
    Lee, C.-T.A. et al. (2012) Science 336, 64-68, supplementary workbook
    (eqs. 1-13); Wieser, P.E. et al. (2020) J. Petrol. 61, egaa048.
    """
    Fa = np.asarray(F, float)
    if Fa.ndim != 1 or np.any(np.diff(Fa) <= 0) or Fa[0] < 0 or Fa[-1] >= 1:
        raise MetasomeInputError("F must be a strictly increasing 1-D grid within [0, 1)")
    prepended = Fa[0] > 0
    grid = np.concatenate([[0.0], Fa]) if prepended else Fa
    c0, d_sil, d_sul = np.broadcast_arrays(*(np.asarray(x, float) for x in (c0, d_sil, d_sul)))
    E = c0.ndim
    sh = (-1,) + (1,) * E
    M = 1.0 - grid
    s_res = np.maximum(0.0, s0 - s_melt * grid) / M
    x = (s_res / s_sul).reshape(sh)
    kd = d_sil * (1.0 - x) + d_sul * x
    dM = -np.diff(M)
    X = (dM / M[:-1]).reshape(sh)
    dx = ((s_res[:-1] - s_res[1:]) / s_sul).reshape(sh)
    dMb = dM.reshape(sh)
    P = (d_sil * (dMb - dx) + d_sul * dx) / dMb
    denom = kd[:-1] + (1.0 - P) * X
    step = (1.0 - X / denom) / (1.0 - X)
    cum = np.cumprod(step, axis=0)
    res = np.concatenate([c0[None] * np.ones((1,) + c0.shape), c0 * cum], axis=0)
    inst = res[:-1] / denom
    mass_out = np.cumsum(inst * dMb, axis=0)
    agg = mass_out / (1.0 - M[1:]).reshape(sh)
    nanrow = np.full((1,) + c0.shape, np.nan)
    out = {"F": grid, "melt": np.concatenate([nanrow, inst]),
           "melt_aggregate": np.concatenate([nanrow, agg]), "residue": res,
           "kd": kd, "s_residue": s_res}
    if prepended:
        out = {k: v[1:] for k, v in out.items()}
    return out
