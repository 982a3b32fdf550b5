"""Maps and age histograms: structure, extents, legends, saving, and no network."""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.container import BarContainer

from metasome.geo import timescale
from metasome.plots import style
from metasome.plots.ages import plot_age_histogram
from metasome.plots.maps import plot_map


def _by_gid(ax, gid, kind):
    return [c for c in ax.collections if isinstance(c, kind) and c.get_gid() == gid]


def _n_points(ax, gid):
    return sum(len(c.get_offsets()) for c in _by_gid(ax, gid, PathCollection))


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted while drawing")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_global_map_draws_every_point_coastlines_and_legend(no_network, tmp_path):
    lon = np.array([-115.5, 110.0, 34.7, -45.9, 150.0, np.nan])
    lat = np.array([35.5, 41.8, 67.8, 60.9, -30.0, 10.0])
    groups = ["a", "a", "b", "b", "c", "c"]
    deposits = pd.DataFrame({"longitude": [20.0, -60.0, 100.0], "latitude": [-25.0, -10.0, 20.0],
                             "deposit_type": ["carbonatite", "alkaline igneous", "carbonatite"]})
    ax = plot_map(lon, lat, groups, deposits=deposits)
    assert _n_points(ax, "samples") == 5
    assert _n_points(ax, "deposits") == 3
    coast = _by_gid(ax, "coastlines", LineCollection)
    assert len(coast) == 1 and len(coast[0].get_segments()) > 100
    assert ax.get_xlim() == pytest.approx((-180.0, 180.0)) and ax.get_ylim() == pytest.approx((-90.0, 90.0))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["a", "b", "c", "carbonatite", "alkaline igneous"]
    markers = {c.get_label(): c.get_paths()[0].vertices.shape for c in _by_gid(ax, "deposits", PathCollection)}
    assert len(markers) == 2
    note = [t.get_text() for t in ax.texts if t.get_gid() == "note"]
    assert note == ["1 of 6 samples without coordinates"]
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["180°", "120°W"]
    written = style.save(ax.figure, tmp_path / "map")
    assert [p.suffix for p in written] == [".png", ".svg", ".pdf"]
    assert all(p.stat().st_size > 5000 for p in written)


def test_regional_map_extent_from_data_with_margins(no_network):
    lon = [-122.9, -121.5, -122.0]
    lat = [42.6, 44.0, 45.2]
    ax = plot_map(lon, lat)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    # span 1.4 x 2.6 degrees, margin max(15 %, 2 degrees); x is relative to the centre, 122.2 W
    assert (x0, x1) == (pytest.approx(-0.7 - 2.0), pytest.approx(0.7 + 2.0))
    assert (y0, y1) == (pytest.approx(42.6 - 2.0), pytest.approx(45.2 + 2.0))
    assert ax.get_legend() is None
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(lab.endswith("°N") for lab in labels)


def test_regional_map_across_the_antimeridian(no_network):
    ax = plot_map([170.0, -175.0, 178.0], [-18.0, -20.0, -15.0])
    x0, x1 = ax.get_xlim()
    assert x1 - x0 < 40
    offsets = np.concatenate([c.get_offsets() for c in _by_gid(ax, "samples", PathCollection)])
    assert np.all((offsets[:, 0] > x0) & (offsets[:, 0] < x1))
    assert "180°" in [t.get_text() for t in ax.get_xticklabels()]


@pytest.mark.parametrize("projection", ["equal-area", "mollweide"])
def test_equal_area_maps(no_network, projection, tmp_path):
    ax = plot_map([0.0, 90.0, -60.0], [0.0, 45.0, -30.0], ["x", "y", "y"], projection=projection,
                  extent="global")
    assert _n_points(ax, "samples") == 3
    assert _by_gid(ax, "coastlines", LineCollection)
    if projection == "mollweide":
        assert ax.get_xlim() == pytest.approx((-2 * np.sqrt(2), 2 * np.sqrt(2)), abs=1e-6)
        assert [line.get_gid() for line in ax.lines] == ["frame"]
    else:
        assert ax.get_xlim() == pytest.approx((-np.pi, np.pi)) and ax.get_ylim() == pytest.approx((-1.0, 1.0))
    style.save(ax.figure, tmp_path / projection, formats=("svg",))


def test_map_leaves_caller_axes_and_rejects_bad_input():
    from matplotlib.figure import Figure

    fig = Figure()
    ax0 = fig.add_subplot()
    assert plot_map([10.0], [10.0], ax=ax0) is ax0
    with pytest.raises(ValueError):
        plot_map([1.0, 2.0], [1.0])
    with pytest.raises(ValueError):
        plot_map([1.0], [1.0], deposits=pd.DataFrame({"lat": [1.0]}))


def test_age_histogram_bars_per_period_and_band(tmp_path):
    ages = [1250.0, 1300.0, 420.0, 430.0, 100.0, 10.0, np.nan, 6000.0]
    groups = ["alk", "carb", "alk", "alk", "carb", "carb", "alk", "alk"]
    ax = plot_age_histogram(ages, groups, by="period")
    counts = timescale.tally(ages, groups, by="period")
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [b.get_label() for b in bars] == ["alk", "carb"]
    assert all(len(b.patches) == len(counts) for b in bars)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "Ectasian" and ticks[-1] == "Neogene" and ticks == list(counts.index)
    heights = np.array([[p.get_height() for p in b.patches] for b in bars]).T
    assert heights.sum() == 6 and np.array_equal(heights, counts.to_numpy())
    band = [p for p in ax.patches if p.get_gid() == "timescale-band"]
    assert len(band) == len(counts)
    assert band[ticks.index("Silurian")].get_facecolor()[:3] == pytest.approx((179 / 255, 225 / 255, 182 / 255))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["alk", "carb"]
    assert [t.get_text() for t in ax.texts if t.get_gid() == "note"] == ["2 of 8 without an age on the scale"]
    written = style.save(ax.figure, tmp_path / "ages")
    assert all(p.stat().st_size > 3000 for p in written)


def test_age_histogram_side_by_side_eras_and_bins():
    ages = [1250.0, 1300.0, 420.0, 100.0, 10.0]
    ax = plot_age_histogram(ages, ["a", "b", "a", "b", "a"], by="era", stacked=False)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    widths = {round(p.get_width(), 6) for b in bars for p in b.patches}
    assert widths == {0.4}
    assert all(p.get_y() == 0 for b in bars for p in b.patches)
    ax = plot_age_histogram(ages, by=[0, 500, 1000, 1500])
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 1 and [p.get_height() for p in bars[0].patches] == [2, 0, 3]
    assert ax.get_xlim() == (1500.0, 0.0)
    assert ax.get_legend() is None
    eras = [p for p in ax.patches if p.get_gid() == "timescale-band"]
    assert len(eras) == 5  # Mesoproterozoic, Neoproterozoic, Paleozoic, Mesozoic, Cenozoic
