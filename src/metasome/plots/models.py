"""Figures of petrogenetic models: chalcophile profiles of model stages, Te-Ni/Te-Cu
trajectories, and isotope-vs-concentration curves of melting, FC and AFC.

These functions draw results computed by :mod:`metasome.melting` and
:mod:`metasome.sulfide`; they compute no science. :func:`add_trajectory`
adds model lines to an existing axes (e.g. the Te-Ni data plot with
Holwell's lithospheric bands drawn by :mod:`metasome.plots.chalcophile`).
"""

from __future__ import annotations

import numpy as np

from metasome.plots.style import PALETTE, get_ax, style


def plot_chalcophile_profiles(normalised, ax=None, **kw):
    """Primitive-mantle-normalised profiles, one line per row (stage), columns in plot order.

    Parameters
    ----------
    normalised : pandas.DataFrame
        Rows = stages, columns = elements (already normalised; e.g. the
        ``normalised`` table of :func:`metasome.sulfide.reproduce_holwell`).
    """
    with style():
        ax = get_ax(ax, figsize=(5.5, 3.8))
        x = np.arange(normalised.shape[1])
        for i, (name, row) in enumerate(normalised.iterrows()):
            ax.plot(x, row.to_numpy(float), marker="o", color=PALETTE[i % len(PALETTE)],
                    label=str(name), **kw)
        ax.set_yscale("log")
        ax.set_xticks(x, list(normalised.columns))
        ax.set_ylabel("sample / primitive mantle")
        ax.axhline(1.0, color="0.6", lw=0.6, zorder=0)
        ax.legend(loc="best")
    return ax


def add_trajectory(ax, te, other, labels=None, *, label=None, color=None, marker="o", **kw):
    """Add a model trajectory (Ni or Cu on x, Te on y, as :func:`metasome.plots.chalcophile.plot_te_ni`).

    Returns the axes.

    Parameters
    ----------
    ax : matplotlib Axes
        Axes to draw on (e.g. from the Te-Ni data plot).
    te, other : array_like
        Te and Ni (or Cu) concentrations along the model, ppm.
    labels : sequence of str, optional
        Text written beside each point (e.g. stage names).
    label : str, optional
        Legend label of the line.
    """
    te = np.asarray(te, float)
    other = np.asarray(other, float)
    with style():
        (line,) = ax.plot(other, te, marker=marker, ms=3.5, color=color, label=label, **kw)
        if labels is not None:
            for xv, yv, t in zip(other, te, labels):
                ax.annotate(str(t), (xv, yv), textcoords="offset points", xytext=(4, 3),
                            fontsize=6, color=line.get_color())
        ax.set_xscale("log")
        ax.set_yscale("log")
        if label is not None:
            ax.legend(loc="best")
    return ax


def plot_data_te(data, other="Ni", ax=None, **kw):
    """Scatter of Te (y) against Ni or Cu (x) from a table with ppm columns; zeros and NaN dropped."""
    te = np.asarray(data["Te"], float)
    x = np.asarray(data[other], float)
    ok = np.isfinite(te) & np.isfinite(x) & (te > 0) & (x > 0)
    with style():
        ax = get_ax(ax)
        ax.scatter(x[ok], te[ok], s=8, color="0.55", label=f"data (n={ok.sum()})", **kw)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"{other} (ppm)")
        ax.set_ylabel("Te (ppm)")
    return ax


def plot_process_isotopes(curves, data=None, ax=None, xlabel="concentration (ppm)",
                          ylabel="isotope ratio", **kw):
    """Isotope ratio against concentration for each process of :func:`metasome.melting.process_isotope_curves`.

    Parameters
    ----------
    curves : pandas.DataFrame
        Columns ``process``, ``r``, ``c``, ``ratio``.
    data : tuple of array_like, optional
        ``(c, ratio)`` of samples to compare.
    """
    with style():
        ax = get_ax(ax)
        i = 0
        for (proc, r), g in curves.groupby(["process", "r"], sort=False):
            lab = proc if proc != "AFC" else f"AFC r={r:g}"
            ax.plot(g["c"], g["ratio"], color=PALETTE[i % len(PALETTE)], label=lab, **kw)
            i += 1
        if data is not None:
            ax.scatter(np.asarray(data[0], float), np.asarray(data[1], float), s=10, color="0.3",
                       label="data", zorder=3)
        ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="best")
    return ax
