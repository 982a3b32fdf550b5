"""Classification diagrams: TAS (volcanic, plutonic) with the Irvine & Baragar line,
and Th/Yb vs Nb/Yb with the Pearce (2008) MORB-OIB array.

Boundaries come from the packaged classification data via
:mod:`metasome.classify`; the sample values are drawn as given (anhydrous,
normalised majors; ratios computed upstream).

References
----------
Le Bas, M.J. et al. (1986) J. Petrol. 27, 745-750. Middlemost, E.A.K. (1994)
Earth-Sci. Rev. 37, 215-224. Irvine, T.N. & Baragar, W.R.A. (1971) Can. J.
Earth Sci. 8, 523-548. Pearce, J.A. (2008) Lithos 100, 14-48.
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style
from metasome.plots._common import colours_for, group_index, markers_for


def _scatter(ax, x, y, groups, colours, markers, size=16):
    labels, idx = group_index(len(np.asarray(x)), groups)
    cols = colours_for(labels, colours)
    mks = markers_for(labels, markers)
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    for lab, rows in zip(labels, idx):
        ax.scatter(x[rows], y[rows], s=size, color=cols[lab], marker=mks[lab], edgecolor="black",
                   linewidth=0.3, zorder=5, label=None if lab is None else str(lab), gid="samples")
    return labels


def plot_tas(sio2, alkalis, groups=None, *, kind: str = "volcanic", ax=None, field_labels: bool = True,
             irvine_baragar: str | None = "polynomial", colours=None, markers=None, legend: bool = True,
             xlim=(35, 80), ylim=(0, 16)):
    """TAS diagram with labelled fields and (optionally) the Irvine & Baragar (1971) line.

    Parameters
    ----------
    sio2, alkalis : array-like
        Anhydrous, 100 %-normalised SiO2 and Na2O+K2O (wt%).
    kind : "volcanic" (Le Bas et al. 1986) or "plutonic" (Middlemost 1994).
    irvine_baragar : "polynomial", "digitised" or None (no line).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Polygon

    from metasome.classify import fields, irvine_baragar_sio2

    with style.style():
        ax = style.get_ax(ax, figsize=(5.0, 4.0))
        for name, verts, label_xy in fields(kind):
            ax.add_patch(Polygon(verts, closed=True, facecolor="none", edgecolor="0.35", linewidth=0.6,
                                 zorder=1, gid=f"field:{name}"))
            if field_labels and xlim[0] <= label_xy[0] <= xlim[1] and ylim[0] <= label_xy[1] <= ylim[1]:
                ax.text(*label_xy, name.replace("/", "/\n") if len(name) > 14 else name, fontsize=5.5,
                        ha="center", va="center", color="0.3", zorder=2, gid="field_label")
        if irvine_baragar:
            a = np.linspace(0, 10, 201)
            ax.plot(irvine_baragar_sio2(a, irvine_baragar), a, color="0.2", linestyle="--", linewidth=0.9,
                    zorder=3, label=f"Irvine & Baragar 1971 ({irvine_baragar})", gid="irvine_baragar")
        labels = _scatter(ax, sio2, alkalis, groups, colours, markers)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("SiO$_2$ (wt%, anhydrous)")
        ax.set_ylabel("Na$_2$O + K$_2$O (wt%, anhydrous)")
        ax.set_title(f"TAS {kind}" + (" (Le Bas et al. 1986)" if kind == "volcanic" else " (Middlemost 1994)"))
        if legend and (labels != [None] or irvine_baragar):
            ax.legend(loc="lower right")
    return ax


def plot_pearce(th_yb, nb_yb, groups=None, *, ax=None, references: dict | None = None,
                colours=None, markers=None, legend: bool = True, xlim=(0.1, 1000), ylim=(0.01, 100)):
    """Th/Yb vs Nb/Yb (log-log) with the Pearce (2008) MORB-OIB array.

    ``references``: mapping label -> (Nb/Yb, Th/Yb); default N-MORB, E-MORB
    and OIB of Sun & McDonough (1989) from
    :func:`metasome.classify.pearce.reference_points`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from metasome.classify.pearce import array_bounds, reference_points

    refs = reference_points() if references is None else dict(references)
    with style.style():
        ax = style.get_ax(ax, figsize=(4.5, 4.0))
        xs = np.logspace(np.log10(xlim[0]), np.log10(xlim[1]), 100)
        lo, hi = array_bounds(xs)
        ax.fill_between(xs, lo, hi, color="0.85", linewidth=0, zorder=0, label="MORB-OIB array",
                        gid="pearce_array")
        ax.plot(xs, lo, color="0.5", linewidth=0.6, gid="array_edge")
        ax.plot(xs, hi, color="0.5", linewidth=0.6, gid="array_edge")
        for lab, (x, y) in refs.items():
            ax.scatter([x], [y], marker="*", s=70, color="black", zorder=6, gid="reference_point")
            ax.annotate(lab, (x, y), xytext=(4, -8), textcoords="offset points", fontsize=7)
        _scatter(ax, nb_yb, th_yb, groups, colours, markers)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("Nb/Yb")
        ax.set_ylabel("Th/Yb")
        if legend:
            ax.legend(loc="upper left")
    return ax
