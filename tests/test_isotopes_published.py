"""metasome.isotopes against published Sr-Nd tables.

1. Mamani, Woerner & Sempere (2010) GSA Bulletin 122, 162-182, doi:10.1130/B26538.1,
   GSA Data Repository Table DR2, as stored in GeoPyTool/GeoRocData@84100e0d
   (Expert/Mamani09_Table_DR2.xls); 15 rows transcribed to tests/data/mamani2010_nd_isotopes.csv
   (the header of that file gives the provenance).

   Its 'eNd' column is present-day eNd(0) and is reproduced to float precision by CHUR
   143Nd/144Nd = 0.512638 (Jacobsen & Wasserburg 1980, metasome's default), and NOT by the
   Bouvier et al. (2008) CHUR (0.512630), which identifies the convention. Its 'TDM ages' column
   is not reproducible with any documented single-stage convention from the printed ICP-MS Sm/Nd
   (see the CSV header), so it is not tested here.

2. Borborema Province Sr-Nd compilation (cataclase/borborema-magmatism-toolkit@0ebdfbf,
   examples/sr_nd_models_example.csv), whose measured values come from Hollanda, Pimentel &
   de Sa (2003) J. South Am. Earth Sci. 15, 885-900 and Souza et al. (2016) J. South Am. Earth
   Sci. 68, 68-96; 10 rows in tests/data/hollanda2003_souza2016_borborema_srnd.csv. It gives
   ages, Rb, Sr, Sm, Nd, printed 87Rb/86Sr and 147Sm/144Nd, measured 143Nd/144Nd, the authors'
   eNd(0), and unrounded eNd(t) and single-stage TDM computed by the compiler (no TDM2).

3. Janoušek, Moyen, Martin, Erban & Farrow (2016) Geochemical Modelling of Igneous Processes,
   Springer, Exercise 5.1: printed 87Rb/86Sr and 147Sm/144Nd of seven Central Bohemian Plutonic
   Complex rocks (tests/data/janousek2016_ex5_1_cbp_srnd.csv). The book's printed eNd(t) and model
   ages (Exercises 5.2-5.4) were not found in any searchable source, so they are not tested.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metasome.isotopes import (
    Convention,
    derive,
    epsilon_nd,
    initial_ratio,
    present_ratio,
    rb87_sr86_from_ppm,
    sm147_nd144_from_ppm,
    tdm1,
)

DATA = Path(__file__).parent / "data" / "mamani2010_nd_isotopes.csv"

# The published eNd values are unrounded spreadsheet results computed from the 143Nd/144Nd
# exactly as printed (6 decimals), so the only difference left is floating-point arithmetic.
FLOAT_TOL = 1e-9
# Half a unit in the 6th decimal of the printed 143Nd/144Nd, in epsilon units (~0.0098):
# the resolution of any eNd recomputed from the printed ratio.
ROUNDING_TOL = 0.5e-6 / 0.512638 * 1e4


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(DATA, comment="#")


def test_table_transcription(table):
    assert len(table) == 15
    assert table["nd143_nd144"].between(0.5121, 0.5130).all()
    # spot check against the spreadsheet row PA-04-02
    row = table.set_index("sample").loc["PA-04-02"]
    assert row["nd143_nd144"] == 0.512219
    assert row["eNd_published"] == pytest.approx(-8.173408916234415, abs=1e-15)


def test_end0_reproduces_published_with_jacobsen_wasserburg_chur(table):
    got = epsilon_nd(table["nd143_nd144"].to_numpy(), 0.0)
    np.testing.assert_allclose(got, table["eNd_published"].to_numpy(), rtol=0, atol=FLOAT_TOL)


def test_bouvier_chur_does_not_reproduce_published(table):
    # The CHUR choice is identifiable: Bouvier et al. (2008) shifts every value by ~+0.16,
    # sixteen times the rounding resolution of the printed ratios.
    conv = Convention.from_presets(chur="Bouvier2008")
    got = epsilon_nd(table["nd143_nd144"].to_numpy(), 0.0, conv)
    shift = got - table["eNd_published"].to_numpy()
    assert np.all(shift > 10 * ROUNDING_TOL)
    np.testing.assert_allclose(shift, 0.156, atol=0.005)


def test_derive_pipeline_reproduces_published_end0(table):
    values = pd.DataFrame({
        "143Nd/144Nd": table["nd143_nd144"],
        "Sm": table["Sm_ppm"],
        "Nd": table["Nd_ppm"],
        "age": table["age_Ma"],
    })
    out = derive(values)
    np.testing.assert_allclose(out["eNd(0)"].to_numpy(), table["eNd_published"].to_numpy(),
                               rtol=0, atol=FLOAT_TOL)
    # 147Sm/144Nd is computed from the ppm ratio (no measured column in this table)
    assert (out["147Sm/144Nd source"] == "calc").all()
    # rows without an age get no age-corrected values (no default age)
    no_age = table["age_Ma"].isna().to_numpy()
    assert np.isnan(out["eNd(t)"].to_numpy()[no_age]).all()


# ---------------------------------------------------------------- Borborema compilation

BORBOREMA = Path(__file__).parent / "data" / "hollanda2003_souza2016_borborema_srnd.csv"
# The DM of the compiler's TDM column: the Liew & Hofmann (1988) 143Nd/144Nd with the 0.2137
# 147Sm/144Nd of the NCC convention (found by recomputation, see the CSV header).
BORBOREMA_DM = {"dm_nd143_nd144": 0.513151, "dm_sm147_nd144": 0.2137}


@pytest.fixture(scope="module")
def borborema() -> pd.DataFrame:
    return pd.read_csv(BORBOREMA, comment="#")


@pytest.fixture(scope="module")
def borborema_text() -> pd.DataFrame:
    # the values as printed: a float column would turn "236" into "236.0"
    return pd.read_csv(BORBOREMA, comment="#", dtype=str)


def _half_unit(printed: pd.Series) -> np.ndarray:
    """Half a unit in the last printed decimal of each value (the rounding of the table)."""
    decimals = printed.str.partition(".")[2].str.len()
    return 0.5 * 10.0 ** (-decimals.to_numpy(dtype=float))


def _ratio_rounding(text, num, den, ratio) -> np.ndarray:
    """Largest error of a ratio recomputed from printed ppm, plus the ratio's own rounding."""
    value = text[[num, den, ratio]].astype(float)
    rel = _half_unit(text[num]) / value[num] + _half_unit(text[den]) / value[den]
    return rel.to_numpy() * value[ratio].to_numpy() + _half_unit(text[ratio])


def test_borborema_transcription(borborema):
    assert len(borborema) == 10
    row = borborema.set_index("sample").loc["D3"]
    assert (row["nd143_nd144"], row["sm147_nd144"], row["age_Ma"]) == (0.511356, 0.1009, 560)
    assert row["TDM_Ma_compiled"] == 2414.041934


def test_borborema_end0_within_printed_rounding(borborema, borborema_text):
    # eNd(0) printed to 1 dp (Hollanda et al. 2003) or 2 dp (Souza et al. 2016), recomputed from
    # 143Nd/144Nd printed to 6 dp: both roundings bound the difference.
    got = epsilon_nd(borborema["nd143_nd144"].to_numpy(), 0.0)
    bound = _half_unit(borborema_text["eNd0_published"]) + ROUNDING_TOL
    assert np.all(np.abs(got - borborema["eNd0_published"].to_numpy()) <= bound)


def test_borborema_endt_reproduces_compiled_values(borborema):
    # Unrounded compiler values: JW80 CHUR with lambda147Sm = 6.54e-12/a (metasome's defaults)
    # reproduce them to float precision, using the printed 147Sm/144Nd.
    t = borborema["age_Ma"].to_numpy()
    nd_t = initial_ratio(borborema["nd143_nd144"], borborema["sm147_nd144"], t, 6.54e-12)
    np.testing.assert_allclose(epsilon_nd(nd_t, t), borborema["eNdt_compiled"], rtol=0, atol=1e-6)


def test_borborema_tdm_identifies_the_depleted_mantle(borborema):
    nd, sm = borborema["nd143_nd144"].to_numpy(), borborema["sm147_nd144"].to_numpy()
    published = borborema["TDM_Ma_compiled"].to_numpy()
    exact = tdm1(nd, sm, Convention.from_presets(**BORBOREMA_DM))
    np.testing.assert_allclose(exact, published, rtol=0, atol=1e-4)
    # The NCC preset (0.51315) is 1e-6 lower in 143Nd/144Nd: every TDM shifts by ~1 Ma, far
    # above the 1e-6 Ma printing resolution; the Liew & Hofmann preset (0.219) by 65-110 Ma.
    ncc = tdm1(nd, sm, Convention.from_presets(dm="NCC_literature")) - published
    assert np.all((ncc < -0.9) & (ncc > -1.5))
    lh = tdm1(nd, sm, Convention.from_presets(dm="LiewHofmann1988")) - published
    assert np.all((lh < -60) & (lh > -110))


def test_borborema_derive_pipeline(borborema):
    values = pd.DataFrame({"143Nd/144Nd": borborema["nd143_nd144"],
                           "147Sm/144Nd": borborema["sm147_nd144"], "age": borborema["age_Ma"]})
    out = derive(values, dm="NCC_literature", dm_nd143_nd144=BORBOREMA_DM["dm_nd143_nd144"])
    assert (out["147Sm/144Nd source"] == "measured").all()
    np.testing.assert_allclose(out["eNd(t)"], borborema["eNdt_compiled"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(out["TDM1 (Ma)"], borborema["TDM_Ma_compiled"], rtol=0, atol=1e-4)
    recorded = out.attrs["conventions"]["isotopes"]
    assert recorded["dm_sm147_nd144"] == 0.2137 and recorded["overridden"] == ["dm_nd143_nd144"]


def test_borborema_ppm_ratios_within_rounding(borborema, borborema_text):
    """Atom ratios from ppm against the printed ratios of Souza et al. (2016) (ppm to 2 dp).

    Hollanda et al. (2003) rows are not used: their printed Sm and Nd ppm give 147Sm/144Nd up to
    2.4 % off the printed ratio (e.g. MA-186A: 11.6/75.1 ppm -> 0.0933 vs 0.0956), beyond the
    ppm rounding, so the printed ppm are not the isotope-dilution values behind the ratios.
    ES31I prints 87Rb/86Sr = 1.051 for Rb/Sr = 119/392 (-> 0.879), a source inconsistency.
    """
    souza = (borborema["ref"] == 8).to_numpy()
    rows, text = borborema[souza], borborema_text[souza]
    sm = sm147_nd144_from_ppm(rows["Sm_ppm"], rows["Nd_ppm"], rows["nd143_nd144"])
    bound = _ratio_rounding(text, "Sm_ppm", "Nd_ppm", "sm147_nd144")
    assert np.all(np.abs(sm - rows["sm147_nd144"].to_numpy()) <= bound)
    consistent = (rows["sample"] != "ES31I").to_numpy()
    rows, text = rows[consistent], text[consistent]
    # the measured 87Sr/86Sr (not printed; it sets the 86Sr atom fraction) back from the initial
    sr_m = present_ratio(rows["sr87_sr86_t"], rows["rb87_sr86"], rows["age_Ma"], 1.42e-11)
    rb = rb87_sr86_from_ppm(rows["Rb_ppm"], rows["Sr_ppm"], sr_m)
    bound = _ratio_rounding(text, "Rb_ppm", "Sr_ppm", "rb87_sr86")
    assert np.all(np.abs(rb - rows["rb87_sr86"].to_numpy()) <= bound)


# ---------------------------------------------------------------- Janoušek et al. (2016) Exercise 5.1

CBP = Path(__file__).parent / "data" / "janousek2016_ex5_1_cbp_srnd.csv"


def test_janousek2016_exercise_5_1_ppm_to_atom_ratios():
    """87Rb/86Sr and 147Sm/144Nd from ppm against the book's printed values (CBP whole rocks).

    The printed ratios come from the GCDkit linearised factors of the exercise (CSV header), to
    <1e-8 relative. metasome's exact relation (CIAAW 2013 abundances, AME masses, the sample's
    87Sr/86Sr or 143Nd/144Nd) gives ratios lower by a constant 0.051 % (Rb-Sr) and 0.041 % (Sm-Nd):
    the abundance/atomic-weight convention behind GCDkit's coefficients, below ID-ppm uncertainty
    (science.md B.2). The offset does not vary with 87Sr/86Sr (0.707-0.747) or 143Nd/144Nd, so
    the dependence of the 86Sr and 144Nd atom fractions on the sample's ratio agrees with the book.
    """
    t = pd.read_csv(CBP, comment="#")
    assert len(t) == 7 and t.loc[t["sample"] == "Koz-2", "rb87_sr86_printed"].item() == 0.975939219
    gcdkit_rb = t["Rb_ppm"] / t["Sr_ppm"] * (2.6939 + 0.2832 * t["sr87_sr86"])
    gcdkit_sm = t["Sm_ppm"] / t["Nd_ppm"] * (0.53151 + 0.14252 * t["nd143_nd144"])
    np.testing.assert_allclose(gcdkit_rb, t["rb87_sr86_printed"], rtol=1e-8)
    np.testing.assert_allclose(gcdkit_sm, t["sm147_nd144_printed"], rtol=1e-8)

    rb = rb87_sr86_from_ppm(t["Rb_ppm"], t["Sr_ppm"], t["sr87_sr86"]) / t["rb87_sr86_printed"] - 1
    sm = sm147_nd144_from_ppm(t["Sm_ppm"], t["Nd_ppm"], t["nd143_nd144"]) / t["sm147_nd144_printed"] - 1
    np.testing.assert_allclose(rb, -5.13e-4, atol=0.02e-4)
    np.testing.assert_allclose(sm, -4.05e-4, atol=0.02e-4)
    assert np.ptp(rb) < 2e-6 and np.ptp(sm) < 1e-7
