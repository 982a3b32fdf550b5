"""Build ``src/metasome/reference/data/coastlines.npz`` from Natural Earth 1:110m data.

Run once by a maintainer, never by metasome at run time. The source is the
Natural Earth 1:110m Admin-0 countries layer (public domain) as shipped inside
the ``geopandas==0.14.4`` wheel on PyPI (``geopandas/datasets/naturalearth_lowres``).
The countries are dissolved into land masses; the outlines of the land masses
are the coastlines. Artificial edges that Natural Earth adds where polygons are
cut at the antimeridian (lon = +/-180) and along the bottom of Antarctica
(lat = -90) are dropped. Coordinates are stored as float32 lon/lat arrays with
NaN separating one line from the next.

Build-time requirements (not metasome dependencies): ``pip``, ``shapely>=2``,
``pyshp``. Usage::

    python tools/make_coastlines.py                 # pip-downloads the wheel into a temp dir
    python tools/make_coastlines.py --wheel path/to/geopandas-0.14.4-py3-none-any.whl

References
----------
Natural Earth (2023) 1:110m Cultural Vectors, Admin 0 - Countries, version 5.x.
https://www.naturalearthdata.com/ ("All versions of Natural Earth raster + vector
map data found on this website are in the public domain.")
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parents[1] / "src" / "metasome" / "reference" / "data" / "coastlines.npz"
EDGE_TOL = 1e-6


def _wheel(path: str | None, tmp: Path) -> Path:
    if path:
        return Path(path)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", WHEEL, "-d", str(tmp)], check=True)
    return next(tmp.glob("geopandas-*.whl"))


def _land(wheel: Path, tmp: Path):
    import shapefile  # pyshp
    from shapely.geometry import shape
    from shapely.ops import unary_union

    with zipfile.ZipFile(wheel) as z:
        for ext in ("shp", "shx", "dbf"):
            z.extract(f"{MEMBER}.{ext}", tmp)
    reader = shapefile.Reader(str(tmp / MEMBER))
    polygons = [shape(s.__geo_interface__).buffer(0) for s in reader.shapes()]
    return unary_union(polygons)


def _artificial(a: np.ndarray, b: np.ndarray) -> bool:
    """True for a segment lying on the antimeridian or on the south pole line."""
    on_meridian = abs(abs(a[0]) - 180.0) < EDGE_TOL and abs(abs(b[0]) - 180.0) < EDGE_TOL
    on_pole = a[1] < -90.0 + EDGE_TOL and b[1] < -90.0 + EDGE_TOL
    return on_meridian or on_pole


def _lines(land) -> list[np.ndarray]:
    rings = []
    for poly in getattr(land, "geoms", [land]):
        rings.append(np.asarray(poly.exterior.coords))
        rings.extend(np.asarray(r.coords) for r in poly.interiors)
    lines = []
    for ring in rings:
        keep = np.array([not _artificial(ring[i], ring[i + 1]) for i in range(len(ring) - 1)])
        if keep.all():
            lines.append(ring)
            continue
        # split the closed ring at dropped segments; rotate so it starts after one
        start = int(np.flatnonzero(~keep)[0]) + 1
        seg = np.roll(ring[:-1], -start, axis=0)
        kept = np.roll(keep, -start)
        current = [seg[0]]
        for i in range(len(seg) - 1):
            if kept[i]:
                current.append(seg[i + 1])
            else:
                if len(current) > 1:
                    lines.append(np.array(current))
                current = [seg[i + 1]]
        if kept[-1]:
            current.append(seg[0])
        if len(current) > 1:
            lines.append(np.array(current))
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="path of a downloaded geopandas-0.14.4 wheel")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        wheel = _wheel(args.wheel, tmp)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lines = _lines(_land(wheel, tmp))
    parts = []
    for line in lines:
        parts.append(line.astype(np.float32))
        parts.append(np.full((1, 2), np.nan, dtype=np.float32))
    xy = np.concatenate(parts[:-1])
    np.savez_compressed(
        args.out,
        lon=xy[:, 0],
        lat=xy[:, 1],
        source=np.array("Natural Earth 1:110m Admin-0 countries (naturalearth_lowres in the "
                        f"geopandas 0.14.4 wheel, sha256 {digest}), dissolved to land outlines"),
        licence=np.array("public domain (Natural Earth terms of use)"),
    )
    print(f"{args.out}: {len(lines)} lines, {len(xy) - len(lines) + 1} vertices, "
          f"{Path(args.out).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
