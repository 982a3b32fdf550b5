"""Benchmark: metasome chalcophile melting vs PySulfSat ``Lee_Wieser_sulfide_melting``.

Same case (Lee et al. 2012 workbook defaults: S0 200 ppm, S_sul 363636 ppm,
S_melt 980.787 ppm, Cu 30 ppm, D_sul 800, spinel-lherzolite modes), 1,000
melt fractions 0..0.3. PySulfSat runs the workbook's discrete recurrence;
metasome's ``lee2012_recurrence`` is the same recurrence (compared to 1e-4
relative), and ``melt_chalcophile`` is its continuous limit (difference is
the O(dF) discretisation of the recurrence, printed). Then a 1e5 melt
fraction x 12 element grid with the closed form.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd


def _best(fn, repeat=5):
    t = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return min(t)


def main():
    import PySulfSat as ss

    from metasome.sulfide import lee2012_recurrence, melt_chalcophile

    F = np.linspace(0, 0.3, 1000)
    modes = pd.DataFrame({"ol": [0.6], "opx": [0.2], "cpx": [0.18], "sp": [0.02]})
    kds = pd.DataFrame({"element": ["Cu"], "ol": [0.048], "opx": [0.034], "cpx": [0.043],
                        "sp": [0.223], "sulf": [800.0]})
    dsil = float((modes.iloc[0] * kds[["ol", "opx", "cpx", "sp"]].iloc[0]).sum())
    kw = dict(s0=200.0, s_melt=980.7872088, s_sul=363636.0)

    def run_pss():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ss.Lee_Wieser_sulfide_melting(Modes=modes, KDs=kds, F=F, S_Sulf=363636, elem_Per=30,
                                                 S_Mantle=200, S_Melt_SCSS_2_ppm=980.7872088, Prop_S6=0)

    ref = run_pss()
    rec = lee2012_recurrence(30.0, dsil, 800.0, F, **kw)
    cf = melt_chalcophile(30.0, dsil, 800.0, F[1:], **kw)
    agg_ref = ref["Cu_Melt_Agg"].to_numpy()[1:]
    dev_rec = np.max(np.abs(rec["melt_aggregate"][1:] / agg_ref - 1))
    dev_res = np.max(np.abs(rec["residue"] / ref["Cu_Residue"].to_numpy() - 1))
    dev_cf = np.max(np.abs(cf.melt_aggregate / agg_ref - 1))
    t_pss = _best(run_pss, 3)
    t_rec = _best(lambda: lee2012_recurrence(30.0, dsil, 800.0, F, **kw), 50)
    t_cf = _best(lambda: melt_chalcophile(30.0, dsil, 800.0, F[1:], **kw), 50)

    Fbig = np.linspace(0, 0.3, 100_000)
    c0 = np.linspace(1, 12, 12)
    d_sil = np.geomspace(0.01, 5, 12)
    d_sl = np.geomspace(50, 1e6, 12)
    t_grid = _best(lambda: melt_chalcophile(c0, d_sil, d_sl, Fbig, f_sl=0.8, d_mss=0.5, **{**kw}), 5)
    t_grid_rec = _best(lambda: lee2012_recurrence(c0, d_sil, d_sl, Fbig, **kw), 5)

    rows = [
        ("PySulfSat Lee_Wieser_sulfide_melting, 1000 F", t_pss, "reference", ""),
        ("metasome lee2012_recurrence, 1000 F", t_rec, f"{t_pss / t_rec:,.0f}x",
         f"max rel dev agg {dev_rec:.1e}, residue {dev_res:.1e}"),
        ("metasome melt_chalcophile (closed form), 1000 F", t_cf, f"{t_pss / t_cf:,.0f}x",
         f"continuous limit; max rel dev vs recurrence {dev_cf:.1e} (step dF=3e-4)"),
        ("metasome melt_chalcophile, 1e5 F x 12 elements", t_grid, "", "target < 1 s"),
        ("metasome lee2012_recurrence, 1e5 F x 12 elements", t_grid_rec, "", ""),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"{'case':<{w}}  {'time (s)':>10}  {'speed-up':>9}  note")
    for name, t, sp, note in rows:
        print(f"{name:<{w}}  {t:10.5f}  {sp:>9}  {note}")
    return rows


if __name__ == "__main__":
    main()
