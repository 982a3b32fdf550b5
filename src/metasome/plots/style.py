"""One shared figure style, applied locally (never through global rcParams).

Every plot function in :mod:`metasome.plots` draws inside :func:`style` (a
``matplotlib.rc_context``) so ``import metasome`` and any plot call leave the
user's matplotlib settings untouched. Groups are coloured from a
colour-blind-safe palette by :func:`group_colours`, which gives a group the
same colour in every figure of a run when given the same list of groups.

References
----------
Okabe, M. & Ito, K. (2008) Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
Tol, P. (2021) Colour schemes. SRON technical note SRON/EPS/TN/09-002, issue 3.2.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable

#: Okabe & Ito (2008) palette, black moved last (it is kept for reference curves).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
#: Tol (2021) "muted" palette, used after the Okabe-Ito colours run out.
TOL_MUTED: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
)
PALETTE: tuple[str, ...] = OKABE_ITO[:-1] + TOL_MUTED
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "*", "p")

#: rc settings used inside every metasome figure. ``pdf.fonttype`` and
#: ``ps.fonttype`` 42 embed TrueType fonts; ``svg.fonttype`` "none" keeps text as text.
RC: dict = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "xtick.direction": "in",
    "ytick.direction": "in",
    "xtick.top": True,
    "ytick.right": True,
    "axes.linewidth": 0.8,
    "lines.linewidth": 1.2,
    "lines.markersize": 5,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "figure.dpi": 100,
}


@contextmanager
def style(**overrides):
    """Context in which metasome draws; restores the caller's settings afterwards."""
    import matplotlib as mpl

    with mpl.rc_context({**RC, **overrides}):
        yield


def group_colours(groups: Iterable) -> dict:
    """Map each distinct group (in first-seen order) to a palette colour.

    Passing the same sequence (e.g. the group column of the whole table) to
    every figure gives each group the same colour everywhere.
    """
    order = list(dict.fromkeys(g for g in groups if g is not None and g == g))
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(order)}


def group_markers(groups: Iterable) -> dict:
    """Map each distinct group (first-seen order) to a marker shape."""
    order = list(dict.fromkeys(g for g in groups if g is not None and g == g))
    return {g: MARKERS[i % len(MARKERS)] for i, g in enumerate(order)}


def get_ax(ax=None, figsize=(4.5, 3.5)):
    """Return ``ax`` or a new axes on a new figure (no pyplot state machine)."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def save(fig, path, formats=("png", "svg", "pdf")) -> list:
    """Save ``fig`` as ``path`` with each suffix in ``formats``; return the paths written."""
    from pathlib import Path

    path = Path(path)
    written = []
    with style():
        for fmt in formats:
            p = path.with_suffix(f".{fmt}")
            fig.savefig(p, format=fmt)
            written.append(p)
    return written
