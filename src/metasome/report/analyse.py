"""Data-driven report sections: classification, trace elements, chalcophile elements, isotopes.

Each function receives the canonical values, the derived columns and one group
label per row, draws with :mod:`metasome.plots`, and writes sentences whose
numbers are computed here from the data. A section is returned only when the
data hold what it needs (so a table without isotopes gets no isotope section).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .document import FigureWriter, Section, Table

#: Ratio columns summarised per group in the trace-element section.
SUMMARY_RATIOS = ("Th/Yb", "Nb/Yb", "Ba/La", "Zr/Nb", "Sr/Y", "La/Yb", "(La/Yb)N", "Ce/Ce*", "Eu/Eu*",
                  "REE (ppm)")
#: Fewest spider-diagram elements (each analysed in >= 3 rows) for which a spider diagram is drawn.
MIN_SPIDER_ELEMENTS = 6
#: Ni/Te bands of Holwell et al. (2019) Fig. 2a (lower, upper, name).
NI_TE_LEVELS = ((1e5, 1e6, "depleted mantle"), (1e4, 1e5, "metasomatised mantle / lower crust"),
                (1e3, 1e4, "mid crust"), (1e1, 1e3, "porphyry"), (1e0, 1e1, "epithermal"))


def _g(x: float) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.3g}"


def _has(values: pd.DataFrame, *columns: str, least: int = 1) -> bool:
    present = [c for c in columns if c in values.columns]
    if len(present) < len(columns):
        return False
    return int(values[present].notna().all(axis=1).sum()) >= least


def _new_ax(figsize=(5.0, 3.8)):
    from ..plots.style import get_ax

    return get_ax(None, figsize=figsize)


def _fig(ncols: int, figsize):
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, list(np.atleast_1d(fig.subplots(1, ncols)))


def _legend_outside(fig, ax) -> None:
    """One legend for the figure, to the right of the panels, so no data point is hidden."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside right upper", frameon=False)


def _median_by_group(frame: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    stats = frame.groupby(groups.to_numpy(), sort=False).median(numeric_only=True)
    counts = frame.notna().groupby(groups.to_numpy(), sort=False).sum()
    out = stats.copy()
    for c in stats.columns:
        out[c] = [f"{_g(m)} (n={int(n)})" if n else "" for m, n in zip(stats[c], counts[c])]
    return out.reset_index(names="group")


def classification_section(values, derived, groups, colours, figures: FigureWriter, label: str):
    """TAS (volcanic and plutonic) diagrams, field counts and alkalinity.

    Only analyses with the complete major-oxide set are renormalised, drawn and classified
    (:func:`metasome.classify.derive.majors_complete`); analyses with SiO2 and alkalis but not the
    rest are counted in the text, not drawn at inflated renormalised values.
    """
    from ..classify.derive import REQUIRED_MAJORS, majors_complete
    from ..names import column_values

    if "TAS volcanic" not in derived.columns:
        return None
    complete = majors_complete(values)
    partial = int((~complete & np.isfinite(column_values(values, "SiO2"))
                   & np.isfinite(column_values(values, "Na2O") + column_values(values, "K2O"))).sum())
    lacking = (f"{partial} analyses with SiO2, Na2O and K2O lack one of {', '.join(REQUIRED_MAJORS[1:-2])} or "
               "iron, so cannot be recalculated volatile-free to 100 % (Le Bas et al. 1986) and are not "
               "classified or drawn.") if partial else ""
    if not complete.any():
        return Section(f"Classification: {label}", [lacking], [], []) if partial else None
    from ..plots.classification import plot_tas
    from ..trace.majors import anhydrous

    anh = anhydrous(values[complete])
    sio2, alk = anh["SiO2"], anh["Na2O"] + anh["K2O"]
    fig, axes = _fig(2, (11, 4))
    for ax, kind in zip(axes, ("volcanic", "plutonic")):
        plot_tas(sio2, alk, groups[complete], kind=kind, ax=ax, colours=colours, legend=False)
        ax.set_title(f"TAS, {kind}")
    _legend_outside(fig, axes[0])
    key = figures.slug(label)
    fig_tas = figures.add(fig, f"{key}_tas", f"{label}: total alkali-silica diagrams of the {int(complete.sum())} "
                          "analyses with every major oxide, volatile-free and normalised to 100 % (Le Bas et al. "
                          "1986 volcanic; Middlemost 1994 plutonic), with the Irvine & Baragar (1971) divide.")
    tas = derived["TAS volcanic"]
    counts = tas[tas.notna()].astype(str).value_counts()
    alkaline = derived.get("Alkalinity", pd.Series(dtype=str)).astype(str)
    n_alk = int((alkaline == "alkaline").sum())
    n_sub = int((alkaline == "subalkaline").sum())
    top = ", ".join(f"{name} ({n})" for name, n in counts.head(4).items())
    outside = int(complete.sum()) - int(counts.sum())
    text = [f"{int(complete.sum())} of {len(tas)} analyses have the majors needed for TAS"
            + (f"; {outside} of them fall outside every TAS field" if outside else "")
            + (f". The most common volcanic fields are {top}." if top else ".")
            + f" {n_alk} analyses are alkaline and {n_sub} subalkaline (Irvine & Baragar 1971)."]
    text += [lacking] if lacking else []
    cols = [c for c in ("TAS volcanic", "TAS plutonic", "Alkalinity", "K2O series", "Aluminosity",
                        "Pearce array") if c in derived.columns]
    fields = tas.astype(object).where(tas.notna(), np.where(complete, "outside the fields", "majors incomplete"))
    table = pd.crosstab(groups, fields)
    return Section(f"Classification: {label}", text, [fig_tas],
                   [Table("Analyses per group and TAS volcanic field", table.reset_index(names="group")),
                    Table("Classification of each analysis (first rows)", derived[cols], max_rows=25)])


def trace_section(values, derived, groups, colours, figures: FigureWriter, label: str, spider_reference: str,
                  ree_reference: str, curves: list[str]):
    """Primitive-mantle spider diagrams by group, chondrite-normalised REE, ratios and Th/Yb-Nb/Yb."""
    from ..plots.classification import plot_pearce
    from ..plots.spider import plot_spider
    from ..reference import get
    from ..trace import normalise
    from ..trace.orders import REE, SPIDER_ORDER

    present = [e for e in SPIDER_ORDER if e in values.columns and values[e].notna().sum() >= 3]
    if len(present) < MIN_SPIDER_ELEMENTS:
        return None
    key = figures.slug(label)
    pm = normalise(values, spider_reference, elements=SPIDER_ORDER)
    ref_values = pd.DataFrame([get(name).ppm(list(SPIDER_ORDER)) for name in curves], index=list(curves))
    ref_norm = normalise(ref_values, spider_reference, elements=SPIDER_ORDER)
    refs = {name: ref_norm.loc[name] for name in curves}
    fig, axes = _fig(1, (10, 4))
    plot_spider(pm, groups, elements=SPIDER_ORDER, ax=axes[0], references=refs, colours=colours,
                band=(25, 75), legend=False)
    _legend_outside(fig, axes[0])
    figs = [figures.add(fig, f"{key}_spider",
                        f"{label}: trace elements normalised to {spider_reference}; shaded min-max envelope, "
                        "darker 25-75th percentile band and mean line per group; gaps mark elements "
                        "not analysed.")]
    ch = normalise(values, ree_reference, elements=REE)
    fig, axes = _fig(1, (9, 4))
    plot_spider(ch, groups, elements=REE, ax=axes[0], colours=colours, legend=False)
    _legend_outside(fig, axes[0])
    figs.append(figures.add(fig, f"{key}_ree", f"{label}: rare earth elements normalised to {ree_reference}."))
    text = []
    if _has(derived, "Th/Yb", "Nb/Yb", least=3):
        fig, axes = _fig(1, (5, 4))
        plot_pearce(derived["Th/Yb"], derived["Nb/Yb"], groups, ax=axes[0], colours=colours)
        figs.append(figures.add(fig, f"{key}_pearce", f"{label}: Th/Yb vs Nb/Yb with the MORB-OIB array "
                                "(Pearce 2008) and N-MORB, E-MORB and OIB of Sun & McDonough (1989)."))
        arr = derived.get("Pearce array", pd.Series(dtype=str)).astype(str)
        n_above, n_in = int((arr == "above").sum()), int((arr == "within").sum())
        text.append(f"In Th/Yb-Nb/Yb space {n_above} analyses plot above the MORB-OIB array (a subduction "
                    f"or crustal Th excess) and {n_in} within it.")
    ratios = [c for c in SUMMARY_RATIOS if c in derived.columns]
    summary = _median_by_group(derived[ratios], groups)
    if "Ce/Ce*" in derived.columns and derived["Ce/Ce*"].notna().any():
        ce = derived["Ce/Ce*"]
        text.append(f"Ce/Ce* (2Ce_N/(La_N+Pr_N), chondrite-normalised) has median {_g(ce.median())} "
                    f"(range {_g(ce.min())}-{_g(ce.max())}, n={int(ce.notna().sum())}).")
    if "La/Yb" in derived.columns and derived["La/Yb"].notna().any():
        by = derived["La/Yb"].groupby(groups.to_numpy()).median().sort_values()
        text.append(f"Median La/Yb ranges from {_g(by.iloc[0])} ({by.index[0]}) to {_g(by.iloc[-1])} "
                    f"({by.index[-1]}) between groups." if len(by) > 1 else
                    f"Median La/Yb is {_g(by.iloc[0])} ({by.index[0]}, n={int(derived['La/Yb'].notna().sum())}).")
    return Section(f"Trace elements: {label}", text, figs,
                   [Table("Median ratios and anomalies per group (n = analyses with a value)", summary)])


def chalcophile_section(values, derived, groups, colours, figures: FigureWriter, label: str,
                        reference: str):
    """Chalcophile profiles (Holwell Fig. 1 style) and Ni/Te, Cu/Te against Holwell's bands."""
    from ..plots.chalcophile import plot_te_cu, plot_te_ni
    from ..plots.spider import plot_chalcophile_profile
    from ..trace import normalise
    from ..trace.orders import CHALCOPHILE_ORDER

    if not _has(values, "Te", least=3) and not _has(values, "Pt", "Pd", least=3):
        return None
    key = figures.slug(label)
    norm = normalise(values, reference, elements=CHALCOPHILE_ORDER)
    fig, axes = _fig(1, (7, 4))
    plot_chalcophile_profile(norm, groups, ax=axes[0], colours=colours)
    figs = [figures.add(fig, f"{key}_chalcophile",
                        f"{label}: chalcophile elements normalised to {reference} in order of decreasing "
                        "compatibility (Holwell et al. 2019 Fig. 1).")]
    text = []
    if _has(values, "Te", "Ni", least=3):
        fig, axes = _fig(2, (10, 4))
        plot_te_ni(values["Ni"], values["Te"], groups, ax=axes[0], colours=colours)
        if "Cu" in values.columns:
            plot_te_cu(values["Cu"], values["Te"], groups, ax=axes[1], colours=colours, legend=False)
        figs.append(figures.add(fig, f"{key}_te", f"{label}: Te against Ni and Cu with iso-ratio lines and "
                                "the Ni/Te levels of Holwell et al. (2019) Fig. 2."))
        ni_te = derived["Ni/Te"].replace([np.inf, -np.inf], np.nan).dropna()
        ni_te = ni_te[ni_te > 0]
        if len(ni_te):
            med = float(ni_te.median())
            level = next((name for lo, hi, name in NI_TE_LEVELS if lo <= med < hi), "outside the bands")
            text.append(f"Ni/Te has median {_g(med)} (n={len(ni_te)}, range {_g(ni_te.min())}-"
                        f"{_g(ni_te.max())}), within the '{level}' level of Holwell et al. (2019).")
        n_zero = int((values["Te"] == 0).sum())
        if n_zero:
            text.append(f"{n_zero} Te values are exactly 0, which in GEOROC-style compilations usually means "
                        "'not detected'; they are excluded from ratios (see the data warnings).")
    cols = [c for c in ("Ni/Te", "Cu/Te", "Pd/Ir", "Cu/Pd") if c in derived.columns]
    return Section(f"Chalcophile elements: {label}", text, figs,
                   [Table("Median chalcophile ratios per group", _median_by_group(derived[cols], groups))])


def isotope_section(values, derived, groups, colours, figures: FigureWriter, label: str):
    """Sr-Nd isotopes at the sample age, and Li-Ba isotopes when measured."""
    from ..plots.isotopes import plot_end_sr, plot_li_ba

    key = figures.slug(label)
    group = pd.Series(groups.to_numpy(), index=values.index, name="group")
    data = pd.concat([values, derived.loc[:, ~derived.columns.isin(values.columns)], group], axis=1)
    data = data.loc[:, ~data.columns.duplicated()]
    figs, text = [], []
    if _has(derived, "eNd(t)", "87Sr/86Sr(t)", least=3):
        fig, axes = _fig(1, (5, 4))
        plot_end_sr(data, group="group", ax=axes[0])
        figs.append(figures.add(fig, f"{key}_srnd", f"{label}: eNd(t) against initial 87Sr/86Sr at each "
                                "sample's age, with CHUR and UR and the mantle array."))
        e = derived["eNd(t)"].dropna()
        s = derived["87Sr/86Sr(t)"].dropna()
        text.append(f"eNd(t) ranges from {_g(e.min())} to {_g(e.max())} (n={len(e)}) and initial "
                    f"87Sr/86Sr from {s.min():.5f} to {s.max():.5f} (n={len(s)}).")
        if "TDM2 (Ma)" in derived.columns and derived["TDM2 (Ma)"].notna().any():
            t = derived["TDM2 (Ma)"].dropna()
            text.append(f"Two-stage Nd model ages span {t.min():.0f}-{t.max():.0f} Ma (median {t.median():.0f}).")
    elif _has(values, "143Nd/144Nd", "87Sr/86Sr", least=3):
        n_age = int(values.get("age", pd.Series(dtype=float)).notna().sum())
        text.append(f"{int(values[['143Nd/144Nd', '87Sr/86Sr']].notna().all(axis=1).sum())} analyses have Sr "
                    f"and Nd isotopes but only {n_age} have an age: no age-corrected values without one "
                    "(set an age in project.toml).")
    if _has(values, "d7Li", "d138/134Ba", least=2):
        fig, axes = _fig(1, (5, 4))
        plot_li_ba(data, group="group", ax=axes[0])
        figs.append(figures.add(fig, f"{key}_liba", f"{label}: d7Li against d138/134Ba."))
    if not figs and not text:
        return None
    cols = [c for c in ("87Sr/86Sr(t)", "143Nd/144Nd(t)", "eNd(t)", "eSr(t)", "fSm/Nd", "TDM1 (Ma)",
                        "TDM2 (Ma)") if c in derived.columns]
    tables = [Table("Isotope results (first rows; all rows in tables/)",
                    derived.loc[derived[cols].notna().any(axis=1), cols], max_rows=30)] if cols else []
    return Section(f"Isotopes: {label}", text, figs, tables)


def _spans(frame: pd.DataFrame):
    """(top, base) of ages known only by a time-scale unit name, or None when the frame has none."""
    if "age_top_ma" not in frame.columns or not frame["age_top_ma"].notna().any():
        return None
    return frame["age_top_ma"].to_numpy(float), frame["age_base_ma"].to_numpy(float)


def _dated(frame: pd.DataFrame) -> int:
    """Rows with a numeric age or an age known by a unit name."""
    spans = frame["age_top_ma"] if "age_top_ma" in frame.columns else pd.Series(np.nan, index=frame.index)
    return int((frame["age"].notna() | spans.notna()).sum())


def _age_rank(ages, spans) -> str:
    """"epoch" when every age (and every named unit) lies in the Cenozoic, the only era with packaged
    epochs, so that e.g. Eocene-Miocene arc lavas are not one Paleogene bar; else "period"."""
    from ..geo.timescale import load

    eras = load("era")
    cenozoic = float(eras.loc[eras["name"] == "Cenozoic", "base_ma"].iloc[0])
    oldest = np.nanmax(np.concatenate([np.asarray(ages, float), [0.0]] + ([spans[1]] if spans else [])))
    return "epoch" if oldest <= cenozoic else "period"


def _age_figure(ages, groups, spans, colours, figures: FigureWriter, name: str, caption: str):
    """Age histogram by epoch or period (:func:`_age_rank`); ``caption`` has a ``{rank}`` field."""
    from ..geo.timescale import tally
    from ..plots.ages import plot_age_histogram

    rank = _age_rank(ages, spans)
    fig, axes = _fig(1, (8, 3.8))
    plot_age_histogram(ages, groups, ax=axes[0], by=rank, colours=colours, legend=False, spans=spans)
    _legend_outside(fig, axes[0])
    counts = tally(ages, groups, by=rank, spans=spans)
    return figures.add(fig, name, caption.replace("{rank}", rank)), counts


def deposits_frame(spec):
    """The points of the configured deposits table (:class:`~.config.DepositsConfig`), or None without one."""
    if spec is None:
        return None
    from ..io.deposits import deposit_points, read_deposits

    columns = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.columns.items()} or None
    return deposit_points(read_deposits(spec.path, sheet=spec.sheet, columns=columns))


def where_when_section(table, groups, colours, figures: FigureWriter, label: str, deposits=None):
    """Sample (and deposit) map and age distributions by geological period (by epoch when every age is
    Cenozoic), when positions or ages exist.

    ``deposits`` is the frame of :func:`metasome.io.deposits.deposit_points` (a second
    table of deposits or occurrences), drawn on the map by deposit type and given its
    own age figure by deposit type.
    """
    from ..io.geo import parse_geo_columns
    from ..plots.maps import plot_map

    rows = table.row_labels.to_numpy() if table.row_labels is not None else None
    geo, warnings, _ = parse_geo_columns(table.original, file=table.source, rows=rows)
    has_pos = int((geo["latitude"].notna() & geo["longitude"].notna()).sum())
    has_age = _dated(geo)
    dep_pos = 0 if deposits is None else int((deposits["latitude"].notna() & deposits["longitude"].notna()).sum())
    dep_age = 0 if deposits is None else _dated(deposits)
    if has_pos < 3 and has_age < 3 and not dep_pos and not dep_age:
        return None
    key = figures.slug(label)
    figs, text = [], []
    if has_pos >= 3 or dep_pos:
        fig, axes = _fig(1, (9, 4.5))
        keep = has_pos >= 3
        lon, lat = (geo[c] if keep else pd.Series(np.nan, index=geo.index) for c in ("longitude", "latitude"))
        plot_map(lon, lat, groups, ax=axes[0], colours=colours,
                 legend=False, deposits=deposits if dep_pos else None)
        _legend_outside(fig, axes[0])
        what = "sample positions" if keep else "no sample positions"
        what += f" and {dep_pos} deposits (stars and crosses, by deposit type)" if dep_pos else ""
        figs.append(figures.add(fig, f"{key}_map", f"{label}: {what} (Natural Earth 1:110m coastlines, "
                                "plate carree), samples coloured by group."))
        if keep:
            lat, lon = lat.dropna(), lon.dropna()
            text.append(f"{has_pos} of {len(geo)} analyses have positions, between {lat.min():.1f} and "
                        f"{lat.max():.1f} degrees latitude and {lon.min():.1f} and {lon.max():.1f} degrees longitude.")
        if dep_pos:
            n_types = deposits.loc[deposits["latitude"].notna(), "deposit_type"].nunique()
            text.append(f"{dep_pos} of {len(deposits)} deposits or occurrences have positions ({n_types} deposit "
                        "types); they are drawn on the same map.")
    chart = "ICS chart v2023/09, Cohen et al. 2013 updated"
    if has_age >= 3:
        figure, counts = _age_figure(geo["age"], groups, _spans(geo), colours, figures, f"{key}_ages",
                                     f"{label}: ages by geological {{rank}} ({chart}); ages given only as a unit "
                                     "name are counted in that unit, or in the era enclosing it.")
        figs.append(figure)
        common = counts.sum(axis=1).sort_values(ascending=False)
        ages = geo["age"].dropna()
        numeric = f" ({ages.min():.4g}-{ages.max():.4g} Ma)" if len(ages) else ""
        text.append(f"{has_age} analyses have an age{numeric}, {counts.attrs['n_by_name']} of them only as a "
                    f"geological unit name; the most common unit is {common.index[0]} ({int(common.iloc[0])} analyses).")
    if dep_age:
        figure, counts = _age_figure(deposits["age"], deposits["deposit_type"], _spans(deposits), None, figures,
                                     f"{key}_deposit_ages", f"{label}: ages of the deposits by geological {{rank}} and "
                                     f"deposit type ({chart}).")
        figs.append(figure)
        text.append(f"{dep_age} deposits have an age, {counts.attrs['n_by_name']} of them only as a unit name.")
    tables = []
    if warnings:
        from .sections import warning_summary

        text.append(f"{len(warnings)} position or age cells could not be read, were combined (e.g. GEOROC "
                    "min/max pairs) or were placed by a geological unit name; they are listed below.")
        tables.append(Table("Position and age warnings", warning_summary(warnings), max_rows=100, wrap=True))
    return Section(f"Where and when: {label}", text, figs, tables)
