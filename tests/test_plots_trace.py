"""Structural checks of the trace-element and classification figures, and their files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metasome import reference
from metasome.classify import fields
from metasome.plots import style
from metasome.plots.chalcophile import HOLWELL_NI_TE_BANDS, ISO_RATIOS, plot_te_cu, plot_te_ni
from metasome.plots.classification import plot_pearce, plot_tas
from metasome.plots.ratios import plot_fig5, plot_xy
from metasome.plots.spider import plot_chalcophile_profile, plot_spider
from metasome.trace import CHALCOPHILE_ORDER, SPIDER_ORDER, normalise


def _gid(ax, gid, kind="lines"):
    items = ax.lines if kind == "lines" else ax.collections if kind == "collections" else ax.patches
    return [a for a in items if a.get_gid() == gid]


@pytest.fixture()
def spider_table():
    rng = np.random.default_rng(1)
    base = reference.get("OIB_SunMcDonough1989").ppm(list(SPIDER_ORDER))
    rows = base.to_numpy()[None, :] * rng.lognormal(0, 0.3, (6, len(SPIDER_ORDER)))
    t = pd.DataFrame(rows, columns=list(SPIDER_ORDER)).drop(columns=["Tb"])  # Tb never analysed
    t.loc[0, "Pb"] = np.nan
    return normalise(t, "PM_SunMcDonough1989", "spider"), ["Luxi"] * 3 + ["Saima"] * 3


def test_spider_structure(spider_table):
    normed, groups = spider_table
    refs = {name: normalise(reference.get(f"{name}_SunMcDonough1989").ppm().to_frame().T,
                            "PM_SunMcDonough1989", "spider").iloc[0] for name in ("OIB", "NMORB")}
    ax = plot_spider(normed, groups, references=refs, band=(25, 75), individual=True)
    assert len(_gid(ax, "envelope", "collections")) == 2  # one envelope per group
    assert len(_gid(ax, "band", "collections")) == 2
    assert len(_gid(ax, "centre")) == 2 and len(_gid(ax, "individual")) == 6
    assert len(_gid(ax, "reference")) == 2
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == list(SPIDER_ORDER)  # nothing dropped
    centre = _gid(ax, "centre")[0].get_ydata()
    tb = SPIDER_ORDER.index("Tb")
    assert np.isnan(centre[tb]) and np.isfinite(centre[tb - 1])  # visible gap at Tb
    assert "PM_SunMcDonough1989" in ax.get_ylabel()
    # mean line = arithmetic mean of the group (Qiu et al. 2025 Fig. 2)
    la = SPIDER_ORDER.index("La")
    assert centre[la] == pytest.approx(normed["La"].iloc[:3].mean())


def test_chalcophile_profile_order_and_gaps():
    t = pd.DataFrame({"Ni": [1860.0, 900.0], "Cu": [20.0, 60.0], "Te": [0.009, 0.05], "Pd": [0.0071, np.nan]})
    normed = normalise(t, "PM_PalmeONeill2014", CHALCOPHILE_ORDER)
    ax = plot_chalcophile_profile(normed, stat="median")
    assert [t.get_text() for t in ax.get_xticklabels()] == list(CHALCOPHILE_ORDER)
    y = _gid(ax, "centre")[0].get_ydata()
    assert y[0] == pytest.approx(np.median([1.0, 900 / 1860]))
    assert np.isnan(y[CHALCOPHILE_ORDER.index("Os")])


@pytest.mark.parametrize("kind", ["volcanic", "plutonic"])
def test_tas_fields_labels_and_line(kind):
    ax = plot_tas([50, 60, 70], [3, 8, 9], ["a", "b", "a"], kind=kind)
    polys = [p for p in ax.patches if (p.get_gid() or "").startswith("field:")]
    assert len(polys) == len(fields(kind))
    assert len(_gid(ax, "irvine_baragar")) == 1
    assert len([t for t in ax.texts if t.get_gid() == "field_label"]) >= 10
    assert len(_gid(ax, "samples", "collections")) == 2
    assert "SiO" in ax.get_xlabel()


def test_pearce_array_plot():
    ax = plot_pearce([0.05, 1.0], [0.8, 10.0])
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert len(_gid(ax, "pearce_array", "collections")) == 1
    pts = _gid(ax, "reference_point", "collections")
    assert len(pts) == 3  # N-MORB, E-MORB, OIB
    assert {t.get_text() for t in ax.texts} >= {"N-MORB", "E-MORB", "OIB"}


def test_te_ni_bands_and_iso_lines():
    ax = plot_te_ni([1000, 50], [0.01, 0.5], ["mantle", "porphyry"])
    bands = _gid(ax, "band", "collections")
    assert len(bands) == len(HOLWELL_NI_TE_BANDS) == 5
    iso = _gid(ax, "iso_ratio")
    assert len(iso) == len(ISO_RATIOS)
    x, y = iso[5].get_data()  # Ni/Te = 1e5
    np.testing.assert_allclose(np.asarray(x) / np.asarray(y), 1e5)
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "Te (ppm)"
    ax2 = plot_te_cu([50], [0.01])
    assert len(_gid(ax2, "band", "collections")) == 1 and ax2.get_xlabel() == "Cu (ppm)"


def test_plot_xy_and_fig5():
    t = pd.DataFrame({"d7Li": [1.0, -2.0, 3.0], "Ba/La": [20, 40, 60.0], "Zr/Nb": [5, 6, 7.0],
                      "Th/Yb": [1, 2, 3.0], "REE (ppm)": [100, 300, -1.0]})
    ax = plot_xy(t["Th/Yb"], t["REE (ppm)"], ["x", "y", "x"], logx=True, logy=True, xlabel="Th/Yb",
                 ylabel="REE (ppm)")
    assert ax.get_xscale() == "log" and "REE" in ax.get_ylabel()
    axes = plot_fig5(t, ["x", "y", "x"])
    assert len(axes) == 4 and axes[3].get_yscale() == "log" and "Sr/Y" == axes[3].get_xlabel()
    # colours are the same group colours in every panel
    c0 = [tuple(c.get_facecolor()[0]) for c in axes[0].collections]
    c2 = [tuple(c.get_facecolor()[0]) for c in axes[2].collections]
    assert c0 == c2


def test_files_png_svg_pdf_with_truetype(tmp_path, spider_table):
    normed, groups = spider_table
    ax = plot_spider(normed, groups)
    written = style.save(ax.figure, tmp_path / "spider")
    assert [p.suffix for p in written] == [".png", ".svg", ".pdf"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in written[1].read_bytes()[:500]
    pdf = written[2].read_bytes()
    assert b"/FontFile2" in pdf  # TrueType (Type 42) fonts embedded, not Type 3
    assert b"/Subtype /Type3" not in pdf
    ax = plot_tas([50], [3])
    assert b"/FontFile2" in style.save(ax.figure, tmp_path / "tas", formats=("pdf",))[0].read_bytes()
