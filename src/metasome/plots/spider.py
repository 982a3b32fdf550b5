"""Normalised multi-element ("spider") diagrams and chalcophile profiles by group.

The functions draw values already normalised by
:func:`metasome.trace.normalise`; they compute no science (only the
per-element summary statistics that are drawn: min-max envelope, optional
percentile band, mean or median). Every element of the order gets a tick;
missing values leave visible gaps (NaN breaks the lines and envelopes).

Style after Qiu et al. (2025, Fig. 2): shaded min-max envelope per group with
the arithmetic mean as a bright line, reference curves OIB (grey dashed),
arc basalt (grey solid), N-MORB (black dotted); and Holwell et al. (2019,
Fig. 1) for chalcophile profiles.
"""

from __future__ import annotations

import warnings

import numpy as np

from metasome.plots import style
from metasome.plots._common import colours_for, group_index

#: Line styles of reference curves, in the order given (Qiu et al. 2025, Fig. 2).
REFERENCE_STYLES: tuple[dict, ...] = (
    {"color": "0.45", "linestyle": "--"},
    {"color": "0.45", "linestyle": "-"},
    {"color": "black", "linestyle": ":"},
    {"color": "0.3", "linestyle": "-."},
)
STATS = ("mean", "median")


def plot_spider(normalised, groups=None, *, elements=None, ax=None, stat: str = "mean",
                envelope: bool = True, band: tuple[float, float] | None = None,
                individual: bool = False, references: dict | None = None, colours: dict | None = None,
                ylabel: str | None = None, logy: bool = True, legend: bool = True, title: str | None = None):
    """Draw a normalised multi-element diagram, one envelope and line per group.

    Parameters
    ----------
    normalised : pandas.DataFrame
        Normalised values (rows samples, columns elements), e.g. from
        :func:`metasome.trace.normalise`; ``attrs["normalised_to"]`` labels the y axis.
    groups : sequence, optional
        Group label per row (same length); None draws one group.
    elements : sequence or order name, optional
        x-axis order (default: the columns of ``normalised``). Elements absent
        from ``normalised`` keep their tick and show a gap.
    stat : "mean" (default, as Qiu et al. 2025) or "median" line per group.
    envelope : shade the min-max range per group.
    band : (low, high) percentiles drawn as a darker band, e.g. (25, 75).
    individual : draw every sample as a thin line.
    references : mapping label -> Series of normalised reference values
        (e.g. OIB, arc basalt, N-MORB), drawn in :data:`REFERENCE_STYLES`.
    colours : mapping group -> colour (to keep colours identical across figures).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    from metasome.trace.orders import order

    if stat not in STATS:
        from metasome.errors import MetasomeInputError

        raise MetasomeInputError(f"stat must be one of {STATS}, not {stat!r}")
    elements = list(normalised.columns) if elements is None else list(order(elements))
    data = normalised.reindex(columns=elements).apply(pd.to_numeric, errors="coerce").to_numpy(float)
    data = np.where(data > 0, data, np.nan) if logy else data
    x = np.arange(len(elements), dtype=float)
    labels, idx = group_index(len(normalised), groups)
    cols = colours_for(labels, colours)
    with style.style():
        ax = style.get_ax(ax, figsize=(6.5, 3.5))
        for lab, rows in zip(labels, idx):
            c = cols[lab]
            sub = data[rows]
            has = np.isfinite(sub).any(axis=0)
            with warnings.catch_warnings():  # all-NaN elements are gaps, not errors
                warnings.simplefilter("ignore", RuntimeWarning)
                lo = np.where(has, np.nanmin(np.where(has, sub, 0), axis=0), np.nan)
                hi = np.where(has, np.nanmax(np.where(has, sub, 0), axis=0), np.nan)
                centre = np.nanmean(sub, axis=0) if stat == "mean" else np.nanmedian(sub, axis=0)
            label = "all samples" if lab is None else str(lab)
            if envelope:
                ax.fill_between(x, lo, hi, where=has, color=c, alpha=0.22, linewidth=0,
                                label=f"{label} (range)", gid="envelope")
            if band is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    blo, bhi = np.nanpercentile(np.where(has, sub, 0), band, axis=0)
                ax.fill_between(x, np.where(has, blo, np.nan), np.where(has, bhi, np.nan), where=has,
                                color=c, alpha=0.35, linewidth=0, label=f"{label} ({band[0]:g}-{band[1]:g}th pct)",
                                gid="band")
            if individual:
                for r in sub:
                    ax.plot(x, r, color=c, linewidth=0.4, alpha=0.5, gid="individual")
            ax.plot(x, centre, color=c, linewidth=1.6, marker="o", markersize=3,
                    label=f"{label} ({stat})", gid="centre")
        for i, (lab, ref) in enumerate((references or {}).items()):
            vals = pd.to_numeric(pd.Series(ref).reindex(elements), errors="coerce").to_numpy(float)
            ax.plot(x, vals, linewidth=1.0, gid="reference", label=str(lab),
                    **REFERENCE_STYLES[i % len(REFERENCE_STYLES)])
        if logy:
            ax.set_yscale("log")
        ax.set_xticks(x)
        ax.set_xticklabels(elements, rotation=0 if len(elements) <= 15 else 90)
        ax.set_xlim(-0.5, len(elements) - 0.5)
        ref_name = normalised.attrs.get("normalised_to")
        ax.set_ylabel(ylabel or (f"sample / {ref_name}" if ref_name else "normalised value"))
        if title:
            ax.set_title(title)
        if legend:
            ax.legend(loc="best", ncols=2 if len(labels) > 3 else 1)
    return ax


def plot_chalcophile_profile(normalised, groups=None, *, ax=None, **kw):
    """Primitive-mantle-normalised chalcophile profile in Holwell et al. (2019, Fig. 1) order.

    Same options as :func:`plot_spider`; the x axis is Ni, Co, Os, Ir, Ru,
    Rh, Pt, Pd, Au, Cu, Te (:data:`metasome.trace.orders.CHALCOPHILE_ORDER`).

    References
    ----------
    Holwell, D.A. et al. (2019) Nature Communications 10, 3511.
    """
    from metasome.trace.orders import CHALCOPHILE_ORDER

    kw.setdefault("elements", CHALCOPHILE_ORDER)
    return plot_spider(normalised, groups, ax=ax, **kw)
