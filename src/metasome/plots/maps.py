"""Maps of samples and deposits (Qiu et al. 2025, Fig. 1A style), drawn offline.

:func:`plot_map` draws the packaged Natural Earth coastlines, a graticule, samples
coloured and shaped by group, and an optional second table of deposits or
occurrences as distinct star-like symbols by deposit type. The window is global
or regional as the data require (:func:`metasome.geo.projections.choose_extent`);
the projection mathematics lives in :mod:`metasome.geo.projections`.

References
----------
Snyder, J. P. (1987) Map Projections - A Working Manual. USGS Professional Paper 1395.
Natural Earth 1:110m coastlines (public domain), https://www.naturalearthdata.com/.
Qiu, K. et al. (2025) Nature Communications (seed study, Fig. 1A).
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style
from metasome.plots._common import colours_for, group_index, markers_for

#: Marker shapes for deposit types (distinct from the sample markers' first choices).
DEPOSIT_MARKERS: tuple[str, ...] = ("*", "P", "X", "p", "h", "d", "8", "H")
#: Deposit colours: the Tol (2021) muted palette from its dark end, separate from sample colours.
DEPOSIT_COLOURS: tuple[str, ...] = ("#882255", "#332288", "#117733", "#999933", "#AA4499", "#44AA99",
                                    "#DDCC77", "#CC6677")
_STEPS = (0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90)


def _step(span: float, target: int = 5) -> float:
    for s in _STEPS:
        if span / s <= target:
            return float(s)
    return 90.0


def _fmt(value: float, pos: str, neg: str) -> str:
    v = round(float(value), 6)
    if v == 0 or abs(v) == 180:
        return f"{abs(v):g}°"
    return f"{abs(v):g}°{pos if v > 0 else neg}"


def _lines_to_segments(x: np.ndarray, y: np.ndarray) -> list:
    """NaN-separated polyline arrays -> list of (n, 2) arrays for a LineCollection."""
    xy = np.column_stack([x, y])
    breaks = np.flatnonzero(~np.isfinite(x) | ~np.isfinite(y))
    pieces = np.split(xy, breaks)
    return [p[np.isfinite(p).all(axis=1)] for p in pieces if np.isfinite(p).all(axis=1).sum() > 1]


def plot_map(lon, lat, groups=None, ax=None, *, projection: str = "platecarree", extent="auto",
             deposits=None, central_longitude: float | None = None, standard_parallel: float = 0.0,
             colours=None, markers=None, coastlines: bool = True, graticule: bool = True,
             legend: bool = True, title: str | None = None, margin: float = 0.15, size: float = 18.0,
             deposit_size: float = 70.0):
    """Map samples (and deposits) on coastlines.

    Parameters
    ----------
    lon, lat : array_like
        Sample positions, decimal degrees (NaN: not drawn, counted in a note).
    groups : array_like, optional
        Group of each sample: colour and marker by :func:`style.group_colours` /
        :func:`style.group_markers`.
    ax : matplotlib.axes.Axes, optional
    projection : {"platecarree", "equal-area", "mollweide"}
        Plate carree (axes in degrees), Lambert cylindrical equal-area, or Mollweide
        (see :mod:`metasome.geo.projections`).
    extent : "auto", "global" or (west, east, south, north)
        ``"auto"`` (or None) chooses a global or a regional window from the samples and
        deposits together, with ``margin``; ``west > east`` crosses the antimeridian.
    deposits : pandas.DataFrame, optional
        Columns ``longitude``, ``latitude`` and optionally ``deposit_type`` (e.g.
        :func:`metasome.io.deposits.deposit_points`), drawn as distinct symbols by type.
    central_longitude : float, optional
        Central meridian (default 0 for global maps, the window centre for regional ones).
    standard_parallel : float
        Of the cylindrical equal-area projection.
    colours, markers : dict, optional
        Overrides ``{group: colour}`` / ``{group: marker}``.
    coastlines, graticule, legend : bool
    size, deposit_size : float
        Marker areas (points^2) of samples and deposits.

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``"coastlines"`` and ``"graticule"`` (LineCollections),
        ``"samples"`` and ``"deposits"`` (one PathCollection per group/type),
        ``"frame"`` (the Mollweide outline).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.ticker import FixedFormatter, FixedLocator

    from metasome.geo import projections as pj
    from metasome.geo.coastlines import coastlines as load_coastlines

    name = pj.projection_name(projection)
    lon = np.asarray(lon, dtype=float).ravel()
    lat = np.asarray(lat, dtype=float).ravel()
    if lon.shape != lat.shape:
        raise ValueError(f"lon has {lon.size} values but lat has {lat.size}")
    dep_lon = dep_lat = np.empty(0)
    dep_type = np.empty(0, dtype=object)
    if deposits is not None:
        for col in ("longitude", "latitude"):
            if col not in deposits.columns:
                raise ValueError(f"deposits needs a {col!r} column (see metasome.io.deposits.deposit_points)")
        dep_lon = deposits["longitude"].to_numpy(dtype=float)
        dep_lat = deposits["latitude"].to_numpy(dtype=float)
        if "deposit_type" in deposits.columns:
            dep_type = deposits["deposit_type"].astype(object).where(deposits["deposit_type"].notna(),
                                                                     "(type not given)").to_numpy(object)
        else:
            dep_type = np.full(dep_lon.shape, "deposit", dtype=object)

    ext = pj.choose_extent(np.concatenate([lon, dep_lon]), np.concatenate([lat, dep_lat]), extent,
                           margin=margin, lon0=central_longitude)
    lon0 = ext.lon0
    kw = {"standard_parallel": standard_parallel}

    def project(lo, la, wrap=False):
        # longitudes are placed about lon0 by the caller (no re-wrapping of seam vertices)
        return pj.forward(lo, la, name, lon0, wrap=wrap, **kw)

    with style.style():
        ax = style.get_ax(ax, figsize=(7.0, 3.9) if ext.is_global else (5.0, 4.2))
        # window: project a dense outline of the lon/lat box
        t = np.linspace(0.0, 1.0, 181)
        lo_min, lo_max = ext.lon_min, ext.lon_max
        box_lon = np.concatenate([lo_min + (lo_max - lo_min) * t, np.full(t.size, lo_max),
                                  lo_max - (lo_max - lo_min) * t, np.full(t.size, lo_min)]) + lon0
        box_lat = np.concatenate([np.full(t.size, ext.lat_min), ext.lat_min + (ext.lat_max - ext.lat_min) * t,
                                  np.full(t.size, ext.lat_max), ext.lat_max - (ext.lat_max - ext.lat_min) * t])
        bx, by = project(box_lon, box_lat)

        if graticule:
            step = 30.0 if ext.is_global else _step(max(ext.lon_max - ext.lon_min, ext.lat_max - ext.lat_min))
            mer = np.arange(np.ceil((lon0 + ext.lon_min) / step) * step, lon0 + ext.lon_max + 1e-9, step)
            par = np.arange(np.ceil(ext.lat_min / step) * step, ext.lat_max + 1e-9, step)
            segs = []
            lat_line = np.linspace(max(ext.lat_min, -90), min(ext.lat_max, 90), 91)
            for m in mer:
                gx, gy = project(np.full(lat_line.size, m), lat_line)
                segs.append(np.column_stack([gx, gy]))
            lon_line = np.linspace(lo_min, lo_max, 181) + lon0
            for p in par:
                gx, gy = project(lon_line, np.full(lon_line.size, p))
                segs.append(np.column_stack([gx, gy]))
            ax.add_collection(LineCollection(segs, colors="0.82", linewidths=0.4, zorder=0.5, gid="graticule"),
                              autolim=False)
        if coastlines:
            clon, clat = load_coastlines()
            slon, slat = pj.split_at_seam(clon, clat, lon0)
            cx, cy = project(slon, slat)
            ax.add_collection(LineCollection(_lines_to_segments(cx, cy), colors="0.35", linewidths=0.5,
                                             zorder=1, gid="coastlines"), autolim=False)
        if name == "mollweide" and ext.is_global:
            ax.plot(bx, by, color="0.2", linewidth=0.8, zorder=4, gid="frame")
            ax.set_axis_off()

        labels, index = group_index(lon.size, groups)
        cmap = colours_for(labels, colours)
        mmap = markers_for(labels, markers)
        x, y = project(lon, lat, wrap=True)
        for lab, idx in zip(labels, index):
            ok = idx[np.isfinite(x[idx]) & np.isfinite(y[idx])]
            ax.scatter(x[ok], y[ok], s=size, c=cmap[lab], marker=mmap.get(lab, "o"), edgecolors="0.15",
                       linewidths=0.3, zorder=3, label=None if lab is None else str(lab), gid="samples")
        if dep_lon.size:
            types = list(dict.fromkeys(dep_type.tolist()))
            dx, dy = project(dep_lon, dep_lat, wrap=True)
            for i, kind in enumerate(types):
                sel = (dep_type == kind) & np.isfinite(dx) & np.isfinite(dy)
                ax.scatter(dx[sel], dy[sel], s=deposit_size, c=DEPOSIT_COLOURS[i % len(DEPOSIT_COLOURS)],
                           marker=DEPOSIT_MARKERS[i % len(DEPOSIT_MARKERS)], edgecolors="k", linewidths=0.5,
                           zorder=5, label=str(kind), gid="deposits")

        ax.set_xlim(np.nanmin(bx), np.nanmax(bx))
        ax.set_ylim(np.nanmin(by), np.nanmax(by))
        ax.set_aspect("equal", adjustable="box")
        if not (name == "mollweide" and ext.is_global):
            if name == "mollweide":
                ax.set_xticks([])
                ax.set_yticks([])
            else:
                tstep = 60.0 if ext.is_global else _step(max(ext.lon_max - ext.lon_min, ext.lat_max - ext.lat_min))
                tick_lon = np.arange(np.ceil((lon0 + ext.lon_min) / tstep) * tstep, lon0 + ext.lon_max + 1e-9, tstep)
                tick_lat = np.arange(np.ceil(ext.lat_min / tstep) * tstep, ext.lat_max + 1e-9, tstep)
                tx = project(tick_lon, np.zeros_like(tick_lon))[0]
                ty = project(np.full(tick_lat.size, lon0), tick_lat)[1]
                ax.xaxis.set_major_locator(FixedLocator(tx))
                ax.xaxis.set_major_formatter(FixedFormatter(
                    [_fmt(pj.wrap_longitude(v, 0.0) if abs(v) != 180 else 180, "E", "W") for v in tick_lon]))
                ax.yaxis.set_major_locator(FixedLocator(ty))
                ax.yaxis.set_major_formatter(FixedFormatter([_fmt(v, "N", "S") for v in tick_lat]))
                ax.tick_params(top=False, right=False)

        n_missing = int((~(np.isfinite(lon) & np.isfinite(lat))).sum())
        notes = []
        if n_missing:
            notes.append(f"{n_missing} of {lon.size} samples without coordinates")
        if dep_lon.size:
            k = int((~(np.isfinite(dep_lon) & np.isfinite(dep_lat))).sum())
            if k:
                notes.append(f"{k} of {dep_lon.size} deposits without coordinates")
        if notes:
            ax.text(0.99, 0.01, "; ".join(notes), transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=6.5, color="0.3", gid="note")
        n_entries = (0 if labels == [None] else len(labels)) + len(set(dep_type.tolist()))
        if legend and n_entries:
            where = ({"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
                     if n_entries > 6 else {"loc": "lower left", "borderaxespad": 0.3})
            ax.legend(fontsize=7, markerscale=0.9, handletextpad=0.3, frameon=True, framealpha=0.8,
                      edgecolor="none", **where)
        if title:
            ax.set_title(title)
    return ax
