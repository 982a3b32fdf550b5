"""Age distributions through geological time (Qiu et al. 2025, Fig. 1B style).

:func:`plot_age_histogram` draws counts of ages per geological era or period (or
per age bin), stacked or side by side by group, above a band coloured with the
time-scale units. The counting is done by :func:`metasome.geo.timescale.tally`;
boundaries and colours come from the packaged ICS chart v2023/09.

References
----------
Cohen, K. M., Finney, S. C., Gibbard, P. L. & Fan, J.-X. (2013; updated) The ICS
International Chronostratigraphic Chart, v2023/09. Episodes 36: 199-204.
Qiu, K. et al. (2025) Nature Communications (seed study, Fig. 1B).
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style
from metasome.plots._common import colours_for

BAND_FRACTION = 0.09


def _short(name: str, width_fraction: float) -> str:
    """Label for a band cell: full name if the cell is wide, an abbreviation, or nothing."""
    if width_fraction > 0.011 * len(name):
        return name
    if width_fraction > 0.035:
        return name[:2] + "."
    return ""


def plot_age_histogram(ages_ma, groups=None, ax=None, *, by="period", stacked: bool = True,
                       colours=None, trim: bool = True, band: bool = True, legend: bool = True,
                       title: str | None = None, spans=None):
    """Histogram of ages by geological era/period (or bins), by group.

    Parameters
    ----------
    ages_ma : array_like
        Ages in Ma (NaN and ages outside 0-4567 Ma are not counted; a note says how many).
    groups : array_like, optional
        Group of each age; colours from :func:`style.group_colours`.
    ax : matplotlib.axes.Axes, optional
    by : {"period", "era", "eon"} or array of bin edges (Ma)
        Time-scale units (one bar slot per unit, oldest on the left, names as tick
        labels) or numeric bins on a true age axis (older to the left).
    stacked : bool
        Stack groups in one bar (True) or place them side by side.
    trim : bool
        Leave out empty units older than the oldest and younger than the youngest age.
    band : bool
        Draw the time-scale band (unit colours, and for numeric bins the eras) below the bars.
    spans : (array_like, array_like), optional
        ``(top_ma, base_ma)`` per row for ages known only by a unit name, counted in
        their unit (or the enclosing one) by :func:`metasome.geo.timescale.tally`.

    Returns
    -------
    matplotlib.axes.Axes
        One BarContainer per group (label = group), band rectangles with gid
        ``"timescale-band"``.
    """
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

    from metasome.geo import timescale

    ages = np.asarray(ages_ma, dtype=float).ravel()
    counts = timescale.tally(ages, groups, by=by, trim=trim, spans=spans)
    categorical = isinstance(by, str)
    names = list(counts.index)
    group_labels = [None] if groups is None else list(counts.columns)
    cmap = colours_for(group_labels, colours)
    n_units, n_groups = counts.shape
    tops = np.asarray(counts.attrs["top_ma"], dtype=float)
    bases = np.asarray(counts.attrs["base_ma"], dtype=float)

    with style.style():
        ax = style.get_ax(ax, figsize=(6.0, 3.4))
        if categorical:
            centres = np.arange(n_units, dtype=float)
            widths = np.full(n_units, 0.8)
        else:
            centres = (tops + bases) / 2.0
            widths = (bases - tops) * 0.95
        bottom = np.zeros(n_units)
        for j, col in enumerate(counts.columns):
            h = counts[col].to_numpy(float)
            lab = group_labels[j]
            if stacked or n_groups == 1:
                x, w = centres, widths
            else:
                w = widths / n_groups
                x = centres - widths / 2.0 + w * (j + 0.5)
            ax.bar(x, h, width=w, bottom=bottom if stacked else 0.0, color=cmap[lab], edgecolor="0.2",
                   linewidth=0.4, label=None if lab is None else str(lab), zorder=2)
            if stacked:
                bottom = bottom + h
        peak = float(counts.sum(axis=1).max() if stacked else counts.to_numpy().max()) if n_units else 0.0
        headroom = 1.3 if (legend and groups is not None) or counts.attrs["n_outside"] else 1.12
        top = max(peak * headroom, 1.0)
        low = -BAND_FRACTION * top / (1.0 - BAND_FRACTION) if band else 0.0
        ax.set_ylim(low, top)
        ticks = [t for t in MaxNLocator(integer=True, nbins=6).tick_values(0, top) if 0 <= t <= top]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.set_ylabel("Count")

        if categorical:
            ax.set_xlim(-0.6, n_units - 0.4)
            ax.xaxis.set_major_locator(FixedLocator(centres))
            ax.xaxis.set_major_formatter(FixedFormatter(names))
            ax.tick_params(axis="x", labelrotation=90 if n_units > 6 else 0, top=False)
            if band:
                for c, colour in zip(centres, counts.attrs["colour"]):
                    ax.add_patch(Rectangle((c - 0.5, low), 1.0, -low, facecolor=colour, edgecolor="white",
                                           linewidth=0.5, zorder=1, gid="timescale-band"))
            ax.set_xlabel({"eon": "Eon", "era": "Era", "period": "Period", "epoch": "Epoch"}[by]
                          + " (ICS chart v2023/09)")
        else:
            lo, hi = float(tops.min()), float(bases.max())
            ax.set_xlim(hi, lo)  # older to the left
            ax.set_xlabel("Age (Ma)")
            ax.tick_params(axis="x", top=False)
            if band:
                eras = timescale.intervals("era")
                inside = (eras["base_ma"] > lo) & (eras["top_ma"] < hi)
                span = hi - lo
                for _, e in eras[inside].iterrows():
                    a, b = max(e["top_ma"], lo), min(e["base_ma"], hi)
                    ax.add_patch(Rectangle((a, low), b - a, -low, facecolor=e["colour"], edgecolor="white",
                                           linewidth=0.5, zorder=1, gid="timescale-band"))
                    label = _short(e["name"], (b - a) / span)
                    if label:
                        ax.text((a + b) / 2.0, low / 2.0, label, ha="center", va="center", fontsize=6,
                                zorder=3, clip_on=True)
        if band:
            ax.axhline(0.0, color="0.2", linewidth=0.6, zorder=3)
        n_out = counts.attrs["n_outside"]
        if n_out:
            ax.text(0.99, 0.98, f"{n_out} of {ages.size} without an age on the scale", transform=ax.transAxes,
                    ha="right", va="top", fontsize=6.5, color="0.3", gid="note")
        if legend and groups is not None:
            ax.legend(loc="best", fontsize=7)
        if title:
            ax.set_title(title)
    return ax
