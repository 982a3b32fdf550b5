"""Bivariate ratio plots (Qiu et al. 2025, Fig. 5 style).

:func:`plot_xy` draws any two computed quantities by group; :data:`QIU_FIG5`
lists the four panels of Qiu et al. (2025, Fig. 5): Ba/La and Zr/Nb vs
d7Li, REE vs Th/Yb and REE vs Sr/Y, drawn by :func:`plot_fig5`.

References
----------
Qiu, K. et al. (2025) Nature Communications (seed study, Fig. 5).
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style
from metasome.plots.classification import _scatter

#: (x column, y column, logx, logy) of the four panels of Qiu et al. (2025, Fig. 5).
QIU_FIG5: tuple[tuple[str, str, bool, bool], ...] = (
    ("d7Li", "Ba/La", False, False),
    ("d7Li", "Zr/Nb", False, False),
    ("Th/Yb", "REE (ppm)", True, True),
    ("Sr/Y", "REE (ppm)", True, True),
)
LABELS: dict[str, str] = {"d7Li": "δ$^7$Li (‰)", "REE (ppm)": "ΣREE (ppm)"}


def plot_xy(x, y, groups=None, *, ax=None, logx: bool = False, logy: bool = False, xlabel=None,
            ylabel=None, colours=None, markers=None, legend: bool = True):
    """Scatter ``y`` against ``x`` by group (colours from :func:`metasome.plots.style.group_colours`).

    Non-positive values are not drawn on a log axis (they have no position there).

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if logx:
        x = np.where(x > 0, x, np.nan)
    if logy:
        y = np.where(y > 0, y, np.nan)
    with style.style():
        ax = style.get_ax(ax)
        labels = _scatter(ax, x, y, groups, colours, markers)
        if logx:
            ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        if xlabel:
            ax.set_xlabel(LABELS.get(xlabel, xlabel))
        if ylabel:
            ax.set_ylabel(LABELS.get(ylabel, ylabel))
        if legend and labels != [None]:
            ax.legend(loc="best")
    return ax


def plot_fig5(table, groups=None, *, axes=None, panels=QIU_FIG5, colours=None):
    """The four panels of Qiu et al. (2025, Fig. 5) from a table holding the columns.

    ``table`` holds the computed columns (``metasome.trace.derive`` gives the
    ratios and ``REE (ppm)``; ``d7Li`` comes from the data). ``axes``: four
    axes, or None for a new 2 x 2 figure. A missing column leaves an empty
    panel with its axis labels. Returns the list of axes.
    """
    if axes is None:
        from matplotlib.figure import Figure

        with style.style():
            fig = Figure(figsize=(7.0, 6.0), layout="constrained")
            axes = list(fig.subplots(2, 2).ravel())
    axes = list(axes)
    for ax, (xc, yc, lx, ly) in zip(axes, panels):
        x = table[xc] if xc in table.columns else np.full(len(table), np.nan)
        y = table[yc] if yc in table.columns else np.full(len(table), np.nan)
        plot_xy(x, y, groups, ax=ax, logx=lx, logy=ly, xlabel=xc, ylabel=yc, colours=colours,
                legend=ax is axes[0])
    return axes
