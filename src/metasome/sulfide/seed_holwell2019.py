"""Worked example: the trans-lithospheric chalcophile sequence of Holwell et al. (2019).

Metasomatised mantle -> 1-10 % melt (incongruent sulfide melting: sulfide
liquid consumed first, mss retained) -> sulfide-saturated lower-crust magma
(olivine-pyroxene + sulfide fractionation) -> mid crust after ascent, with
part of the lower-crust sulfide entrained and redissolved as the SCSS rises
with falling pressure -> upper crust (sulfide-undersaturated silicate
fractionation). Returns the stage compositions, primitive-mantle-normalised
profiles (Holwell Fig. 3c; Palme & O'Neill 2014) and Ni/Te, Cu/Te.

Every parameter is a keyword with its source; the defaults marked
"assumption" are illustrative choices, not measurements.

References
----------
Holwell, D.A., Fiorentini, M., McDonald, I., et al. (2019) A metasomatized
lithospheric mantle control on the metallogenic signature of post-subduction
magmatism. Nat. Commun. 10, 3511.
Palme, H. & O'Neill, H.St.C. (2014) Treatise on Geochemistry 2nd ed., vol. 3, 1-39.
Lee, C.-T.A. et al. (2012) Science 336, 64-68. Jugo, P.J. et al. (2010) GCA 74, 5926.
Fortin, M.-A. et al. (2015) GCA 160, 100-116. Kerr & Leitch (2005) Econ. Geol. 100, 311.
Zhao, Z. et al. (2022) (f_SL = 0.8, as used by yumzh3/melt_xtal; science.md §3.7).
"""

from __future__ import annotations

import numpy as np

#: Holwell et al. (2019) plot order (decreasing compatibility), plus Se.
ELEMENTS = ("Ni", "Co", "Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Cu", "Te", "Se")

#: Silicate bulk D of the PGE, Au, Te, Se (assumption: poorly known, all
#: much smaller than their sulfide D; Os, Ir, Ru, Rh set near 1 for spinel /
#: alloy hosts, after the discussion of Rehkämper et al. 1999 GCA 63, 3915).
D_SIL_ASSUMED = {"Os": 1.0, "Ir": 1.0, "Ru": 1.0, "Rh": 0.5, "Pt": 0.05, "Pd": 0.03,
                 "Au": 0.01, "Te": 0.01, "Se": 0.01}

#: Mantle modes (spinel lherzolite; assumption, typical fertile lherzolite).
MANTLE_MODES = {"ol": 0.57, "opx": 0.25, "cpx": 0.15, "sp": 0.03}
#: Crystallising silicate assemblage in the lower and mid crust (assumption).
CRUST_MODES = {"ol": 0.4, "cpx": 0.6}
#: Upper-crust assemblage (assumption; plagioclase-bearing, no sulfide).
UPPER_MODES = {"ol": 0.1, "cpx": 0.5, "plag": 0.4}


def _d_silicate(modes, assemblage, elements, extra):
    from metasome.melting.partition import kd_matrix

    m = kd_matrix(assemblage)
    out = []
    for el in elements:
        if el in extra:
            out.append(extra[el])
        else:
            row = m.loc[el]
            out.append(sum(w * row[mn] for mn, w in modes.items()))
    return np.asarray(out, float)


def reproduce_holwell(out_dir=None, *, melt_fractions=np.linspace(0.01, 0.10, 10), F_model=0.05,
                      source=None, enrichment=None, s0=200.0, scss_mantle=1000.0, delta_fmq=1.0,
                      s_sul=363636.0, f_sl=0.8, scss2_lower=800.0, F_lower=0.8,
                      entrained=0.5, P_lower_kbar=10.0, P_mid_kbar=4.0, T_K=1423.15,
                      F_mid=0.8, F_upper=0.7, d_preset="Holwell2019", mss_preset="Fleet1993",
                      melting_mode="fractional", data=None):
    """Run the Holwell et al. (2019) sequence; return compositions, profiles and ratios.

    Parameters
    ----------
    out_dir : path, optional
        If given, write ``holwell2019_stages.csv`` and figures (profiles,
        Te-Ni, Te-Cu) there.
    melt_fractions : array_like
        Melt fractions for the mantle-melting trajectory (1-10 %).
    F_model : float
        Melt fraction of the melt carried into the crust.
    source, enrichment : dict, optional
        Source composition (ppm; default Palme & O'Neill 2014 PM from
        :mod:`metasome.reference`) and multiplicative metasomatic enrichment
        (default Au x2, Te x2: assumption illustrating the Au-Te anomalies of
        metasomatised xenoliths, Holwell Fig. 1c-d).
    s0, scss_mantle, delta_fmq, s_sul : float
        Source S (ppm), SCSS of the mantle melt (ppm S2-), fO2 (dFMQ, Jugo
        2010 S6+ correction) and sulfide S (ppm).
    f_sl : float
        Sulfide-liquid fraction of the mantle sulfide (0.8, Zhao et al. 2022).
    scss2_lower : float
        SCSS (S2-, ppm) of the lower-crust magma (assumption), raised by the
        same S6+ correction (``delta_fmq``) to total S.
    F_lower, F_mid, F_upper : float
        Melt fraction remaining after each crustal fractionation step.
    entrained : float
        Fraction of the lower-crust sulfide carried up with the melt.
    P_lower_kbar, P_mid_kbar, T_K : float
        Pressures and temperature for the SCSS rise on ascent (Fortin 2015 P term).
    d_preset, mss_preset : str
        Sulfide partition presets (:func:`metasome.sulfide.sulfide_d`).
    data : DataFrame, optional
        Real data (columns Ni, Cu, Te in ppm) drawn on the Te-Ni/Te-Cu plots.

    Returns
    -------
    dict
        ``elements``, ``stages`` (DataFrame, ppm), ``normalised`` (÷ PM),
        ``ratios`` (Ni/Te, Cu/Te per stage), ``melting`` (trajectory over
        ``melt_fractions``), ``parameters``, ``conventions``, ``files``.

    References
    ----------
    Holwell et al. (2019) Nat. Commun. 10, 3511; see module references.
    """
    import pandas as pd

    from metasome.melting.processes import rayleigh
    from metasome.sulfide.chalcophile import melt_chalcophile
    from metasome.sulfide.partition import sulfide_d
    from metasome.sulfide.processes import crystallise_sulfide_saturated, dissolve_sulfide
    from metasome.sulfide.sulfur import scss_pressure_factor, total_s_at_saturation

    els = list(ELEMENTS)
    if source is None:
        from metasome.reference import get

        pm = get("PM_PalmeONeill2014").ppm()
        source = {e: float(pm[e]) for e in els}
    pm_norm = dict(source)
    enrichment = {"Au": 2.0, "Te": 2.0} if enrichment is None else enrichment
    c0 = np.array([source[e] * enrichment.get(e, 1.0) for e in els])
    d_sl = sulfide_d(d_preset, "D_SL_SM", elements=els).to_numpy()
    d_mss = sulfide_d(mss_preset, "D_MSS_SL", elements=els).to_numpy()
    d_mantle = _d_silicate(MANTLE_MODES, "peridotite", els, D_SIL_ASSUMED)
    d_crust = _d_silicate(CRUST_MODES, "basalt_syenite", els, D_SIL_ASSUMED)
    d_upper = _d_silicate(UPPER_MODES, "basalt_syenite", els, D_SIL_ASSUMED)
    s_melt = float(total_s_at_saturation(scss_mantle, delta_fmq=delta_fmq))

    mf = np.asarray(melt_fractions, float)
    traj = melt_chalcophile(c0, d_mantle, d_sl, mf, s0=s0, s_melt=s_melt, s_sul=s_sul,
                            f_sl=f_sl, d_mss=d_mss, mode=melting_mode)
    melts = traj.melt_aggregate if melting_mode == "fractional" else traj.melt
    prim = melt_chalcophile(c0, d_mantle, d_sl, np.array([F_model]), s0=s0, s_melt=s_melt,
                            s_sul=s_sul, f_sl=f_sl, d_mss=d_mss, mode=melting_mode)
    c_prim = (prim.melt_aggregate if melting_mode == "fractional" else prim.melt)[0]
    s_prim = s_melt if F_model < s0 / s_melt else s0 / F_model

    scss_lower = float(total_s_at_saturation(scss2_lower, delta_fmq=delta_fmq))
    lc = crystallise_sulfide_saturated(c_prim, d_crust, d_sl, np.array([F_lower]), s0=s_prim,
                                       scss=scss_lower, s_sul=s_sul)
    c_lower = lc["melt"][0]
    sul_mass = float(lc["sulfide_removed"][0])
    tenor = lc["sulfide_tenor"][0]
    melt_lower = (1.0 - lc["x0"]) * F_lower
    # ascent: entrained sulfide redissolves as SCSS rises (Fortin 2015 pressure term)
    factor = float(scss_pressure_factor(P_lower_kbar, P_mid_kbar, T_K))
    capacity = scss_lower * (factor - 1.0)
    x_ent = entrained * sul_mass / (melt_lower + entrained * sul_mass)
    if x_ent > 0:
        diss = dissolve_sulfide(c_lower, tenor, d_sl, x_ent, capacity=capacity, s_sul=s_sul)
        c_redissolved = diss["melt"]
        remaining = diss["remaining"]
    else:
        c_redissolved, remaining = c_lower, 1.0
    # mid crust: crystallisation with sulfide if still saturated, else silicate only
    scss_mid = scss_lower * factor
    s_mid = min(scss_mid, (melt_lower * scss_lower + entrained * sul_mass * s_sul * (1 - remaining))
                / (melt_lower + entrained * sul_mass * (1 - remaining)))
    mc = crystallise_sulfide_saturated(c_redissolved, d_crust, d_sl, np.array([F_mid]), s0=s_mid,
                                       scss=scss_mid, s_sul=s_sul)
    c_mid = mc["melt"][0]
    c_upper = rayleigh(c_mid, d_upper, F_upper)

    stage_names = ["metasomatised mantle", f"mantle melt F={F_model:.2f}", "lower-crust magma",
                   "lower-crust sulfide", "mid-crust magma after redissolution", "mid-crust magma",
                   "upper-crust magma"]
    stages = pd.DataFrame([c0, c_prim, c_lower, tenor, c_redissolved, c_mid, c_upper],
                          index=stage_names, columns=els)
    pmv = np.array([pm_norm[e] for e in els])
    normalised = stages / pmv
    ratios = pd.DataFrame({"Ni/Te": stages["Ni"] / stages["Te"], "Cu/Te": stages["Cu"] / stages["Te"]})
    melting = pd.DataFrame(melts, columns=els)
    melting.insert(0, "F", mf)
    melting["Ni/Te"] = melting["Ni"] / melting["Te"]
    melting["Cu/Te"] = melting["Cu"] / melting["Te"]
    params = dict(scss_lower=scss_lower, F_model=F_model, s0=s0, scss_mantle=scss_mantle, delta_fmq=delta_fmq, s_melt=s_melt,
                  s_sul=s_sul, f_sl=f_sl, scss2_lower=scss2_lower, F_lower=F_lower, entrained=entrained,
                  P_lower_kbar=P_lower_kbar, P_mid_kbar=P_mid_kbar, T_K=T_K, scss_factor=factor,
                  F_mid=F_mid, F_upper=F_upper, d_preset=d_preset, mss_preset=mss_preset,
                  enrichment=enrichment, F_exhausted=prim.F_exhausted,
                  F_sl_exhausted=prim.F_sl_exhausted, sulfide_remaining_after_ascent=remaining,
                  mantle_modes=MANTLE_MODES, crust_modes=CRUST_MODES, upper_modes=UPPER_MODES,
                  d_sil_assumed=D_SIL_ASSUMED)
    result = {"elements": els, "stages": stages, "normalised": normalised, "ratios": ratios,
              "melting": melting, "parameters": params,
              "conventions": {"units": "ppm", "normalisation": "Palme & O'Neill (2014) primitive mantle",
                              "melting": traj.conventions, "F_crust": "melt fraction remaining per step"},
              "files": []}
    if out_dir is not None:
        result["files"] = _write(result, out_dir, data)
    return result


def _write(result, out_dir, data):
    from pathlib import Path

    from matplotlib.figure import Figure

    from metasome.plots import models as pm
    from metasome.plots.style import save

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    p = out / "holwell2019_stages.csv"
    result["stages"].to_csv(p)
    files.append(p)
    ax = pm.plot_chalcophile_profiles(result["normalised"].drop(columns=["Se"]))
    files += save(ax.figure, out / "holwell2019_profiles", formats=("png", "svg"))
    fig = Figure(figsize=(8, 3.5), layout="constrained")
    a1, a2 = fig.subplots(1, 2)
    st = result["stages"].drop(index=["lower-crust sulfide"])
    for a, other in ((a1, "Ni"), (a2, "Cu")):
        if data is not None:
            pm.plot_data_te(data, other, ax=a)
        pm.add_trajectory(a, result["melting"]["Te"], result["melting"][other], labels=None,
                          label="mantle melts 1-10 %")
        pm.add_trajectory(a, st["Te"], st[other], labels=list(st.index), label="crustal stages")
    files += save(fig, out / "holwell2019_te_trajectories", formats=("png", "svg"))
    return files
