"""Report sections for the worked models of the two seed studies.

* Qiu et al. (2025): binary mixing curves with proportion ticks (Fig. 4) and
  Monte Carlo source simulations as violins (Fig. 6), from
  :func:`metasome.mixing.seed_qiu2025.build_qiu`.
* Holwell et al. (2019): the trans-lithospheric chalcophile sequence (Fig. 3c
  profiles, Ni/Te and Cu/Te trajectories on the Te-Ni and Te-Cu plots), from
  :func:`metasome.sulfide.reproduce_holwell`, drawn over the real data of the run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .document import FigureWriter, Section, Table


def _pct(f: float) -> str:
    return "n/a" if f is None or not np.isfinite(f) else f"{100 * f:.1f} %"


def qiu_section(config, figures: FigureWriter, executor=None, samples: pd.DataFrame | None = None):
    """Mixing and Monte Carlo section; returns (section, provenance, tables to write).

    ``executor`` (:func:`metasome.parallel.executor_for`) runs the Monte Carlo draws; the numbers are
    those of the serial run. ``samples`` (d7Li, d138/134Ba and eNd columns of the report's inputs) are
    drawn on the mixing panels, and their end-member fractions summarised.
    """
    from ..mixing.seed_qiu2025 import build_qiu

    mc = config.montecarlo
    res = build_qiu(n_mc=mc.draws, seed=config.seed, scenarios=mc.scenarios, cap=mc.recycled_cap,
                    executor=executor, samples=samples)
    figs = [
        figures.add(res.pop("fig4"), "qiu2025_fig4_mixing",
                    "Binary mixing between the SCLM and recycled end-members (UCC, weathered crust, AOC) in "
                    "d7Li-d138/134Ba, eNd-d7Li and eNd-d138/134Ba space, ticks at 1-50 % recycled material, "
                    "with the Luxi and Saima ranges reported by Qiu et al. (2025) (Fig. 4 analogue)."),
        figures.add(res.pop("fig6"), "qiu2025_fig6_montecarlo",
                    f"Monte Carlo d7Li of mantle + recycled reservoirs ({mc.draws:,} draws per "
                    f"scenario, recycled fraction up to {100 * mc.recycled_cap:g} %, seed {config.seed}) beside "
                    "published ranges "
                    "(Qiu et al. 2025 Fig. 6 analogue)."),
    ]
    per = res["proportions"]["per_system"]["weathered crust"]
    box = res["proportions"]["inside_li_ba_box"]
    text = [_samples_on_the_model(samples)]
    for group in ("Luxi", "Saima"):
        li = per["d7Li"][group][0]
        ba = per["d138/134Ba"][group][0]
        text.append(f"{group}: the lightest reported d7Li needs {_pct(li)} weathered crust in the SCLM and the "
                    f"lightest d138/134Ba {_pct(ba)}; along the mantle-weathered-crust curve the reported "
                    f"Li-Ba box spans {_pct(box['weathered crust'][group][0])} to "
                    f"{_pct(box['weathered crust'][group][1])}.")
    lo, hi = res["paper_range"]
    text.append(f"Qiu et al. (2025) state that {_pct(lo)}-{_pct(hi)} of sediment or crustal material explains the "
                "Luxi and Saima isotopes; the single-system fractions above differ between Li and Ba, so no one "
                "binary mixture fits both systems at once with these end-member concentrations.")
    overlap = res["mc_range_overlap"]
    best = max(overlap, key=lambda s: np.mean(list(overlap[s].values())))
    text.append("Share of each reported d7Li range inside the scenario's 95 % range: " + "; ".join(
        f"{scn}: " + ", ".join(f"{g} {100 * v:.0f} %" for g, v in groups.items())
        for scn, groups in overlap.items()) + f". The best match is '{best}'.")
    text.append("Limitations (recorded in provenance): " + "; ".join(res["conventions"].get("limitations", [])))
    summary = pd.DataFrame(res["mc_summary"])
    section = Section("Mixing models and Monte Carlo (Qiu et al. 2025)", text, figs,
                      [Table("Monte Carlo d7Li per scenario", summary)])
    prov = {k: v for k, v in res.items() if k in ("conventions", "paper_range")}
    return section, prov, {"qiu2025_montecarlo_summary": summary}


def _samples_on_the_model(samples: pd.DataFrame | None) -> str:
    """What the section shows of the report's own analyses: how many are drawn, and the weathered-crust
    fraction their d7Li, d138/134Ba and eNd each call for; or that the model is the paper's alone."""
    from ..mixing.seed_qiu2025 import FIG4_SYSTEMS, sample_fractions

    model = ("This section rebuilds the published model of Qiu et al. (2025) for the Luxi and Saima "
             "carbonatite-syenite complexes (SCLM mixed with upper crust, weathered crust or altered oceanic "
             "crust).")
    counts = {s: int(samples[s].notna().sum()) for s in FIG4_SYSTEMS
              if samples is not None and s in samples.columns}
    if not any(counts.values()):
        return model + (" None of this report's analyses has d7Li, d138/134Ba or a measured eNd, so none is "
                        "drawn on it.")
    fractions = sample_fractions(samples)["weathered crust"]
    parts = []
    for system, f in fractions.items():
        f = f[np.isfinite(f)]
        on = f[(f >= 0) & (f <= 1)]
        if len(on):
            parts.append(f"{system}: {len(on)} of {len(f)} on the mixing line, median {_pct(float(np.median(on)))}")
        elif len(f):
            parts.append(f"{system}: none of {len(f)} on the mixing line")
    drawn = int((samples[[s for s in counts]].notna().sum(axis=1) >= 2).sum())
    return (model + " Of this report's analyses, " + ", ".join(f"{n} have {s}" for s, n in counts.items() if n)
            + (f"; {drawn} with two of these systems are drawn on the mixing panels" if drawn else
               "; none has two of these systems, so none is drawn on the two-system panels")
            + ". Weathered crust in the SCLM that each system alone calls for: " + "; ".join(parts)
            + " (closed-form binary inversion with the end-members above; off the line means beyond the SCLM "
              "or the crustal end-member; sample eNd is compared with present-day end-member eNd).")


def holwell_section(config, figures: FigureWriter, data: pd.DataFrame | None = None):
    """The chalcophile continuum; ``data`` (Ni, Cu, Te ppm) is drawn under the model trajectories."""
    from ..sulfide import reproduce_holwell
    from ..sulfide.seed_holwell2019 import holwell_figures

    res = reproduce_holwell(None)
    profiles, trajectories = holwell_figures(res, data)
    figs = [figures.add(profiles, "holwell2019_profiles",
                        "Modelled chalcophile profiles (primitive-mantle normalised, Palme & O'Neill 2014) of the "
                        "melt at each stage of the trans-lithospheric sequence (Holwell et al. 2019 Fig. 3c "
                        "analogue)."),
            figures.add(trajectories, "holwell2019_trajectories",
                        "Model Ni/Te and Cu/Te through the lithosphere (mantle melts at 1-10 % melting, then each "
                        "crustal stage) over the analyses of this run, with the levels of Holwell et al. (2019).")]
    stages: pd.DataFrame = res["stages"]
    ratios = pd.DataFrame(res["ratios"])
    text = ["Ni/Te and Cu/Te of each model stage: " + "; ".join(
        f"{stage}: Ni/Te {row['Ni/Te']:.3g}, Cu/Te {row['Cu/Te']:.3g}" for stage, row in ratios.iterrows()) + "."]
    text += ["Ni/Te relative to the Holwell et al. (2019) bands: " + "; ".join(
        f"{stage}: {row['Ni/Te']:.3g}, {row['position']} ({row['expected Ni/Te band']})"
        for stage, row in res["bands"].iterrows()) + "."]
    text += [str(n) for n in res.get("notes", [])]
    prov = {"parameters": res.get("parameters", {}), "conventions": res.get("conventions", {})}
    table = stages.reset_index(names="stage")
    frames = {"holwell2019_stages": table, "holwell2019_ratios": ratios.reset_index(names="stage")}
    return Section("Chalcophile continuum model (Holwell et al. 2019)", text, figs,
                   [Table("Model stage compositions (ppm)", table)]), prov, frames
