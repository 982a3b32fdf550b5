"""Map projections of the sphere and map extents, vectorised over numpy arrays.

Three projections, all on a sphere of radius ``radius`` (default 1, so that the
numbers can be checked against Snyder's worked examples):

``"platecarree"``
    Equirectangular with the equator as standard parallel, in degrees:
    ``x = lon - lon0``, ``y = lat`` (Snyder 1987, eqs. 12-1, 12-2 with phi1 = 0,
    expressed in degrees so that map axes read in degrees).
``"equal-area"`` (alias ``"cylindrical-equal-area"``)
    Cylindrical equal-area (Lambert's when the standard parallel is 0):
    ``x = R (lambda - lambda0) cos(phi_s)``, ``y = R sin(phi) / cos(phi_s)``
    (Snyder 1987, eqs. 10-1, 10-2).
``"mollweide"``
    Mollweide equal-area pseudocylindrical:
    ``2 theta + sin(2 theta) = pi sin(phi)`` solved by Newton-Raphson
    (Snyder 1987, eq. 31-4 with 31-5), ``x = (sqrt 8 / pi) R (lambda - lambda0) cos(theta)``,
    ``y = sqrt 2 R sin(theta)`` (eqs. 31-1, 31-2).

Longitudes are measured from a central meridian ``lon0`` and wrapped into
``[-180, 180)`` about it, so maps centred on the Pacific work; lines that cross the
seam opposite ``lon0`` are split (:func:`split_at_seam`).

References
----------
Snyder, J. P. (1987) Map Projections - A Working Manual. U.S. Geological Survey
Professional Paper 1395, 383 pp. doi:10.3133/pp1395. (Cylindrical equal-area
pp. 76-85; equirectangular pp. 90-91; Mollweide pp. 249-252; worked examples in
Appendix A.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PROJECTIONS: tuple[str, ...] = ("platecarree", "equal-area", "mollweide")
_ALIASES = {
    "platecarree": "platecarree", "plate carree": "platecarree", "plate-carree": "platecarree",
    "equirectangular": "platecarree", "pc": "platecarree",
    "equal-area": "equal-area", "equal area": "equal-area", "cylindrical-equal-area": "equal-area",
    "cea": "equal-area", "lambert": "equal-area",
    "mollweide": "mollweide", "moll": "mollweide",
}


def projection_name(name: str) -> str:
    """Canonical name of a projection (``platecarree``, ``equal-area`` or ``mollweide``)."""
    key = str(name).strip().lower()
    if key not in _ALIASES:
        raise ValueError(f"unknown projection {name!r}; choose one of {', '.join(PROJECTIONS)}")
    return _ALIASES[key]


def wrap_longitude(lon, lon0: float = 0.0) -> np.ndarray:
    """Longitude relative to ``lon0``, wrapped into ``[-180, 180)`` degrees (NaN stays NaN)."""
    lon = np.asarray(lon, dtype=float)
    return np.mod(lon - lon0 + 180.0, 360.0) - 180.0


def _mollweide_theta(phi: np.ndarray, tol: float = 1e-12, max_iter: int = 50) -> np.ndarray:
    """Auxiliary angle theta of the Mollweide projection (Snyder 1987, eqs. 31-4, 31-5)."""
    target = np.pi * np.sin(phi)
    # Snyder's iteration is on theta' = 2 theta: theta' + sin(theta') = pi sin(phi)
    tp = np.array(phi, dtype=float, copy=True)
    for _ in range(max_iter):
        f = tp + np.sin(tp) - target
        d = 1.0 + np.cos(tp)
        step = np.divide(f, d, out=np.zeros_like(f), where=d > 1e-15)
        tp = tp - step
        if np.all(~np.isfinite(step) | (np.abs(step) < tol)):
            break
    theta = tp / 2.0
    # at the poles the iteration is singular; theta = phi there
    pole = np.abs(np.abs(phi) - np.pi / 2) < 1e-10
    return np.where(pole, phi, theta)


def forward(lon, lat, projection: str = "platecarree", lon0: float = 0.0, *,
            standard_parallel: float = 0.0, radius: float = 1.0, wrap: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Project longitudes and latitudes (degrees) to map coordinates.

    Parameters
    ----------
    lon, lat : array_like
        Degrees. NaN passes through as NaN (used to separate lines).
    projection : str
        ``"platecarree"`` (x, y in degrees), ``"equal-area"`` (cylindrical
        equal-area) or ``"mollweide"``.
    lon0 : float
        Central meridian, degrees.
    standard_parallel : float
        Standard parallel of the cylindrical equal-area projection, degrees
        (0 gives Lambert's cylindrical equal-area). Ignored otherwise.
    radius : float
        Sphere radius for the equal-area projections (units of x and y).
    wrap : bool
        Wrap ``lon - lon0`` into ``[-180, 180)`` (default). False takes longitudes
        already placed about ``lon0`` (e.g. from :func:`split_at_seam`, which keeps
        vertices on the seam at +180 on their side), clipped to +/-180.

    Returns
    -------
    x, y : numpy.ndarray

    References
    ----------
    Snyder, J. P. (1987) Map Projections - A Working Manual. USGS Professional
    Paper 1395: equirectangular eqs. 12-1, 12-2; cylindrical equal-area eqs. 10-1,
    10-2; Mollweide eqs. 31-1 to 31-5.
    """
    name = projection_name(projection)
    lat = np.asarray(lat, dtype=float)
    if wrap:
        dlon = wrap_longitude(lon, lon0)
    else:
        dlon = np.clip(np.asarray(lon, dtype=float) - lon0, -180.0, 180.0)
    if name == "platecarree":
        return dlon, lat.copy()
    lam = np.radians(dlon)
    phi = np.radians(np.clip(lat, -90.0, 90.0))
    phi = np.where(np.isnan(lat), np.nan, phi)
    if name == "equal-area":
        cs = np.cos(np.radians(standard_parallel))
        return radius * lam * cs, radius * np.sin(phi) / cs
    theta = _mollweide_theta(phi)
    return (np.sqrt(8.0) / np.pi * radius * lam * np.cos(theta), np.sqrt(2.0) * radius * np.sin(theta))


def inverse(x, y, projection: str = "platecarree", lon0: float = 0.0, *,
            standard_parallel: float = 0.0, radius: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (degrees) of map coordinates; inverse of :func:`forward`.

    Points outside the map (e.g. outside the Mollweide ellipse) give NaN.

    References
    ----------
    Snyder, J. P. (1987) Map Projections - A Working Manual. USGS Professional
    Paper 1395: cylindrical equal-area eqs. 10-3, 10-4; Mollweide eqs. 31-6 to 31-8.
    """
    name = projection_name(projection)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if name == "platecarree":
        lon, lat = x + lon0, y.copy()
        bad = (np.abs(x) > 180.0) | (np.abs(y) > 90.0)
    elif name == "equal-area":
        cs = np.cos(np.radians(standard_parallel))
        s = y * cs / radius
        bad = (np.abs(s) > 1.0) | (np.abs(x) > np.pi * radius * cs)
        lat = np.degrees(np.arcsin(np.clip(s, -1.0, 1.0)))
        lon = np.degrees(x / (radius * cs)) + lon0
    else:
        s = y / (np.sqrt(2.0) * radius)
        theta = np.arcsin(np.clip(s, -1.0, 1.0))
        lat = np.degrees(np.arcsin(np.clip((2 * theta + np.sin(2 * theta)) / np.pi, -1.0, 1.0)))
        c = np.cos(theta)
        lam = np.divide(np.pi * x, 2.0 * np.sqrt(2.0) * radius * c, out=np.zeros_like(x), where=c > 1e-15)
        lon = np.degrees(lam) + lon0
        bad = (np.abs(s) > 1.0) | (np.abs(lam) > np.pi + 1e-12)
    lon = np.where(bad, np.nan, np.mod(lon + 180.0, 360.0) - 180.0)
    lat = np.where(bad, np.nan, lat)
    return lon, lat


def split_at_seam(lon, lat, lon0: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Wrap a polyline's longitudes about ``lon0`` and break it where it jumps across the seam.

    A NaN is inserted between consecutive vertices whose wrapped longitudes differ by
    more than 180 degrees (the line crosses the meridian opposite ``lon0``).
    Returns ``(lon_wrapped_absolute, lat)`` with longitudes in ``[lon0-180, lon0+180)``.
    """
    rel = wrap_longitude(lon, lon0)
    lat = np.asarray(lat, dtype=float)
    # a vertex exactly on the seam belongs to the side its neighbours are on
    on_seam = rel == -180.0
    if on_seam.any():
        prev_pos = np.concatenate([[False], rel[:-1] > 0])
        next_pos = np.concatenate([rel[1:] > 0, [False]])
        rel = np.where(on_seam & (prev_pos | next_pos), 180.0, rel)
    jump = np.flatnonzero(np.abs(np.diff(rel)) > 180.0) + 1
    rel = np.insert(rel, jump, np.nan)
    lat = np.insert(lat, jump, np.nan)
    return rel + lon0, lat


def circular_mean_longitude(lon) -> float:
    """Mean direction of longitudes (degrees, in ``[-180, 180)``), NaN ignored; NaN if none."""
    lam = np.radians(np.asarray(lon, dtype=float))
    lam = lam[np.isfinite(lam)]
    if lam.size == 0:
        return float("nan")
    mean = np.degrees(np.arctan2(np.sin(lam).mean(), np.cos(lam).mean()))
    return float(np.mod(mean + 180.0, 360.0) - 180.0)


@dataclass(frozen=True)
class Extent:
    """A map window in degrees about a central meridian.

    ``lon_min``/``lon_max`` are relative to ``lon0`` (in ``[-180, 180]``), so a window
    across the antimeridian is simply a window about a Pacific ``lon0``.
    """

    lon0: float
    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    is_global: bool

    @property
    def absolute(self) -> tuple[float, float, float, float]:
        """``(west, east, south, north)`` in absolute longitudes (east may exceed 180)."""
        return (self.lon0 + self.lon_min, self.lon0 + self.lon_max, self.lat_min, self.lat_max)


GLOBAL_LON_SPAN = 200.0
GLOBAL_LAT_SPAN = 110.0


def choose_extent(lon, lat, extent=None, *, margin: float = 0.15, min_margin: float = 2.0,
                  lon0: float | None = None) -> Extent:
    """The map window for points: global, regional from the data, or as given.

    Parameters
    ----------
    lon, lat : array_like
        Points to show (degrees; NaN ignored).
    extent : None, "auto", "global" or (west, east, south, north)
        None or ``"auto"``: regional when the points span less than
        ``GLOBAL_LON_SPAN`` degrees of longitude and ``GLOBAL_LAT_SPAN`` of latitude
        (spans measured about their circular mean longitude, so data straddling the
        antimeridian are regional), global otherwise or when no point is valid.
        A tuple gives the window in degrees; ``west > east`` means it crosses the
        antimeridian.
    margin : float
        Regional windows are enlarged by this fraction of the span on each side,
        at least ``min_margin`` degrees.
    lon0 : float, optional
        Central meridian; default 0 for global maps, the window centre otherwise.
    """
    lon = np.asarray(lon, dtype=float).ravel()
    lat = np.asarray(lat, dtype=float).ravel()
    ok = np.isfinite(lon) & np.isfinite(lat)
    if isinstance(extent, str):
        if extent.lower() == "global":
            return Extent(0.0 if lon0 is None else float(lon0), -180.0, 180.0, -90.0, 90.0, True)
        if extent.lower() != "auto":
            raise ValueError(f"extent must be None, 'auto', 'global' or (west, east, south, north), not {extent!r}")
        extent = None
    if extent is not None:
        west, east, south, north = (float(v) for v in extent)
        if not (-90.0 <= south < north <= 90.0):
            raise ValueError(f"extent latitudes must satisfy -90 <= south < north <= 90, not {south}, {north}")
        if east <= west:
            east += 360.0
        centre = (west + east) / 2.0 if lon0 is None else float(lon0)
        half_w, half_e = west - centre, east - centre
        is_global = (east - west) >= 359.999 and south <= -89.999 and north >= 89.999
        return Extent(centre, max(half_w, -180.0), min(half_e, 180.0), south, north, is_global)
    if not ok.any():
        return Extent(0.0 if lon0 is None else float(lon0), -180.0, 180.0, -90.0, 90.0, True)
    centre = circular_mean_longitude(lon[ok])
    rel = wrap_longitude(lon[ok], centre)
    lo, hi = rel.min(), rel.max()
    s, n = lat[ok].min(), lat[ok].max()
    if (hi - lo) > GLOBAL_LON_SPAN or (n - s) > GLOBAL_LAT_SPAN:
        return Extent(0.0 if lon0 is None else float(lon0), -180.0, 180.0, -90.0, 90.0, True)
    mx = max(margin * (hi - lo), min_margin)
    my = max(margin * (n - s), min_margin)
    centre_abs = centre + (lo + hi) / 2.0
    half = float((hi - lo) / 2.0 + mx)
    c0 = float(np.mod(centre_abs + 180.0, 360.0) - 180.0) if lon0 is None else float(lon0)
    if lon0 is None:
        return Extent(c0, -min(half, 180.0), min(half, 180.0), float(max(s - my, -90.0)),
                      float(min(n + my, 90.0)), False)
    rel2 = wrap_longitude(lon[ok], c0)
    return Extent(c0, float(max(rel2.min() - mx, -180.0)), float(min(rel2.max() + mx, 180.0)),
                  float(max(s - my, -90.0)), float(min(n + my, 90.0)), False)
