"""Worked example: rebuild Qiu et al. (2025) Fig. 4 (binary mixing) and Fig. 6 (Monte Carlo).

End-members (packaged library, see citations and ``status`` there):

* mantle (SCLM): d7Li +3.5 ± 1.0, d138/134Ba +0.03..+0.05 (Qiu et al. 2025, after
  Marschall et al. 2017 and Wu et al. 2023); concentrations of primitive mantle
  (McDonough & Sun 1995) because Qiu's Table S6 was not available; eNd = 0 (BSE) assumed.
* UCC: d7Li +0.6, d138/134Ba 0.00 (Sauzéat et al. 2015; Nan et al. 2018 as quoted by
  Qiu); Li, Ba, Nd of Rudnick & Gao (2003); eNd -10.3 (Chauvel et al. 2014, unsure).
* weathered/dehydrated crust: d7Li -6, d138/134Ba -0.3 (Qiu); UCC concentrations assumed.
* AOC: d7Li +10, d138/134Ba +0.4 (Qiu); Li, Ba, Nd mid-points of approximate ranges (unsure).

Observed ranges are the seed's reported ranges (Luxi t = 130 Ma, Saima t = 230 Ma).
The eNd(t) of the samples are compared with present-day end-member eNd: the
end-member eNd at t is not stated in the seed (a limitation recorded in the output).

Fig. 6: the Methods of the seed paper defer the Monte Carlo set-up to the
Supplementary Material, which was not available; the only stated parameter is the
cap of 30 % recycled material. The reproduction therefore uses the module's
documented default prior (recycled fraction ~ U(0, 0.30), Dirichlet(1) split) and
the library's ranges for the recycled reservoirs.

References
----------
Qiu, K.-F. et al. (2025) Nat. Commun., doi:10.1038/s41467-025-66213-w.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.mixing.binary import invert_binary
from metasome.mixing.endmembers import load_library
from metasome.mixing.montecarlo import DEFAULT_CAP, coverage, default_scenarios, simulate
from metasome.mixing.ncomp import curve, element_of

BA = "d138/134Ba"
#: Ranges reported in the seed (Results section): Luxi t = 130 Ma, Saima t = 230 Ma.
SEED_RANGES = {
    "Luxi": {"d7Li": (-4.64, 4.85), BA: (-0.26, 0.13), "eNd": (-15.65, -7.63), "87Sr/86Sr": (0.7068, 0.7112),
             "Li": (1.8, 108), "Ba": (1436, 4573)},
    "Saima": {"d7Li": (-2.2, 4.1), BA: (-0.22, 0.01), "eNd": (-14.1, -11.7), "87Sr/86Sr": (0.7072, 0.7086),
              "Li": (20, 88), "Ba": (1431, 4440)},
}
#: The seed's stated result.
PAPER_RANGE = (0.10, 0.20)
#: Published d7Li ranges drawn beside the violins (../shared/data/literature_ranges).
LITERATURE_D7LI = [
    ("MORB (Tomascak 2008)", 1.6, 5.6), ("Arc lavas CAVA (Chan 1999/2002)", -2.6, 7.7),
    ("Izu arc (Moriguti & Nakamura 1998)", 1.1, 7.6), ("Mianning-Dechang (Tian 2015)", -4.5, 10.8),
    ("Marine sediments (Chan 2006)", -4.3, 14.5), ("Altered basalt IODP 329", 1.7, 11.6),
]


def _endmembers(lib):
    m = lib["SCLM_Qiu25"]
    ucc = lib["UCC_RG03"]
    wc = lib["WCRUST_Qiu25"]
    aoc = lib["AOC_Qiu25"]
    return m, {"UCC": ucc, "weathered crust": wc, "AOC": aoc}


def _f_inside_box(cv, box):
    (x0, x1), (y0, y1) = box
    inside = (cv.x >= x0) & (cv.x <= x1) & (cv.y >= y0) & (cv.y <= y1) & (cv.f > 0)
    if not inside.any():
        return (np.nan, np.nan)
    return float(cv.f[inside].min()), float(cv.f[inside].max())


def proportions(lib=None) -> dict:
    """Fractions of each crustal end-member needed to reach the seed's ranges.

    Returns ``{end-member: {system: {group: (f at the range end nearer the mantle,
    f at the far end)}}}`` by the closed-form inversion, and the f interval along
    each curve inside each group's d7Li-d138/134Ba box.
    """
    lib = lib or load_library()
    m, crust = _endmembers(lib)
    out = {"per_system": {}, "inside_li_ba_box": {}}
    for name, e in crust.items():
        out["per_system"][name] = {}
        for s in ("d7Li", BA, "eNd"):
            el = element_of(s)
            res = {}
            for g, rng in SEED_RANGES.items():
                f = invert_binary(np.array(rng[s]), e[el], m[el], e[s], m[s])
                res[g] = tuple(float(v) if 0 <= v <= 1 else float("nan") for v in f)
            out["per_system"][name][s] = res
        cv = curve(m, e, x="d7Li", y=BA, n=20001)
        out["inside_li_ba_box"][name] = {g: _f_inside_box(cv, (r["d7Li"], r[BA])) for g, r in SEED_RANGES.items()}
    return out


#: The isotope systems of Qiu Fig. 4, as sample columns may give them.
FIG4_SYSTEMS = ("d7Li", BA, "eNd")


def sample_fractions(samples, lib=None) -> dict:
    """Per sample and system, the mass fraction of each crustal end-member in its binary mixture with the
    SCLM that gives the sample's value (closed form, :func:`metasome.mixing.binary.invert_binary`; values
    outside 0..1 mean the sample lies off that mixing line and are kept as computed).

    Returns ``{end-member: {system: ndarray}}`` for the systems of :data:`FIG4_SYSTEMS` in ``samples``.
    """
    lib = lib or load_library()
    m, crust = _endmembers(lib)
    systems = [s for s in FIG4_SYSTEMS if s in samples.columns]
    return {name: {s: invert_binary(samples[s].to_numpy(dtype=float), e[element_of(s)], m[element_of(s)],
                                    e[s], m[s]) for s in systems}
            for name, e in crust.items()}


def build_qiu(*, n_mc: int = 1_000_000, seed: int = 2025, scenarios=None, cap: float = DEFAULT_CAP,
              executor=None, samples=None) -> dict:
    """Rebuild Qiu Fig. 4 and Fig. 6 as matplotlib figures; return them with the numbers behind them.

    ``scenarios`` names the Monte Carlo scenarios of :func:`default_scenarios` to run (default: all
    three), ``cap`` is the largest recycled fraction, and ``executor`` (a process pool or a Dask
    client's executor) runs the draws' chunks; the numbers do not depend on it
    (:func:`metasome.mixing.simulate`).

    Returns a dict with ``fig4`` and ``fig6`` (matplotlib Figures), ``curves`` (tick
    positions per panel and end-member), ``proportions`` (:func:`proportions`),
    ``paper_range``, ``mc_summary`` (quantiles per scenario), ``mc_range_overlap``
    (share of each group's published d7Li range inside each scenario's 95 % range),
    ``mc_coverage_of_range_endpoints`` and ``conventions``. ``samples`` (a DataFrame with any of the
    columns of :data:`FIG4_SYSTEMS`) are drawn on each Fig. 4 panel whose two columns they have.
    """
    from matplotlib.figure import Figure

    from metasome.plots import mixing as pm
    from metasome.plots import style

    lib = load_library()
    m, crust = _endmembers(lib)
    panels = [("d7Li", BA), ("d7Li", "eNd"), (BA, "eNd")]
    ticks = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
    with style.style():
        fig4 = Figure(figsize=(11, 3.6), layout="constrained")
        axes = fig4.subplots(1, 3)
    curves_out = {}
    for ax, (x, y) in zip(axes, panels):
        cs = [curve(m, e, x=x, y=y, ticks=ticks) for e in crust.values()]
        boxes = [(g, *r[x], *r[y]) for g, r in SEED_RANGES.items()]
        pm.plot_mixing_curves(cs, ax=ax, boxes=boxes, label_ticks=True, samples=_panel_samples(samples, x, y))
        curves_out[f"{x} vs {y}"] = {c.b: dict(zip(c.tick_labels, zip(c.tick_x.round(4), c.tick_y.round(4))))
                                     for c in cs}

    sc = _chosen(default_scenarios(lib), scenarios)
    res = simulate(sc, ["d7Li"], n=n_mc, seed=seed, cap=cap, executor=executor)
    sim = {k: v["d7Li"] for k, v in res.results.items()}
    observed_ranges = [(f"{g} (Qiu 2025)", *r["d7Li"]) for g, r in SEED_RANGES.items()]
    fig6 = pm.plot_mc_violins(sim, literature=observed_ranges + LITERATURE_D7LI).figure

    summary = res.summary()
    overlap = {}
    for scn, r in sim.items():
        lo, hi = r.range95()
        overlap[scn] = {}
        for g, rr in SEED_RANGES.items():
            a, b = rr["d7Li"]
            overlap[scn][g] = float(max(0.0, min(b, hi) - max(a, lo)) / (b - a))
    # endpoints of the reported ranges as pseudo-observations (no per-sample table in the seed)
    cov = coverage(res, {g: list(r["d7Li"]) for g, r in SEED_RANGES.items()})
    return {
        "fig4": fig4,
        "fig6": fig6,
        "curves": curves_out,
        "proportions": proportions(lib),
        "paper_range": PAPER_RANGE,
        "mc_summary": summary.to_dict(orient="records"),
        "mc_range_overlap": overlap,
        "mc_coverage_of_range_endpoints": cov.to_dict(),
        "conventions": {**res.conventions,
                        "limitations": ["Qiu Table S6 (concentrations) and MC settings (SI) not available: "
                                        "library values and default prior used",
                                        "sample eNd(t) compared with present-day end-member eNd"]},
    }


def _panel_samples(samples, x: str, y: str):
    """The samples with both coordinates of a panel, or None."""
    if samples is None or x not in samples.columns or y not in samples.columns:
        return None
    both = samples[[x, y]].dropna()
    return both if len(both) else None


def _chosen(available, names):
    if names is None:
        return available
    by_name = {sc.name: sc for sc in available}
    unknown = [n for n in names if n not in by_name]
    if unknown or not names:
        raise MetasomeInputError(f"Monte Carlo scenarios must be among {', '.join(by_name)}; got "
                                 f"{', '.join(map(repr, unknown)) or 'none'}")
    return [by_name[n] for n in names]


def reproduce_qiu(out_dir, *, n_mc: int = 1_000_000, seed: int = 2025, formats=("png",)) -> dict:
    """Rebuild Qiu Fig. 4 and Fig. 6 in ``out_dir``; return the numbers behind them.

    The dict is that of :func:`build_qiu` without the figures, plus ``files`` written.
    """
    from metasome.plots import style

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = build_qiu(n_mc=n_mc, seed=seed)
    files = style.save(result.pop("fig4"), out_dir / "qiu2025_fig4_mixing", formats)
    files += style.save(result.pop("fig6"), out_dir / "qiu2025_fig6_montecarlo", formats)
    return {**result, "files": [str(p) for p in files]}
