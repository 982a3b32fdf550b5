"""Isotope figures: eNd(t)-Sr(t), d7Li/d138Ba vs concentration (Qiu et al. 2025 Fig. 3),
d7Li-d138Ba and eNd(t) vs deltas (Qiu Fig. 4 layout), eNd(t) vs age.

Plot functions take a DataFrame of canonical (or derived) columns, draw inside
:func:`metasome.plots.style.style`, and return the axes. They compute no science:
reference lines and fields come from :mod:`metasome.isotopes` (passed in, or
fetched from it when not given).

References
----------
Qiu et al. (2025) Nat. Commun.: Figs. 3 and 4 (layout; DM, AOC and UCC fields from the captions/text).
DePaolo, D.J. & Wasserburg, G.J. (1979) Proc. Natl. Acad. Sci. USA 76, 3056-3060 (Nd-Sr mantle array).
Workman, R.K. & Hart, S.R. (2005) Earth Planet. Sci. Lett. 231, 53-72 (DMM).
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style as _style

LABELS = {
    "87Sr/86Sr(t)": r"$(^{87}$Sr/$^{86}$Sr$)_t$",
    "87Sr/86Sr": r"$^{87}$Sr/$^{86}$Sr",
    "eNd(t)": r"$\varepsilon_{Nd}(t)$",
    "eNd(0)": r"$\varepsilon_{Nd}(0)$",
    "d7Li": r"$\delta^{7}$Li (‰)",
    "d138/134Ba": r"$\delta^{138/134}$Ba (‰)",
    "Li": "Li (ppm)",
    "Ba": "Ba (ppm)",
    "age": "Age (Ma)",
}
_FIELD_COLOURS = {"depleted_mantle": "#999999", "AOC": "#56B4E9", "UCC": "#E69F00"}
_FIELD_LABELS = {"depleted_mantle": "Depleted mantle", "AOC": "AOC", "UCC": "UCC"}


def _label(name: str) -> str:
    return LABELS.get(name, name)


def _scatter(ax, data, x, y, group=None, colour=None, colour_label=None, cmap="viridis", **kw):
    """Scatter by group (palette of style) or by a continuous colour; returns the mappable or None."""
    xs, ys = np.asarray(data[x], dtype=float), np.asarray(data[y], dtype=float)
    if colour is not None:
        c = np.asarray(data[colour] if isinstance(colour, str) else colour, dtype=float)
        sc = ax.scatter(xs, ys, c=c, cmap=cmap, edgecolors="k", linewidths=0.4, zorder=3, **kw)
        cb = ax.figure.colorbar(sc, ax=ax)
        cb.set_label(colour_label or (colour if isinstance(colour, str) else ""))
        return sc
    if group is not None:
        groups = list(data[group])
        colours = _style.group_colours(groups)
        markers = _style.group_markers(groups)
        g = np.asarray(groups, dtype=object)
        for name in colours:
            m = g == name
            ax.scatter(xs[m], ys[m], color=colours[name], marker=markers[name], edgecolors="k",
                       linewidths=0.4, label=str(name), zorder=3, **kw)
        ax.legend()
        return None
    ax.scatter(xs, ys, color=_style.PALETTE[0], edgecolors="k", linewidths=0.4, zorder=3, **kw)
    return None


def _fields(fields):
    if fields is None:
        from metasome.isotopes import reference_fields

        fields = reference_fields()
    return fields


def plot_end_sr(data, *, x: str = "87Sr/86Sr(t)", y: str = "eNd(t)", group: str | None = None,
                ur: float | None = None, mantle_array: dict | None = None, reservoirs: dict | None = None,
                ax=None, **kw):
    """eNd(t) vs (87Sr/86Sr)_t with CHUR/UR cross-hairs, the mantle array and reservoir points.

    Parameters
    ----------
    data : DataFrame with columns ``x`` and ``y`` (e.g. from :func:`metasome.isotopes.derive`).
    ur : float, optional
        87Sr/86Sr of the vertical cross-hair (default: the default convention's UR, 0.7045).
    mantle_array : dict, optional
        ``{"87Sr/86Sr": (x0, x1), "eNd": (y0, y1)}`` (default :func:`metasome.isotopes.mantle_array`).
        The array is the present-day DMM-BSE line (DePaolo & Wasserburg 1979), drawn for orientation.
    reservoirs : dict, optional
        ``{name: (87Sr/86Sr, eNd)}`` points to mark (default DMM, Workman & Hart 2005).
    """
    import metasome.isotopes as iso

    if ur is None:
        ur = iso.default_convention().ur_sr87_sr86
    if mantle_array is None:
        mantle_array = iso.mantle_array()
    if reservoirs is None:
        reservoirs = {"DMM": (mantle_array["87Sr/86Sr"][0], mantle_array["eNd"][0])}
    with _style.style():
        ax = _style.get_ax(ax)
        ax.axhline(0.0, color="k", lw=0.8, ls="--", label="CHUR", zorder=1)
        ax.axvline(ur, color="k", lw=0.8, ls=":", label="UR", zorder=1)
        ax.plot(mantle_array["87Sr/86Sr"], mantle_array["eNd"], color="0.4", lw=6, alpha=0.35,
                solid_capstyle="round", label="Mantle array", zorder=1)
        for name, (sx, ey) in reservoirs.items():
            ax.plot([sx], [ey], marker="*", color="k", ms=9, ls="none", zorder=2)
            ax.annotate(name, (sx, ey), xytext=(4, 4), textcoords="offset points")
        _scatter(ax, data, x, y, group=group, **kw)
        ax.set_xlabel(_label(x))
        ax.set_ylabel(_label(y))
    return ax


def plot_delta_vs_concentration(data, *, delta: str = "d7Li", element: str = "Li",
                                colour=None, colour_label: str = "ΣREE (ppm)", fields: dict | None = None,
                                logx: bool = True, ax=None, **kw):
    """d7Li vs Li or d138/134Ba vs Ba coloured by total REE, with DM, AOC and UCC bands (Qiu Fig. 3).

    Parameters
    ----------
    colour : str or array, optional
        Column name or values for the colour ramp (total REE, computed by :mod:`metasome.trace`).
    fields : dict, optional
        ``{name: {"d7Li": (lo, hi), "d138_134Ba": (lo, hi)}}``; default the Qiu et al. (2025)
        values in ``reference/data/isotopes.toml``.
    """
    key = {"d7Li": "d7Li", "d138/134Ba": "d138_134Ba"}.get(delta)
    fields = _fields(fields)
    with _style.style():
        ax = _style.get_ax(ax)
        if key is not None:
            for name in ("depleted_mantle", "AOC", "UCC"):
                if name in fields and key in fields[name]:
                    lo, hi = fields[name][key]
                    ax.axhspan(lo, hi, color=_FIELD_COLOURS[name], alpha=0.25, lw=0,
                               label=_FIELD_LABELS[name], zorder=0)
        _scatter(ax, data, element, delta, colour=colour, colour_label=colour_label, **kw)
        if logx:
            ax.set_xscale("log")
        ax.set_xlabel(_label(element))
        ax.set_ylabel(_label(delta))
        ax.legend(loc="best")
    return ax


def plot_li_ba(data, *, x: str = "d138/134Ba", y: str = "d7Li", group: str | None = None,
               colour=None, colour_label: str | None = None, fields: dict | None = None, ax=None, **kw):
    """d7Li vs d138/134Ba with the depleted-mantle box (Qiu et al. 2025 Fig. 4A)."""
    fields = _fields(fields)
    with _style.style():
        ax = _style.get_ax(ax)
        dm = fields.get("depleted_mantle")
        if dm is not None:
            (x0, x1), (y0, y1) = dm["d138_134Ba"], dm["d7Li"]
            from matplotlib.patches import Rectangle

            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=_FIELD_COLOURS["depleted_mantle"],
                                   alpha=0.35, lw=0, label="Depleted mantle", zorder=0))
        _scatter(ax, data, x, y, group=group, colour=colour, colour_label=colour_label, **kw)
        ax.set_xlabel(_label(x))
        ax.set_ylabel(_label(y))
        ax.legend(loc="best")
        ax.autoscale_view()
    return ax


def plot_end_vs_delta(data, *, delta: str = "d7Li", y: str = "eNd(t)", group: str | None = None,
                      colour=None, colour_label: str | None = r"$(^{87}$Sr/$^{86}$Sr$)_t$",
                      fields: dict | None = None, ax=None, **kw):
    """eNd(t) vs d7Li or d138/134Ba (Qiu et al. 2025 Fig. 4B, C; mixing curves not drawn).

    The depleted-mantle delta range is shaded as a vertical band; eNd = 0 (CHUR) dashed.
    """
    key = {"d7Li": "d7Li", "d138/134Ba": "d138_134Ba"}.get(delta)
    fields = _fields(fields)
    with _style.style():
        ax = _style.get_ax(ax)
        ax.axhline(0.0, color="k", lw=0.8, ls="--", label="CHUR", zorder=1)
        dm = fields.get("depleted_mantle")
        if dm is not None and key in dm:
            lo, hi = dm[key]
            ax.axvspan(lo, hi, color=_FIELD_COLOURS["depleted_mantle"], alpha=0.3, lw=0,
                       label="Depleted mantle", zorder=0)
        _scatter(ax, data, delta, y, group=group, colour=colour, colour_label=colour_label, **kw)
        ax.set_xlabel(_label(delta))
        ax.set_ylabel(_label(y))
        ax.legend(loc="best")
    return ax


def plot_end_evolution(data, *, x: str = "age", y: str = "eNd(t)", group: str | None = None,
                       lines: dict | None = None, max_age: float | None = None, ax=None, **kw):
    """eNd(t) vs age with the CHUR and depleted-mantle evolution lines.

    Parameters
    ----------
    lines : dict, optional
        ``{"age": ages, "CHUR": eNd, "DM": eNd}`` as returned by
        :func:`metasome.isotopes.nd_evolution_lines`; when None that helper is called with
        ages 0..``max_age`` (default 1.2 x the oldest sample, at least 500 Ma) and the default
        convention.
    """
    if lines is None:
        from metasome.isotopes import nd_evolution_lines

        ages = np.asarray(data[x], dtype=float)
        top = max_age or max(500.0, 1.2 * np.nanmax(ages) if np.isfinite(ages).any() else 500.0)
        lines = nd_evolution_lines(np.linspace(0.0, top, 101))
    with _style.style():
        ax = _style.get_ax(ax)
        ax.plot(lines["age"], lines["CHUR"], color="k", ls="--", lw=1, label="CHUR")
        ax.plot(lines["age"], lines["DM"], color="k", ls="-", lw=1, label="Depleted mantle")
        _scatter(ax, data, x, y, group=group, **kw)
        ax.set_xlabel(_label(x))
        ax.set_ylabel(_label(y))
        ax.legend(loc="best")
    return ax
