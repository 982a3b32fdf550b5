"""Structure of the isotope figures: labels, reference lines at the right values, artists, saving."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metasome.isotopes as iso
from metasome.plots import isotopes as P
from metasome.plots import style


@pytest.fixture
def data():
    return pd.DataFrame({
        "87Sr/86Sr(t)": [0.7068, 0.7112, 0.7080], "eNd(t)": [-7.6, -15.6, -12.0],
        "d7Li": [-4.6, 4.8, 1.0], "d138/134Ba": [-0.26, 0.13, -0.05], "Li": [1.8, 108.0, 30.0],
        "Ba": [1436.0, 4573.0, 2000.0], "REE": [800.0, 2500.0, 1500.0], "age": [130.0, 130.0, 230.0],
        "group": ["Luxi", "Luxi", "Saima"],
    })


def test_end_sr_reference_lines(data):
    ax = P.plot_end_sr(data, group="group")
    assert "Sr" in ax.get_xlabel() and "varepsilon" in ax.get_ylabel()
    labels = {l.get_label(): l for l in ax.lines}
    assert np.allclose(labels["CHUR"].get_ydata(), 0.0)
    assert np.allclose(labels["UR"].get_xdata(), iso.default_convention().ur_sr87_sr86)
    arr = iso.mantle_array()
    np.testing.assert_allclose(labels["Mantle array"].get_xdata(), arr["87Sr/86Sr"])
    np.testing.assert_allclose(labels["Mantle array"].get_ydata(), arr["eNd"])
    assert len(ax.collections) == 2  # one scatter per group
    assert ax.get_legend() is not None


def test_delta_vs_concentration_fields_from_qiu2025(data):
    ax = P.plot_delta_vs_concentration(data, delta="d7Li", element="Li", colour="REE")
    assert ax.get_xscale() == "log" and "Li" in ax.get_xlabel()
    spans = {p.get_label(): p for p in ax.patches}
    assert set(spans) == {"Depleted mantle", "AOC", "UCC"}
    # DM band +3.5 +- 1.0 permil (Qiu et al. 2025 Fig. 3 caption)
    ys = spans["Depleted mantle"].get_path().transformed(spans["Depleted mantle"].get_patch_transform()).vertices[:, 1]
    assert ys.min() == pytest.approx(2.5) and ys.max() == pytest.approx(4.5)
    assert len(ax.figure.axes) == 2  # colour bar for total REE
    axb = P.plot_delta_vs_concentration(data, delta="d138/134Ba", element="Ba", colour="REE")
    spans = {p.get_label(): p for p in axb.patches}
    ys = spans["UCC"].get_path().transformed(spans["UCC"].get_patch_transform()).vertices[:, 1]
    assert ys.min() == pytest.approx(-0.04) and ys.max() == pytest.approx(0.04)


def test_li_ba_and_end_vs_delta(data):
    ax = P.plot_li_ba(data, group="group")
    assert "Ba" in ax.get_xlabel() and "Li" in ax.get_ylabel()
    rect = [p for p in ax.patches if p.get_label() == "Depleted mantle"][0]
    assert rect.get_x() == pytest.approx(0.03) and rect.get_width() == pytest.approx(0.02)
    for delta in ("d7Li", "d138/134Ba"):
        ax2 = P.plot_end_vs_delta(data, delta=delta, colour="87Sr/86Sr(t)")
        assert "varepsilon" in ax2.get_ylabel()
        assert len(ax2.collections) == 1


def test_end_evolution_lines_come_from_isotopes(data):
    lines = iso.nd_evolution_lines(np.linspace(0, 3000, 31))
    ax = P.plot_end_evolution(data, lines=lines)
    by = {l.get_label(): l for l in ax.lines}
    np.testing.assert_allclose(by["CHUR"].get_ydata(), 0.0, atol=1e-12)
    np.testing.assert_allclose(by["Depleted mantle"].get_ydata(), lines["DM"])
    # Liew & Hofmann DM at present: eNd = (0.513151/0.512638 - 1) x 1e4 = +10.0
    assert by["Depleted mantle"].get_ydata()[0] == pytest.approx((0.513151 / 0.512638 - 1) * 1e4)
    ax_default = P.plot_end_evolution(data)
    assert max(ax_default.lines[1].get_xdata()) == pytest.approx(500.0)


def test_given_axes_is_used_and_returned(data):
    ax0 = style.get_ax()
    assert P.plot_end_sr(data, ax=ax0) is ax0


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saving(tmp_path, data, fmt):
    ax = P.plot_delta_vs_concentration(data, colour="REE")
    written = style.save(ax.figure, tmp_path / "fig3a", formats=(fmt,))
    assert written[0].exists() and written[0].stat().st_size > 1000
