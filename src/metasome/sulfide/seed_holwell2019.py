"""Worked example: the trans-lithospheric chalcophile sequence of Holwell et al. (2019).

The process sequence follows the paper's Discussion:

(a) low-degree (1-10 %) continuous fractional melting of sulfide-bearing
    (metasomatised) lithospheric mantle with incongruent sulfide melting: the
    sulfide liquid (Cu-rich; Au, Pt, Pd, Te) is consumed first and the mss
    (Ni, Os, Ir, Ru) stays in the residue (:func:`melt_chalcophile`, f_SL = 0.8);
(b) lower crust: the melt arrives sulfide-saturated and crystallises early
    silicates (olivine +/- clinopyroxene, in which Ni and Co are compatible)
    with sulfide in cotectic proportion x = S_T/S_sul
    (:func:`cotectic_crystallisation`); D_Ni(olivine) from the Matzen et al.
    (2017) Ni-Mg exchange coefficient at the stated T, melt MgO and olivine Fo;
(c) ascent to the mid crust: a fraction of the lower-crust sulfide is carried
    up and partly redissolves as the SCSS rises with falling pressure
    (Fortin et al. 2015 pressure term; :func:`dissolve_sulfide`): Cu, then Te,
    Au return to the melt first, PGE stay in the sulfide; the magma then
    fractionates again (sulfide-saturated if the melt is still saturated);
(d) upper crust: sulfide-undersaturated silicate fractionation.

Where the model lands (defaults, measured in tests/test_sulfide_models.py): the
lower-crust magma is inside Holwell's 1e4-1e5 Ni/Te band, the mid-crust magma
(2.9e4) is above the 1e3-1e4 band and the upper-crust magma (1.1e3) just above
the 1e1-1e3 porphyry band. The gap is set by D_Te(sulfide liquid/silicate melt):
with cotectic sulfide, Ni/Te falls only while D_Ni(bulk) > D_Te(bulk), i.e.
D_Te(SL) < D_Ni(SL) + D_Ni(sil)(1 - x)/x ~ 3.3e3, and the default (3170, the
geometric mean of Holwell's 1005-10,000) sits at that threshold, so sulfide
fractionation barely changes Ni/Te. Inside Holwell's range, D_Te(SL) ~2.25e3-2.5e3
puts all three crustal magmas in their bands, 1005 drops the lower crust below
its band, and the Brenan (2015) FeO model (~1.35e4 at 8 wt% FeO) raises Ni/Te.
With the default D_Te, a mid-crust cumulate of >= 61 % olivine (bulk silicate
D_Ni >= 14.6 instead of 9.7) reaches the mid-crust band. Neither value has a
published basis that singles it out, so the defaults are not tuned to the bands.

Stage compositions are normalised to Palme & O'Neill (2014) primitive mantle
(Holwell Fig. 3c) and Ni/Te, Cu/Te are compared with Holwell's bands.

Parameters that are model choices, not data (mineral modes, magma T, MgO,
olivine Fo, crystallisation fractions, fraction of sulfide entrained, f_O2)
are keyword arguments listed in ``parameters``; partition coefficients come
from the packaged, cited libraries. Where no verified value exists the
choice is explicit and reported in ``notes``:

* D(silicate/melt) of Os, Ir, Ru, Rh, Pt, Pd, Au, Te, Se: 0 (the perfectly
  chalcophile limit of science.md §3.6; Holwell et al. call Rh, Pt, Pd, Au,
  Cu, Te incompatible; the IPGE hosts alloy/spinel are not modelled);
* D(mss/sulfide liquid) of Cu, Te, Se: 0 (released with the sulfide liquid,
  the limit of Holwell's "liberate the Cu-sulfide and Au-Pt-Pd-Te phases");
  of Ni, Co: 1 (no fractionation between mss and sulfide liquid). Override
  with ``d_mss_user``;
* Os, Rh: no verified D(sulfide liquid/silicate melt), so they are left out
  unless ``d_sl_user`` gives them;
* a mineral without a verified Kd for an element (Co in cpx/opx/gt, Ni and
  Co in plagioclase) contributes nothing to that element's bulk D, so the
  bulk D is a lower bound; the pairs are listed in ``notes``.

References
----------
Holwell, D.A., Fiorentini, M., McDonald, I., et al. (2019) A metasomatized
lithospheric mantle control on the metallogenic signature of post-subduction
magmatism. Nat. Commun. 10, 3511.
Palme, H. & O'Neill, H.St.C. (2014) Treatise on Geochemistry 2nd ed., vol. 3, 1-39.
Lee, C.-T.A. et al. (2012) Science 336, 64-68. Jugo, P.J. et al. (2010) GCA 74, 5926.
Fortin, M.-A. et al. (2015) GCA 160, 100-116. Kerr & Leitch (2005) Econ. Geol. 100, 311.
Matzen, A.K. et al. (2017) Nat. Geosci. 10, 530-535 (olivine Ni).
Brenan, J.M. (2015) Earth Planet. Sci. Lett. 422, 45-57 (log D_Te = 4.3 - 2.58e-3 FeO^2, as
implemented in PySulfSat 1.0.15 ``scss_calcs2``; quoted in the module text only).
Sobolev, A.V. et al. (2005) Nature 434, 590 (cpx/ol 0.24, opx/ol 0.40 for Ni).
McKenzie, D. & O'Nions, R.K. (1991) J. Petrol. 32, 1021 (garnet-field lherzolite
mode ol 0.598, opx 0.221, cpx 0.076, gt 0.115, as transcribed in pyMelt
``mo91_MineralProportions``).
Zhao, Z. et al. (2022) (f_SL = 0.8, as used by yumzh3/melt_xtal@4e5beb1).
"""

from __future__ import annotations

import numpy as np

#: Holwell et al. (2019) plot order (decreasing compatibility), plus Se.
ELEMENTS = ("Ni", "Co", "Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Cu", "Te", "Se")

#: Elements whose silicate/melt D is taken as 0 (perfectly chalcophile limit, see module doc).
CHALCOPHILE_LIMIT = ("Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Te", "Se")
#: D(mss/SL) where no verified value exists: the limits stated in the module doc.
D_MSS_LIMITS = {"Cu": 0.0, "Te": 0.0, "Se": 0.0, "Ni": 1.0, "Co": 1.0}

#: Garnet-field lherzolite mode of McKenzie & O'Nions (1991) (pyMelt ``mo91_MineralProportions``).
MANTLE_MODES = {"ol": 0.598, "opx": 0.221, "cpx": 0.076, "gt": 0.115}
#: Sobolev et al. (2005) D_Ni(mineral)/D_Ni(olivine).
NI_RATIO_TO_OLIVINE = {"ol": 1.0, "cpx": 0.24, "opx": 0.40, "gt": 0.12}

#: Holwell et al. (2019) Ni/Te bands (Results, "Chalcophile element ratios") and the magmatic Cu/Te band.
NI_TE_BANDS = {"mantle": (1e5, 1e6), "metasomatised mantle and lower crust": (1e4, 1e5),
               "mid crust": (1e3, 1e4), "porphyry": (1e1, 1e3), "epithermal": (1e0, 1e1)}
CU_TE_MAGMATIC = (1e4, 1e5)


def _d_silicate(modes, assemblage, elements, *, ni_olivine=None):
    """Bulk silicate D per element from the packaged Kd library; returns (D, omitted pairs)."""
    from metasome.melting.partition import kd_matrix

    m = kd_matrix(assemblage)
    d = np.zeros(len(elements))
    omitted = []
    for i, el in enumerate(elements):
        if el in CHALCOPHILE_LIMIT:
            continue
        for mn, w in modes.items():
            if w == 0:
                continue
            if el == "Ni" and ni_olivine is not None and mn in NI_RATIO_TO_OLIVINE:
                d[i] += w * NI_RATIO_TO_OLIVINE[mn] * ni_olivine
                continue
            v = m.loc[el, mn] if (el in m.index and mn in m.columns) else np.nan
            if np.isfinite(v):
                d[i] += w * v
            else:
                omitted.append(f"{el}/{mn}")
    return d, omitted


def _ni_ol(T_K, mgo_liq, fo):
    from metasome.melting.partition import d_ni_olivine_matzen2017, olivine_mgo_wt

    return float(d_ni_olivine_matzen2017(T_K, mgo_liq, olivine_mgo_wt(fo)))


def _rel(resid, ref):
    """Largest |resid|/ref over elements with ref > 0 (elements driven to 0 by both sides count as 0)."""
    resid, ref = np.abs(np.asarray(resid, float)), np.asarray(ref, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(ref > 0, resid / np.where(ref > 0, ref, 1.0), resid)
    return float(np.max(q))


def _band(value, bands):
    for name, (lo, hi) in bands.items():
        if lo <= value < hi:
            return name
    return "outside all bands"


def _position(value, lo, hi):
    """Where ``value`` sits relative to the band [lo, hi), in words with the factor outside it."""
    if value >= hi:
        return f"above the band ({value / hi:.2g}x its upper limit {hi:g})"
    if value < lo:
        return f"below the band ({lo / value:.2g}x under its lower limit {lo:g})"
    return f"inside the band {lo:g}-{hi:g}"


def reproduce_holwell(out_dir=None, data=None, *, melt_fractions=np.linspace(0.01, 0.10, 10),
                      F_model=0.05, source=None, enrichment=None, s0=200.0, scss_mantle=1000.0,
                      delta_fmq=1.0, s_sul=363636.0, f_sl=0.8, mantle_modes=None,
                      lower_modes=None, F_lower=0.8, T_lower_K=1473.15, mgo_lower=10.0, fo_lower=0.88,
                      entrained=0.5, P_lower_kbar=6.0, P_mid_kbar=1.2,
                      mid_modes=None, F_mid=0.8, T_mid_K=1373.15, mgo_mid=7.0, fo_mid=0.82,
                      upper_modes=None, F_upper=0.7, T_upper_K=1273.15, mgo_upper=4.0, fo_upper=0.75,
                      d_preset="Holwell2019", mss_preset="Fleet1993", d_sl_user=None, d_mss_user=None,
                      elements=None, melting_mode="fractional", _sensitivity=True):
    """Run the Holwell et al. (2019) sequence (a)-(d); return compositions, profiles, ratios and checks.

    Parameters
    ----------
    out_dir : path, optional
        If given, write ``holwell2019_stages.csv`` and figures (profiles,
        Te-Ni, Te-Cu with Holwell's bands) there.
    data : DataFrame, optional
        Real data (columns Ni, Cu, Te in ppm) drawn on the Te-Ni/Te-Cu plots.
    melt_fractions : array_like
        Melt fractions of the mantle-melting trajectory (1-10 %).
    F_model : float
        Melt fraction of the melt carried into the crust (Holwell: < 10 %).
    source, enrichment : dict, optional
        Source (ppm; default Palme & O'Neill 2014 primitive mantle) and
        multiplicative metasomatic enrichment per element (default none: the
        paper gives no factor; Fig. 1c-d only shows positive Au, Te anomalies).
    s0, scss_mantle, delta_fmq, s_sul : float
        Source S (200 ppm, Palme & O'Neill 2014), SCSS (S2-) of the mantle melt
        (1000 ppm, within the 830-1530 ppm of science.md §4.5), fO2 relative to
        FMQ for the Jugo et al. (2010) S6+ correction (model choice: oxidised
        metasomatised source) and S in sulfide (FeS).
    f_sl : float
        Sulfide-liquid fraction of the source sulfide (0.8, Zhao et al. 2022).
    mantle_modes, lower_modes, mid_modes, upper_modes : dict, optional
        Mineral modes (defaults: McKenzie & O'Nions 1991 garnet lherzolite;
        lower crust ol 0.7 cpx 0.3; mid crust ol 0.3 cpx 0.7; upper crust ol
        0.1 cpx 0.5 plag 0.4 - model choices).
    F_lower, F_mid, F_upper : float
        Melt fraction remaining after each crustal step.
    T_*_K, mgo_*, fo_* : float
        Temperature (K), melt MgO (wt%) and olivine forsterite fraction used
        for D_Ni(olivine) (Matzen et al. 2017) at each crustal stage.
    entrained : float
        Fraction of the lower-crust sulfide carried up with the melt (not
        constrained by published data; see ``notes`` for 0 and 1).
    P_lower_kbar, P_mid_kbar : float
        Pressures of the lower-crust (Ivrea pipes ~6 kbar, Holwell et al.) and
        mid-crust (> 4 km, ~1.2 kbar) stages; the SCSS rises by the Fortin et
        al. (2015) pressure factor between them.
    d_preset, mss_preset : str
        Sulfide partition presets (:func:`metasome.sulfide.sulfide_d`).
    d_sl_user, d_mss_user : dict, optional
        Element -> D(sulfide liquid/silicate melt) or D(mss/sulfide liquid)
        for elements the presets lack (Os, Rh; Ni, Co, Cu, Te, Se) or to override.
    elements : sequence, optional
        Elements modelled (default: those of ``ELEMENTS`` with a D_SL).

    Returns
    -------
    dict
        ``elements`` (list), ``stages`` (DataFrame, ppm; rows: metasomatised
        mantle source, mantle melt, mantle residue, lower-crust magma,
        lower-crust cumulate, lower-crust cumulate sulfide, mid-crust magma
        after redissolution, entrained sulfide after redissolution, mid-crust
        magma, mid-crust cumulate, upper-crust magma), ``normalised`` (÷ PM),
        ``ratios`` (Ni/Te, Cu/Te per stage), ``bands`` (per stage: Ni/Te,
        Cu/Te, Holwell's expected Ni/Te band, the band reached, in_band,
        Cu/Te in the magmatic band), ``melting`` (trajectory over
        ``melt_fractions``), ``d`` (DataFrame of the D used per element and
        stage), ``mass_balance`` (max relative residual of each stage),
        ``notes`` (list of str: explicit choices and where the model misses
        Holwell's bands), ``parameters``, ``conventions``, ``files``.

    References
    ----------
    Holwell et al. (2019) Nat. Commun. 10, 3511; see module references.
    """
    import pandas as pd

    from metasome.melting.processes import rayleigh
    from metasome.sulfide.chalcophile import melt_chalcophile
    from metasome.sulfide.partition import sulfide_d
    from metasome.sulfide.processes import cotectic_crystallisation, dissolve_sulfide
    from metasome.sulfide.sulfur import scss_pressure_factor, total_s_at_saturation

    notes = []
    mantle_modes = dict(MANTLE_MODES if mantle_modes is None else mantle_modes)
    lower_modes = dict({"ol": 0.7, "cpx": 0.3} if lower_modes is None else lower_modes)
    mid_modes = dict({"ol": 0.3, "cpx": 0.7} if mid_modes is None else mid_modes)
    upper_modes = dict({"ol": 0.1, "cpx": 0.5, "plag": 0.4} if upper_modes is None else upper_modes)
    d_sl_user = dict(d_sl_user or {})
    d_mss_user = dict(d_mss_user or {})

    sl_lib = sulfide_d(d_preset, "D_SL_SM")
    d_sl_all = {**sl_lib.to_dict(), **{k: float(v) for k, v in d_sl_user.items()}}
    if elements is None:
        els = [e for e in ELEMENTS if e in d_sl_all]
        left = [e for e in ELEMENTS if e not in d_sl_all]
        if left:
            notes.append(f"{', '.join(left)} left out: no verified D(sulfide liquid/silicate melt) "
                         "(Mungall & Brenan 2014 abstract gives only 4e5 (Ru) to 2-3e6 (Ir, Pt)); pass d_sl_user")
    else:
        els = list(elements)
    mss_lib = sulfide_d(mss_preset, "D_MSS_SL").to_dict()
    d_mss_all = {**D_MSS_LIMITS, **mss_lib, **{k: float(v) for k, v in d_mss_user.items()}}
    limited = [e for e in els if e in D_MSS_LIMITS and e not in mss_lib and e not in d_mss_user]
    if limited:
        notes.append("D(mss/sulfide liquid) not verified for " + ", ".join(
            f"{e} (taken as {D_MSS_LIMITS[e]:g})" for e in limited) + ": 0 = released with the sulfide liquid "
            "(Holwell's Cu-sulfide and Au-Pt-Pd-Te phases), 1 = no mss/liquid fractionation; pass d_mss_user")
    d_sl = np.array([d_sl_all[e] for e in els])
    d_mss = np.array([d_mss_all[e] for e in els])
    chal = [e for e in els if e in CHALCOPHILE_LIMIT]
    if chal:
        notes.append(f"silicate/melt D = 0 for {', '.join(chal)} (perfectly chalcophile limit, science.md §3.6)")

    if source is None:
        from metasome.reference import get

        pm = get("PM_PalmeONeill2014").ppm()
        source = {e: float(pm[e]) for e in ELEMENTS}
    pm_norm = {e: float(source[e]) for e in els}
    enrichment = dict(enrichment or {})
    c0 = np.array([source[e] * enrichment.get(e, 1.0) for e in els])

    # (a) mantle melting with incongruent sulfide melting
    d_mantle, om_m = _d_silicate(mantle_modes, "peridotite", els)
    s_melt = float(total_s_at_saturation(scss_mantle, delta_fmq=delta_fmq))
    mf = np.asarray(melt_fractions, float)
    kw = dict(s0=s0, s_melt=s_melt, s_sul=s_sul, f_sl=f_sl, d_mss=d_mss, mode=melting_mode)
    traj = melt_chalcophile(c0, d_mantle, d_sl, mf, **kw)
    prim = melt_chalcophile(c0, d_mantle, d_sl, np.array([F_model]), **kw)
    agg = prim.melt_aggregate if melting_mode == "fractional" else prim.melt
    c_prim, c_res = agg[0], prim.residue[0]
    s_prim = s_melt if F_model < prim.F_exhausted else s0 / F_model
    mb = {"mantle melting": _rel(F_model * c_prim + (1 - F_model) * c_res - c0, c0)}

    # (b) lower crust: saturated on arrival, silicates + cotectic sulfide
    ni_lower = _ni_ol(T_lower_K, mgo_lower, fo_lower)
    d_lower, om_l = _d_silicate(lower_modes, "basalt_syenite", els, ni_olivine=ni_lower)
    x_lower = s_prim / s_sul
    lc = cotectic_crystallisation(c_prim, d_lower, d_sl, np.array([F_lower]), x_sulfide=x_lower)
    c_lower, cum_lower, sul_lower = lc["melt"][0], lc["cumulate"][0], lc["cumulate_sulfide"][0]
    sil_lower = lc["cumulate_silicate"][0]
    mb["lower-crust crystallisation"] = _rel(
        F_lower * c_lower + (1 - F_lower) * ((1 - x_lower) * sil_lower + x_lower * sul_lower) - c_prim, c_prim)

    # (c) ascent: entrained sulfide redissolves as the SCSS rises (Fortin 2015 P term)
    factor = float(scss_pressure_factor(P_lower_kbar, P_mid_kbar, T_lower_K))
    s_mid_sat = s_prim * factor
    capacity = s_mid_sat - s_prim
    sul_mass = entrained * (1.0 - F_lower) * x_lower       # per unit mantle melt
    melt_mass = F_lower
    remaining, c_sul_after, c_redis = 1.0, sul_lower.copy(), c_lower.copy()
    if sul_mass > 0:
        x_ent = sul_mass / (melt_mass + sul_mass)
        diss = dissolve_sulfide(c_lower, sul_lower, d_sl, x_ent, capacity=capacity, s_sul=s_sul)
        remaining, c_redis, c_sul_after = diss["remaining"], diss["melt"], diss["sulfide"]
        mtot = melt_mass + sul_mass
        m_left = sul_mass * remaining
        before = melt_mass * c_lower + sul_mass * sul_lower
        after = (mtot - m_left) * c_redis + (m_left * np.nan_to_num(c_sul_after) if remaining > 0 else 0.0)
        mb["redissolution"] = _rel(after - before, before)
    melt_after = melt_mass + sul_mass * (1.0 - remaining)
    s_after = min(s_mid_sat, (melt_mass * s_prim + sul_mass * (1.0 - remaining) * s_sul) / melt_after)

    # mid crust: further fractionation; silicate-only until saturation, then with cotectic sulfide
    ni_mid = _ni_ol(T_mid_K, mgo_mid, fo_mid)
    d_mid, om_mid = _d_silicate(mid_modes, "basalt_syenite", els, ni_olivine=ni_mid)
    f_sat = s_after / s_mid_sat
    x_mid = s_mid_sat / s_sul
    if F_mid >= f_sat:
        c_mid = rayleigh(c_redis, d_mid, F_mid)
        cum_mid = (c_redis - F_mid * c_mid) / (1.0 - F_mid)
        mid_saturated = False
    else:
        c_sat = rayleigh(c_redis, d_mid, f_sat) if f_sat < 1 else c_redis
        mc = cotectic_crystallisation(c_sat, d_mid, d_sl, np.array([F_mid / f_sat]), x_sulfide=x_mid)
        c_mid = mc["melt"][0]
        cum_mid = (c_redis - F_mid * c_mid) / (1.0 - F_mid)
        mid_saturated = True
    mb["mid-crust crystallisation"] = _rel(F_mid * c_mid + (1 - F_mid) * cum_mid - c_redis, c_redis)

    # (d) upper crust: sulfide-undersaturated silicate fractionation
    ni_upper = _ni_ol(T_upper_K, mgo_upper, fo_upper)
    d_upper, om_u = _d_silicate(upper_modes, "basalt_syenite", els, ni_olivine=ni_upper)
    c_upper = rayleigh(c_mid, d_upper, F_upper)
    cum_upper = (c_mid - F_upper * c_upper) / (1.0 - F_upper)
    mb["upper-crust crystallisation"] = _rel(F_upper * c_upper + (1 - F_upper) * cum_upper - c_mid, c_mid)

    omitted = sorted(set(om_m + om_l + om_mid + om_u))
    if omitted:
        notes.append("no verified Kd, contribution omitted (bulk D is a lower bound): " + ", ".join(omitted))

    names = ["metasomatised mantle source", f"mantle melt F={F_model:.2f}", "mantle residue",
             "lower-crust magma", "lower-crust cumulate", "lower-crust cumulate sulfide",
             "mid-crust magma after redissolution", "entrained sulfide after redissolution",
             "mid-crust magma", "mid-crust cumulate", "upper-crust magma"]
    rows = [c0, c_prim, c_res, c_lower, cum_lower, sul_lower, c_redis,
            c_sul_after if remaining > 0 else np.full(len(els), np.nan), c_mid, cum_mid, c_upper]
    stages = pd.DataFrame(rows, index=names, columns=els)
    pmv = np.array([pm_norm[e] for e in els])
    normalised = stages / pmv
    ratios = pd.DataFrame({"Ni/Te": stages["Ni"] / stages["Te"], "Cu/Te": stages["Cu"] / stages["Te"]})

    expected = {names[0]: "metasomatised mantle and lower crust", names[1]: "metasomatised mantle and lower crust",
                names[3]: "metasomatised mantle and lower crust", names[4]: "metasomatised mantle and lower crust",
                names[6]: "mid crust", names[8]: "mid crust", names[9]: "mid crust", names[10]: "porphyry"}
    brow = []
    for n, band in expected.items():
        nt, ct = float(ratios.loc[n, "Ni/Te"]), float(ratios.loc[n, "Cu/Te"])
        lo, hi = NI_TE_BANDS[band]
        brow.append({"stage": n, "Ni/Te": nt, "Cu/Te": ct, "expected Ni/Te band": band,
                     "band reached": _band(nt, NI_TE_BANDS), "in_band": bool(lo <= nt < hi),
                     "position": _position(nt, lo, hi),
                     "Cu/Te magmatic band": bool(CU_TE_MAGMATIC[0] <= ct < CU_TE_MAGMATIC[1])})
    bands = pd.DataFrame(brow).set_index("stage")
    for n, r in bands.iterrows():
        if not r["in_band"]:
            notes.append(f"{n}: Ni/Te = {r['Ni/Te']:.3g} is in the '{r['band reached']}' band, "
                         f"not Holwell's '{r['expected Ni/Te band']}' band, with published parameters (not tuned)")
        if not r["Cu/Te magmatic band"] and "magma" in n:
            notes.append(f"{n}: Cu/Te = {r['Cu/Te']:.3g} is outside Holwell's magmatic Cu/Te band 1e4-1e5")

    iNi, iTe = els.index("Ni"), els.index("Te")
    d_lb, d_sb = lc["d_bulk"], (1 - x_lower) * d_lower + x_lower * d_sl
    notes.append(f"lower crust: bulk D_Ni = {d_lb[iNi]:.3g} vs D_Te = {d_lb[iTe]:.3g} "
                 f"(x_sulfide = {x_lower:.4f}); Ni/Te falls in the melt only if D_Ni > D_Te, i.e. if "
                 f"D_Te(SL) < {d_sl[iNi] + d_lower[iNi] * (1 - x_lower) / x_lower:.4g}")
    if not mid_saturated:
        notes.append("mid crust: all entrained sulfide dissolved or the melt is undersaturated; "
                     "fractionation without sulfide")
    # sensitivity to the unconstrained entrained fraction
    if _sensitivity:
        args = dict(melt_fractions=mf, F_model=F_model, source=source, enrichment=enrichment, s0=s0,
                    scss_mantle=scss_mantle, delta_fmq=delta_fmq, s_sul=s_sul, f_sl=f_sl,
                    mantle_modes=mantle_modes, lower_modes=lower_modes, F_lower=F_lower, T_lower_K=T_lower_K,
                    mgo_lower=mgo_lower, fo_lower=fo_lower, P_lower_kbar=P_lower_kbar, P_mid_kbar=P_mid_kbar,
                    mid_modes=mid_modes, F_mid=F_mid, T_mid_K=T_mid_K, mgo_mid=mgo_mid, fo_mid=fo_mid,
                    upper_modes=upper_modes, F_upper=F_upper, T_upper_K=T_upper_K, mgo_upper=mgo_upper,
                    fo_upper=fo_upper, d_preset=d_preset, mss_preset=mss_preset, d_sl_user=d_sl_user,
                    d_mss_user=d_mss_user, elements=els, melting_mode=melting_mode, _sensitivity=False)
        for phi in (0.0, 1.0):
            rr = reproduce_holwell(entrained=phi, **args)["ratios"]
            notes.append(f"entrained = {phi:g}: mid-crust magma Ni/Te = {rr.loc['mid-crust magma', 'Ni/Te']:.3g}, "
                         f"Cu/Te = {rr.loc['mid-crust magma', 'Cu/Te']:.3g}; upper-crust magma Ni/Te = "
                         f"{rr.loc['upper-crust magma', 'Ni/Te']:.3g}")
    melting = pd.DataFrame(traj.melt_aggregate if melting_mode == "fractional" else traj.melt, columns=els)
    melting.insert(0, "F", mf)
    melting["Ni/Te"] = melting["Ni"] / melting["Te"]
    melting["Cu/Te"] = melting["Cu"] / melting["Te"]
    dtab = pd.DataFrame({"D_SL_SM": d_sl, "D_MSS_SL": d_mss, "D_sil mantle": d_mantle,
                         "D_sil lower": d_lower, "D_bulk lower (with sulfide)": d_sb,
                         "D_sil mid": d_mid, "D_sil upper": d_upper}, index=els)
    params = dict(F_model=F_model, s0=s0, scss_mantle=scss_mantle, delta_fmq=delta_fmq, s_melt=s_melt,
                  s_sul=s_sul, f_sl=f_sl, enrichment=enrichment, F_exhausted=prim.F_exhausted,
                  F_sl_exhausted=prim.F_sl_exhausted, mantle_modes=mantle_modes, lower_modes=lower_modes,
                  mid_modes=mid_modes, upper_modes=upper_modes, F_lower=F_lower, F_mid=F_mid, F_upper=F_upper,
                  x_sulfide_lower=x_lower, x_sulfide_mid=x_mid, D_Ni_olivine={"lower": ni_lower, "mid": ni_mid,
                                                                              "upper": ni_upper},
                  T_K={"lower": T_lower_K, "mid": T_mid_K, "upper": T_upper_K},
                  melt_MgO={"lower": mgo_lower, "mid": mgo_mid, "upper": mgo_upper},
                  olivine_Fo={"lower": fo_lower, "mid": fo_mid, "upper": fo_upper},
                  entrained=entrained, P_lower_kbar=P_lower_kbar, P_mid_kbar=P_mid_kbar, scss_factor=factor,
                  sulfide_remaining_after_ascent=remaining, mid_crust_saturated=mid_saturated,
                  d_preset=d_preset, mss_preset=mss_preset, d_sl_user=d_sl_user, d_mss_user=d_mss_user)
    result = {"elements": els, "stages": stages, "normalised": normalised, "ratios": ratios, "bands": bands,
              "melting": melting, "d": dtab, "mass_balance": mb, "notes": notes, "parameters": params,
              "conventions": {"units": "ppm", "normalisation": "Palme & O'Neill (2014) primitive mantle",
                              "melting": traj.conventions, "F_crust": "melt fraction remaining per step",
                              "bands": "Holwell et al. (2019) Ni/Te bands; Cu/Te 1e4-1e5 magmatic"},
              "files": []}
    if out_dir is not None:
        result["files"] = _write(result, out_dir, data)
    return result


def holwell_figures(result, data=None):
    """The two figures of the worked example: stage profiles and Te-Ni / Te-Cu trajectories.

    ``result`` is the dict of :func:`reproduce_holwell`; ``data`` (columns Ni, Cu, Te
    in ppm) is drawn under the trajectories with Holwell's bands. Only melt stages
    are drawn (cumulates, residue and sulfide are in the stage table). Returns
    ``(profiles_figure, trajectories_figure)``.
    """
    import pandas as pd
    from matplotlib.figure import Figure

    from metasome.plots import models as pm
    from metasome.plots.chalcophile import HOLWELL_CU_TE_BANDS, HOLWELL_NI_TE_BANDS, plot_te_cu, plot_te_ni

    melts = [n for n in result["normalised"].index
             if "sulfide" not in n and "residue" not in n and "cumulate" not in n]
    prof = result["normalised"].loc[melts].drop(columns=[c for c in ("Se",) if c in result["normalised"]])
    profiles = pm.plot_chalcophile_profiles(prof).figure
    fig = Figure(figsize=(9, 4), layout="constrained")
    a1, a2 = fig.subplots(1, 2)
    st = result["stages"].loc[melts]
    empty = pd.Series(dtype=float)
    for a, other, plot, bands in ((a1, "Ni", plot_te_ni, HOLWELL_NI_TE_BANDS),
                                  (a2, "Cu", plot_te_cu, HOLWELL_CU_TE_BANDS)):
        if data is not None:
            plot(data[other], data["Te"], ax=a, bands=bands)
        else:
            plot(empty, empty, ax=a, bands=bands)
        pm.add_trajectory(a, result["melting"]["Te"], result["melting"][other], labels=None,
                          label="mantle melts 1-10 %")
        pm.add_trajectory(a, st["Te"], st[other], labels=list(st.index), label="stages")
    return profiles, fig


def _write(result, out_dir, data):
    from pathlib import Path

    from metasome.plots.style import save

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    p = out / "holwell2019_stages.csv"
    result["stages"].to_csv(p)
    files.append(p)
    profiles, trajectories = holwell_figures(result, data)
    files += save(profiles, out / "holwell2019_profiles", formats=("png", "svg"))
    files += save(trajectories, out / "holwell2019_te_trajectories", formats=("png", "svg"))
    return files
