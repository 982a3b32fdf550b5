"""Mixing figures: curves with proportion ticks, ternary grids, Monte Carlo violins.

These functions only draw. Curves, grids and histograms are computed by
:mod:`metasome.mixing` (``curve``, ``ternary_grid``, ``simulate``) and passed in.

References
----------
Qiu, K.-F. et al. (2025) Nat. Commun., doi:10.1038/s41467-025-66213-w, Figs. 4 and 6
(the layouts reproduced here).
Hintze, J. L. & Nelson, R. D. (1998) Violin plots: a box plot-density trace
synergism. Am. Stat. 52, 181-184.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from metasome.plots import style as _style

LABELS = {
    "d7Li": r"$\delta^{7}$Li (‰)",
    "d138/134Ba": r"$\delta^{138/134}$Ba (‰)",
    "eNd": r"$\varepsilon_{\mathrm{Nd}}$",
    "eNd(t)": r"$\varepsilon_{\mathrm{Nd}}(t)$",
    "87Sr/86Sr": r"$^{87}$Sr/$^{86}$Sr",
    "87Sr/86Sr(t)": r"($^{87}$Sr/$^{86}$Sr)$_t$",
}


def axis_label(name: str) -> str:
    """Axis label for a canonical quantity (``1/Sr`` -> ``1/Sr (ppm⁻¹)``)."""
    if name.startswith("1/"):
        return f"1/{name[2:]} (ppm$^{{-1}}$)"
    return LABELS.get(name, f"{name} (ppm)" if name.isalpha() and len(name) <= 2 else name)


def plot_mixing_curves(curves: Sequence, *, ax=None, samples=None, group: str | None = None,
                       boxes: Sequence[tuple] = (), colours: Mapping | None = None,
                       label_ticks: bool = True, **kw):
    """Binary mixing curves with proportion ticks, samples and published ranges (Qiu Fig. 4).

    Parameters
    ----------
    curves : sequence of :class:`metasome.mixing.Curve`
        All in the same two-axis space.
    samples : DataFrame, optional
        Points to overlay (columns ``curve.x_name`` and ``curve.y_name``).
    group : str, optional
        Column of ``samples`` used for colours and legend.
    boxes : sequence of (label, xmin, xmax, ymin, ymax)
        Published ranges drawn as open rectangles (e.g. the seed's Luxi and Saima ranges).
    """
    from matplotlib.patches import Rectangle

    with _style.style():
        ax = _style.get_ax(ax)
        if not curves:
            return ax
        xn, yn = curves[0].x_name, curves[0].y_name
        cols = colours or _style.group_colours([c.b for c in curves])
        for c in curves:
            col = cols.get(c.b, "k")
            ax.plot(c.x, c.y, color=col, lw=1.2, label=f"{c.a}–{c.b}", zorder=2)
            ax.plot(c.tick_x, c.tick_y, ls="none", marker="o", ms=3, mfc="white", mec=col, zorder=3)
            if label_ticks:
                for tx, ty, tl in zip(c.tick_x, c.tick_y, c.tick_labels):
                    ax.annotate(tl, (tx, ty), xytext=(3, 3), textcoords="offset points", fontsize=6,
                                color=col)
        ax.plot([curves[0].x[0]], [curves[0].y[0]], marker="s", color="0.3", ls="none", label=curves[0].a)
        for i, (lab, x0, x1, y0, y1) in enumerate(boxes):
            bc = _style.PALETTE[(len(curves) + i) % len(_style.PALETTE)]
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ls="--", ec=bc, lw=1, label=lab))
        if samples is not None and len(samples):
            groups = samples[group] if group else None
            if groups is None:
                ax.scatter(samples[xn], samples[yn], s=14, c="k", zorder=4, label="samples")
            else:
                gc = _style.group_colours(groups)
                gm = _style.group_markers(groups)
                for g, col in gc.items():
                    sel = samples[groups == g]
                    ax.scatter(sel[xn], sel[yn], s=16, color=col, marker=gm[g], ec="k", lw=0.4,
                               zorder=4, label=str(g))
        ax.set_xlabel(axis_label(xn))
        ax.set_ylabel(axis_label(yn))
        ax.legend(loc=kw.get("legend_loc", "best"), fontsize=6)
    return ax


def plot_ternary_grid(grid, *, ax=None, colour: str = "0.5", **kw):
    """Iso-proportion lines of a three-component mixing surface (from ``mixing.ternary_grid``)."""
    with _style.style():
        ax = _style.get_ax(ax)
        for label, xs, ys in grid.lines:
            ax.plot(xs, ys, color=colour, lw=0.6, ls=":" if label.startswith(grid.names[2]) else "-")
            ax.annotate(label, (xs[-1], ys[-1]), fontsize=5, color=colour)
        ax.set_xlabel(axis_label(grid.x_name))
        ax.set_ylabel(axis_label(grid.y_name))
    return ax


def plot_mc_violins(simulated: Mapping, *, observed: Mapping | None = None,
                    literature: Sequence[tuple] = (), ax=None, ylabel: str = "d7Li",
                    width: float = 0.8, **kw):
    """Violins of simulated distributions beside observed groups and published ranges (Qiu Fig. 6).

    Parameters
    ----------
    simulated : mapping name -> object with ``edges`` and ``counts`` (a histogram,
        e.g. :class:`metasome.mixing.montecarlo.SystemResult`); drawn as mirrored
        histogram densities, with the 95 % range as a bar if ``range95`` exists.
    observed : mapping group -> values
        Observed data, drawn as violins (n >= 3) and points.
    literature : sequence of (label, min, max)
        Published ranges (e.g. ``../shared/data/literature_ranges``), drawn as bars.
    """
    with _style.style():
        ax = _style.get_ax(ax, figsize=(7, 3.5))
        pos = 0
        ticks, labels = [], []
        for name, h in simulated.items():
            dens = np.asarray(h.counts, float)
            mids = 0.5 * (np.asarray(h.edges[1:]) + np.asarray(h.edges[:-1]))
            keep = dens > 0
            if keep.any():
                d = dens / dens.max() * width / 2
                ax.fill_betweenx(mids[keep], pos - d[keep], pos + d[keep], color="0.75", ec="0.4", lw=0.5)
            if hasattr(h, "range95"):
                lo, hi = h.range95()
                ax.plot([pos, pos], [lo, hi], color="k", lw=1.5)
            ticks.append(pos)
            labels.append(name)
            pos += 1
        if observed:
            gc = _style.group_colours(list(observed))
            for g, vals in observed.items():
                v = np.asarray(vals, float)
                v = v[np.isfinite(v)]
                if v.size >= 3:
                    parts = ax.violinplot([v], positions=[pos], widths=width, showextrema=False)
                    for b in parts["bodies"]:
                        b.set_facecolor(gc[g])
                        b.set_alpha(0.5)
                ax.scatter(np.full(v.size, pos), v, s=8, color=gc[g], ec="k", lw=0.3, zorder=3)
                ticks.append(pos)
                labels.append(str(g))
                pos += 1
        for i, (lab, lo, hi) in enumerate(literature):
            col = _style.TOL_MUTED[i % len(_style.TOL_MUTED)]
            ax.plot([pos, pos], [lo, hi], color=col, lw=4, solid_capstyle="butt", alpha=0.8)
            ticks.append(pos)
            labels.append(lab)
            pos += 1
        ax.set_xticks(ticks)
        ax.set_xticklabels(labels, rotation=35, ha="right", fontsize=6)
        ax.set_ylabel(axis_label(ylabel))
        ax.set_xlim(-0.7, pos - 0.3)
    return ax
