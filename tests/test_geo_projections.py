"""Map projections against Snyder (1987) worked examples, and map extents."""

from __future__ import annotations

import numpy as np
import pytest

from metasome.geo import projections as pj


def test_mollweide_matches_snyder_1987_appendix_a():
    # Snyder (1987) PP 1395 Appendix A, Mollweide: R = 1, lambda0 = 90 W, phi = 50 S, lambda = 75 W
    # -> theta = -40.6289306 deg, x = 0.1788845, y = -0.9208758
    x, y = pj.forward(-75.0, -50.0, "mollweide", -90.0)
    assert x == pytest.approx(0.1788845, abs=5e-8)
    assert y == pytest.approx(-0.9208758, abs=5e-8)
    assert np.degrees(pj._mollweide_theta(np.radians(np.array([-50.0]))))[0] == pytest.approx(-40.6289306, abs=5e-7)
    lon, lat = pj.inverse(0.1788845, -0.9208758, "mollweide", -90.0)
    assert (lon, lat) == (pytest.approx(-75.0, abs=1e-5), pytest.approx(-50.0, abs=1e-5))


def test_cylindrical_equal_area_matches_snyder_1987_appendix_a():
    # Snyder (1987) Appendix A, cylindrical equal-area (normal, sphere): R = 1, lambda0 = 75 W,
    # phi_s = 30 N, phi = 35 N, lambda = 80 E -> x = 2.3428242, y = 0.6623090
    x, y = pj.forward(80.0, 35.0, "equal-area", -75.0, standard_parallel=30.0)
    assert x == pytest.approx(2.3428242, abs=5e-8)
    assert y == pytest.approx(0.6623090, abs=5e-8)
    lon, lat = pj.inverse(2.3428242, 0.6623090, "equal-area", -75.0, standard_parallel=30.0)
    assert (lon, lat) == (pytest.approx(80.0, abs=1e-5), pytest.approx(35.0, abs=1e-5))


@pytest.mark.parametrize("name", ["equal-area", "mollweide"])
def test_equal_area_projections_preserve_area(name):
    # area of a 10x10 degree cell at the equator and at 60 N must be in the ratio of the sphere's
    def cell(lat0):
        lon = np.array([0.0, 10.0, 10.0, 0.0])
        lat = np.array([lat0, lat0, lat0 + 10.0, lat0 + 10.0])
        fine_lon = np.concatenate([np.linspace(lon[i], lon[(i + 1) % 4], 200) for i in range(4)])
        fine_lat = np.concatenate([np.linspace(lat[i], lat[(i + 1) % 4], 200) for i in range(4)])
        x, y = pj.forward(fine_lon, fine_lat, name)
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    sphere = lambda a, b: np.radians(10.0) * (np.sin(np.radians(b)) - np.sin(np.radians(a)))
    assert cell(0.0) == pytest.approx(sphere(0, 10), rel=1e-4)
    assert cell(60.0) == pytest.approx(sphere(60, 70), rel=1e-4)


def test_plate_carree_and_wrapping():
    x, y = pj.forward([170.0, -170.0], [10.0, -10.0], "platecarree", 180.0)
    assert x.tolist() == [-10.0, 10.0] and y.tolist() == [10.0, -10.0]
    assert pj.wrap_longitude([190.0, -190.0, 0.0], 0.0).tolist() == [-170.0, 170.0, 0.0]
    lon, lat = pj.split_at_seam([170.0, 179.0, -179.0, -170.0], [0, 1, 2, 3], 0.0)
    assert np.isnan(lon[2]) and np.isnan(lat[2]) and len(lon) == 5
    with pytest.raises(ValueError):
        pj.projection_name("mercator")


def test_extent_regional_global_and_across_the_antimeridian():
    reg = pj.choose_extent([-122.0, -121.0], [42.0, 44.0])
    assert not reg.is_global and reg.lon0 == pytest.approx(-121.5)
    w, e, s, n = reg.absolute
    assert w < -122 and e > -121 and s < 42 and n > 44 and (e - w) < 10
    glob = pj.choose_extent([-150.0, 100.0, 0.0, 60.0], [-60.0, 70.0, 0.0, 10.0])
    assert glob.is_global and glob.absolute == (-180.0, 180.0, -90.0, 90.0)
    pac = pj.choose_extent([170.0, -175.0, 178.0], [-18.0, -20.0, -15.0])
    assert not pac.is_global and pac.lon_max - pac.lon_min < 40
    assert abs(abs(pac.lon0) - 177.5) < 1e-9
    given = pj.choose_extent([0.0], [0.0], (160.0, -170.0, -30.0, 0.0))
    assert given.absolute == pytest.approx((160.0, 190.0, -30.0, 0.0))
    assert pj.choose_extent([np.nan], [np.nan]).is_global
    with pytest.raises(ValueError):
        pj.choose_extent([0.0], [0.0], (0.0, 10.0, 20.0, 10.0))
