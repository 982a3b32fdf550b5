"""Sulfide saturation during crystallisation, R factor and upgrading, and sulfide dissolution on ascent.

References
----------
Campbell, I.H. & Naldrett, A.J. (1979) The influence of silicate:sulfide
ratios on the geochemistry of magmatic sulfides. Econ. Geol. 74, 1503-1506.
Brügmann, G.E., Naldrett, A.J., Asif, M., Lightfoot, P.C., Gorbachev, N.S. &
Fedorenko, V.A. (1993) Siderophile and chalcophile metals as tracers of the
evolution of the Siberian Trap in the Noril'sk region, Russia. Geochim.
Cosmochim. Acta 57, 2001-2018 (flow-through "N factor"; attribution as in science.md §3.8).
Kerr, A. & Leitch, A.M. (2005) Self-destructive sulfide segregation systems
and the formation of high-grade magmatic ore deposits. Econ. Geol. 100, 311-332.
Lee, C.-T.A. et al. (2012) Science 336, 64-68 (sulfide fraction SCSS/S_sul of
the crystallising assemblage at saturation).
Rayleigh (1896); Gast (1968), see :mod:`metasome.melting.processes`.
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.sulfide.sulfur import S_SULFIDE_FES


def crystallise_sulfide_saturated(c0, d_sil, d_sul, F, *, s0, scss, s_sul=S_SULFIDE_FES):
    """Rayleigh crystallisation with sulfide joining the assemblage at saturation.

    If the parental melt is supersaturated (``S0 > SCSS``) the excess
    segregates first in equilibrium: ``x0 = (S0 - SCSS)/(S_sul - SCSS)``,
    ``C = C0/(1 - x0 + x0 D_sul)``; ``F`` then counts the melt remaining
    relative to that melt. S is perfectly incompatible until
    ``F_sat = S/SCSS``; below it the crystallising assemblage holds a sulfide
    mass fraction ``x = SCSS/S_sul`` and ``D = (1-x) D_sil + x D_sul``:
    ``C_L = C F^(D_sil-1)`` for F >= F_sat, ``C F_sat^(D_sil-1) (F/F_sat)^(D-1)`` below.

    Parameters
    ----------
    F : array_like
        Melt fraction remaining (0, 1].
    s0, scss : float
        Initial melt S and the (constant) SCSS, ppm (total S at saturation).

    Returns
    -------
    dict
        ``melt`` (F.shape + E), ``s_melt``, ``sulfide_removed`` (sulfide mass
        per unit initial melt), ``sulfide_tenor`` (mean concentration of all
        sulfide removed, F.shape + E), ``x0``, ``F_sat``, ``x_sulfide``,
        ``d_bulk_saturated``, ``conventions``. Element mass is conserved:
        ``(1-x0) F C_L + cumulate silicate + sulfide = C0``.

    References
    ----------
    Lee et al. (2012) Science 336, 64-68; Rayleigh (1896); science.md §3.3.
    """
    Fa = np.asarray(F, float)
    if np.any((Fa <= 0) | (Fa > 1)):
        raise MetasomeInputError("F (melt fraction remaining) must be in (0, 1]")
    c0, d_sil, d_sul = np.broadcast_arrays(*(np.asarray(x, float) for x in (c0, d_sil, d_sul)))
    Fb = Fa.reshape(Fa.shape + (1,) * c0.ndim)
    x0 = max(0.0, (s0 - scss) / (s_sul - scss))
    c1 = c0 / (1.0 - x0 + x0 * d_sul)
    s1 = min(s0, scss)
    f_sat = min(1.0, s1 / scss)
    x = scss / s_sul
    d = (1.0 - x) * d_sil + x * d_sul
    above = Fb >= f_sat
    l1 = (d_sil - 1.0) * np.log(np.where(above, Fb, f_sat))
    l2 = np.where(above, 0.0, (d - 1.0) * np.log(np.minimum(Fb, f_sat) / f_sat))
    melt = c1 * np.exp(l1 + l2)
    c_sat = c1 * f_sat ** (d_sil - 1.0)
    fb_sat = np.minimum(Fb, f_sat)
    removed_sat = f_sat * c_sat - fb_sat * np.where(above, c_sat, melt)
    sul_metal = x0 * d_sul * c1 + (1.0 - x0) * removed_sat * (x * d_sul / d)
    sul_mass = x0 + (1.0 - x0) * x * (f_sat - np.minimum(Fa, f_sat))
    with np.errstate(divide="ignore", invalid="ignore"):
        tenor = sul_metal / sul_mass.reshape(Fb.shape)
    s_l = np.minimum(s1 / Fa, scss)
    return {"melt": melt, "s_melt": s_l, "sulfide_removed": sul_mass, "sulfide_tenor": tenor,
            "x0": x0, "F_sat": f_sat, "x_sulfide": x, "d_bulk_saturated": d,
            "conventions": {"F": "melt fraction remaining after any initial segregation",
                            "scss_ppm": scss, "s0_ppm": s0, "s_sul_ppm": s_sul,
                            "model": "Rayleigh, sulfide fraction SCSS/S_sul at saturation"}}


def r_factor(c_l, d, R):
    """Sulfide tenor after equilibration with R units of silicate melt (Campbell & Naldrett 1979).

    ``C_sul = C_L D (R + 1)/(R + D)``; the melt left is ``C_sul/D``.

    References
    ----------
    Campbell, I.H. & Naldrett, A.J. (1979) Econ. Geol. 74, 1503-1506.
    """
    c_l, d, R = (np.asarray(x, float) for x in (c_l, d, R))
    return c_l * d * (R + 1.0) / (R + d)


def multi_batch_upgrade(c_l, d, R, n, y0=0.0):
    """Tenor after n batches, each of R units of fresh melt at C_L.

    ``Y_n = D C_L [1 - (1 - Y_0/(D C_L)) (D/(D+R))^n]``.

    References
    ----------
    Campbell & Naldrett (1979) Econ. Geol. 74, 1503-1506 (one batch);
    repeated batches derived in science.md §3.8 and tested against the step recurrence.
    """
    c_l, d, R, n, y0 = (np.asarray(x, float) for x in (c_l, d, R, n, y0))
    eq = d * c_l
    return eq * (1.0 - (1.0 - y0 / eq) * (d / (d + R)) ** n)


def flow_through_upgrade(c_l, d, N, y0=0.0):
    """Tenor after a total silicate/sulfide mass N flows past in infinitesimal batches.

    ``Y = D C_L [1 - (1 - Y_0/(D C_L)) exp(-N/D)]`` (limit of
    :func:`multi_batch_upgrade` with R = N/n, n -> infinity).

    References
    ----------
    Brügmann et al. (1993) Geochim. Cosmochim. Acta 57, 2001-2018 ("N factor");
    Kerr & Leitch (2005) Econ. Geol. 100, 311-332.
    """
    c_l, d, N, y0 = (np.asarray(x, float) for x in (c_l, d, N, y0))
    eq = d * c_l
    return eq * (1.0 - (1.0 - y0 / eq) * np.exp(-N / d))


def dissolve_sulfide(c_melt, c_sul, d, x, *, capacity, s_sul=S_SULFIDE_FES):
    """Sulfide dissolution into its host melt as SCSS rises (e.g. on ascent).

    A magma with sulfide mass fraction ``x`` (tenor ``c_sul``) in melt
    (``c_melt``) gains S capacity ``capacity = SCSS_new - S_melt`` (ppm) per
    unit melt. Melt parcels dissolve sulfide progressively: each unit of
    sulfide needs ``beta = S_sul/capacity`` of melt, which arrives at
    ``c_melt`` and leaves in equilibrium with the sulfide (``C_sul/D``), so

    ``dY/dm = [(beta/D - 1) Y - beta c_melt]/m``  ->
    ``Y = beta c_melt/a + (Y0 - beta c_melt/a) (m/m0)^a``, ``a = beta/D - 1``

    (``a = 0``: ``Y = Y0 - beta c_melt ln(m/m0)``; with ``c_melt = 0`` this is
    science.md §3.9, ``Y/Y0 = (m/m0)^(beta/D - 1)``). If the melt can take
    all the sulfide (``(1-x) capacity >= x S_sul``) everything dissolves.

    Returns
    -------
    dict
        ``melt`` (new melt concentration), ``sulfide`` (tenor of remaining
        sulfide, NaN when none), ``remaining`` (m/m0), ``sulfide_mass``
        (mass fraction of the magma); element mass is conserved exactly.

    References
    ----------
    Kerr, A. & Leitch, A.M. (2005) Econ. Geol. 100, 311-332 (concept);
    closed form derived in science.md §3.9 and tested by brute force.
    """
    c_melt, c_sul, d = np.broadcast_arrays(*(np.asarray(v, float) for v in (c_melt, c_sul, d)))
    x = float(x)
    if not 0 < x < 1:
        raise MetasomeInputError("x (sulfide mass fraction of the magma) must be in (0, 1)")
    capacity = float(capacity)
    if capacity <= 0:
        return {"melt": c_melt.copy(), "sulfide": c_sul.copy(), "remaining": 1.0, "sulfide_mass": x}
    melt_mass = 1.0 - x
    dissolvable = melt_mass * capacity / s_sul
    remaining = max(0.0, 1.0 - dissolvable / x)
    beta = s_sul / capacity
    if remaining == 0.0:
        return {"melt": melt_mass * c_melt + x * c_sul, "sulfide": np.full(c_sul.shape, np.nan),
                "remaining": 0.0, "sulfide_mass": 0.0}
    a = beta / d - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log(remaining)
        y = np.where(np.abs(a) < 1e-12, c_sul - beta * c_melt * lr,
                     beta * c_melt / np.where(a == 0, 1.0, a)
                     + (c_sul - beta * c_melt / np.where(a == 0, 1.0, a)) * np.exp(a * lr))
    m = x * remaining
    total = melt_mass * c_melt + x * c_sul
    new_melt = (total - m * y) / (1.0 - m)
    return {"melt": new_melt, "sulfide": y, "remaining": remaining, "sulfide_mass": m}


def cotectic_crystallisation(c0, d_sil, d_sl, F, *, x_sulfide):
    """Rayleigh crystallisation of silicates with sulfide in cotectic proportion (closed form).

    A sulfide-saturated melt crystallises a silicate assemblage (bulk D
    ``d_sil``) together with sulfide liquid that makes up a constant mass
    fraction ``x_sulfide`` of what crystallises. With S perfectly
    incompatible in the silicates and the melt held at its (constant) S
    content at saturation S_T, S mass balance fixes ``x_sulfide = S_T /
    S_sul`` (the Lee et al. 2012 workbook; science.md §3.3): e.g. 1800 ppm /
    363 636 ppm = 0.5 wt% of the cumulate. The bulk D is
    ``D = (1 - x) D_sil + x D_SL`` and

    * melt: ``C_L = C0 F^(D - 1)``;
    * cumulate (mean over 1 - F crystallised): ``C_cum = C0 (1 - F^D)/(1 - F)``;
    * of it, the sulfide holds the fraction ``x D_SL / D`` of the metal, so
      the mean sulfide tenor is ``C_sul = C_cum D_SL / D`` and the mean silicate
      ``C_sil = C_cum D_sil / D``.

    Mass balance ``F C_L + (1 - F)[(1 - x) C_sil + x C_sul] = C0`` holds exactly.

    Parameters
    ----------
    c0, d_sil, d_sl : array_like
        Parental melt, silicate bulk D and D(sulfide liquid/silicate melt) (element axis E).
    F : array_like
        Melt fraction remaining (0, 1].
    x_sulfide : float
        Mass fraction of sulfide in the crystallising assemblage (0 <= x < 1).

    Returns
    -------
    dict
        ``melt``, ``cumulate``, ``cumulate_silicate``, ``cumulate_sulfide``
        (shape F.shape + E; NaN at F = 1), ``d_bulk``, ``x_sulfide``,
        ``sulfide_mass`` (per unit parental melt, F.shape), ``conventions``.

    References
    ----------
    Rayleigh (1896); Lee, C.-T.A. et al. (2012) Science 336, 64-68
    (sulfide fraction S/S_sul of the crystallising assemblage at saturation).
    """
    Fa = np.asarray(F, float)
    if np.any((Fa <= 0) | (Fa > 1)):
        raise MetasomeInputError("F (melt fraction remaining) must be in (0, 1]")
    x = float(x_sulfide)
    if not 0.0 <= x < 1.0:
        raise MetasomeInputError(f"x_sulfide must be in [0, 1), got {x}")
    c0, d_sil, d_sl = np.broadcast_arrays(*(np.asarray(v, float) for v in (c0, d_sil, d_sl)))
    if np.any(d_sil < 0) or np.any(d_sl < 0):
        raise MetasomeInputError("partition coefficients must be >= 0")
    d = (1.0 - x) * d_sil + x * d_sl
    Fb = Fa.reshape(Fa.shape + (1,) * c0.ndim)
    melt = c0 * Fb ** (d - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cum = np.where(Fb < 1, (c0 - Fb * melt) / (1.0 - Fb), np.nan)
        sul = np.where(d > 0, cum * d_sl / d, 0.0)
        sil = np.where(d > 0, cum * d_sil / d, 0.0)
    return {"melt": melt, "cumulate": cum, "cumulate_silicate": sil, "cumulate_sulfide": sul,
            "d_bulk": d, "x_sulfide": x, "sulfide_mass": x * (1.0 - Fa),
            "conventions": {"F": "melt fraction remaining", "x_sulfide": x,
                            "model": "Rayleigh with cotectic sulfide, D = (1-x) D_sil + x D_SL"}}
