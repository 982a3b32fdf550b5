"""Helpers shared by the plot modules (grouping, colours); no science."""

from __future__ import annotations

import numpy as np


def group_index(n: int, groups):
    """Return (labels list, list of integer index arrays) for ``groups`` (None -> one group)."""
    if groups is None:
        return [None], [np.arange(n)]
    g = np.asarray(list(groups), dtype=object)
    if len(g) != n:
        from metasome.errors import MetasomeInputError

        raise MetasomeInputError(f"groups has {len(g)} entries for {n} samples")
    labels = [x for x in dict.fromkeys(g.tolist()) if x is not None and x == x]
    return labels, [np.flatnonzero(g == lab) for lab in labels]


def colours_for(labels, colours=None) -> dict:
    from metasome.plots import style

    base = style.group_colours(labels)
    if colours:
        base.update({k: v for k, v in dict(colours).items() if k in base})
    if labels == [None]:
        base = {None: style.PALETTE[0]}
    return base


def markers_for(labels, markers=None) -> dict:
    from metasome.plots import style

    base = style.group_markers([lab for lab in labels if lab is not None])
    base[None] = style.MARKERS[0]
    if markers:
        base.update(dict(markers))
    return base
