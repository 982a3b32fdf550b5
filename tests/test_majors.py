"""Major-element helpers: anhydrous normalisation, Fe species, Mg#, oxide <-> element.

Checked against published analyses (Mamani et al. 2010 sums, USGS W-2 certificate,
McDonough & Sun 1995 pyrolite Mg#, Palme & O'Neill 2014 oxides), hand-computed molar factors
and analytic limits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metasome.errors import MetasomeInputError
from metasome.reference import get
from metasome.reference._files import example_file
from metasome.trace import majors

# IUPAC standard atomic weights as used by periodictable: Fe 55.845, O 15.9994 -> FeO 71.844,
# Fe2O3 159.687; Mg 24.305 -> MgO 40.304; Ti 47.867 -> TiO2 79.866; K 39.0983 -> K2O 94.196.
M_FEO, M_FE2O3, M_MGO = 71.844, 159.687, 40.304


def test_molar_factors_match_hand_computation():
    assert majors.fe2o3_to_feo_factor() == pytest.approx(2 * M_FEO / M_FE2O3, rel=1e-5)
    assert round(majors.fe2o3_to_feo_factor(), 4) == 0.8998
    assert majors.oxide_to_element_factor("TiO2") == pytest.approx(47.867 / 79.866, rel=1e-4)
    assert majors.oxide_to_element_factor("K2O") == pytest.approx(2 * 39.0983 / 94.196, rel=1e-4)
    assert majors.oxide_to_element_factor("P2O5") == pytest.approx(2 * 30.9738 / 141.945, rel=1e-4)
    assert majors.oxide_to_element_factor("FeOt") == majors.oxide_to_element_factor("FeO")
    assert majors.element_of("Al2O3") == "Al"
    with pytest.raises(MetasomeInputError):
        majors.oxide_to_element_factor("LOI")


def test_oxide_element_round_trip_and_tio2_to_ti():
    tio2 = pd.Series([1.0, 2.73, np.nan])
    ti = majors.oxide_to_element(tio2, "TiO2")
    assert ti.iloc[0] == pytest.approx(5993.5, rel=1e-4)   # 1 wt% TiO2 = 5994 ppm Ti
    assert np.isnan(ti.iloc[2])
    back = majors.element_to_oxide(ti, "TiO2")
    pd.testing.assert_series_equal(back, tio2, rtol=1e-14)


def test_palme_oneill_elements_give_their_published_oxides():
    # Palme & O'Neill (2014) primitive mantle, elements (%) and the oxides they publish with them.
    pm = get("PM_PalmeONeill2014")
    published = {"SiO2": 45.40, "MgO": 36.77, "Al2O3": 4.49, "CaO": 3.65, "FeO": 8.10}
    for oxide, wt in published.items():
        element = majors.element_of(oxide)
        assert majors.element_to_oxide(pm.value(element), oxide) == pytest.approx(wt, abs=0.015), oxide


def test_anhydrous_matches_published_volatile_free_sums():
    """Mamani et al. (2010) give 'SUM (no water)' = SiO2 ... P2O5 with iron as Fe2O3."""
    df = pd.read_csv(example_file("arc_lavas_CentralAndes_Mamani2010_extract.csv"), comment="#")
    out = majors.anhydrous(df)
    published_sum = df["SUM (no water)"]
    ok = published_sum.notna() & df["SiO2"].notna()
    assert ok.sum() > 100
    expected = 100.0 * df.loc[ok, "SiO2"] / published_sum[ok]
    pd.testing.assert_series_equal(out.loc[ok, "SiO2"], expected, check_names=False, atol=0.02)
    assert np.allclose(out.loc[ok].sum(axis=1), 100.0)
    assert "H2O+" not in out and "LOI" not in out


def test_anhydrous_properties():
    df = pd.DataFrame({
        "SiO2": [50.0, 60.0, np.nan, 0.0], "MgO": [8.0, 2.0, np.nan, 0.0],
        "FeO": [8.0, np.nan, np.nan, np.nan], "Fe2O3": [2.0, np.nan, np.nan, np.nan],
        "FeOt": [9.8, 5.0, np.nan, np.nan], "H2O": [3.0, 1.0, 2.0, 1.0], "LOI": [1.0, 1.0, 1.0, 1.0],
        "sample": ["a", "b", "c", "d"]})
    before = df.copy()
    out = majors.anhydrous(df)
    pd.testing.assert_frame_equal(df, before)  # input untouched
    assert out.iloc[:2].sum(axis=1).tolist() == pytest.approx([100.0, 100.0])
    # ratios preserved
    assert out.loc[0, "SiO2"] / out.loc[0, "MgO"] == pytest.approx(50.0 / 8.0)
    # iron counted once: row 0 uses FeO + Fe2O3 (not FeOt), row 1 uses FeOt
    assert np.isnan(out.loc[0, "FeOt"]) and out.loc[0, "FeO"] == pytest.approx(100 * 8 / 68)
    assert np.isnan(out.loc[1, "FeO"]) and out.loc[1, "FeOt"] == pytest.approx(100 * 5 / 67)
    # no oxides, or oxides summing to zero: NaN, never a division by zero
    assert out.loc[2].isna().all() and out.loc[3].isna().all()
    assert out.attrs["conventions"]["anhydrous"]["oxides"] == list(out.columns)
    assert "H2O" not in out and "LOI" not in out and "sample" not in out
    with pytest.raises(MetasomeInputError):
        majors.anhydrous(df, oxides=("SiO2", "Unobtainium"))


def test_fe_conversions_round_trip_exactly():
    df = pd.DataFrame({"Fe2O3t": [12.3, 0.0, np.nan, 5.5]})
    feot = majors.fe_convert(df, "FeOt")
    assert feot.iloc[0] == pytest.approx(12.3 * 2 * M_FEO / M_FE2O3, rel=1e-5)
    back = majors.fe_convert(pd.DataFrame({"FeOt": feot}), "Fe2O3t")
    pd.testing.assert_series_equal(back, df["Fe2O3t"], check_names=False, rtol=1e-14)
    assert np.isnan(feot.iloc[2])


def test_fe_split_conserves_iron_and_matches_ratio():
    df = pd.DataFrame({"FeOt": [10.0, 8.0, np.nan]})
    split = majors.fe_split(df, fe2o3_feo=0.2)
    assert (split["Fe2O3"] / split["FeO"]).iloc[:2].tolist() == pytest.approx([0.2, 0.2], rel=1e-12)
    f = majors.fe2o3_to_feo_factor()
    pd.testing.assert_series_equal(split["FeO"] + f * split["Fe2O3"], df["FeOt"], check_names=False,
                                   rtol=1e-14)
    # Fe3+/ΣFe for Fe2O3/FeO = 0.2 by hand: F R / (1 + F R)
    x = 0.8998102538 * 0.2 / (1 + 0.8998102538 * 0.2)
    assert majors.fe3_fraction(split).iloc[0] == pytest.approx(x, rel=1e-9)
    same = majors.fe_split(df, fe3_fraction=x)
    pd.testing.assert_frame_equal(same, split, rtol=1e-9)
    assert majors.fe_convert(df, "FeO", fe3_fraction=0.0).tolist()[:2] == [10.0, 8.0]
    with pytest.raises(MetasomeInputError):
        majors.fe_split(df)
    with pytest.raises(MetasomeInputError):
        majors.fe_split(df, fe3_fraction=0.1, fe2o3_feo=0.2)
    with pytest.raises(MetasomeInputError):
        majors.fe_split(df, fe3_fraction=1.5)


def test_w2_certificate_total_iron(shared_data):
    """USGS W-2: Fe2O3 1.53 and FeO 8.34 wt% give the certified Fe2O3T 10.83 +/- 0.21."""
    rm = pd.read_csv(shared_data / "reference" / "reference_materials.csv", comment="#")
    w2 = rm[rm["reference_material"] == "W-2"].set_index("analyte")
    row = pd.DataFrame({"FeO": [w2.loc["FeO", "value"]], "Fe2O3": [w2.loc["Fe2O3", "value"]]})
    total = majors.fe_total(row, "Fe2O3t").iloc[0]
    assert total == pytest.approx(w2.loc["Fe2O3T", "value"], abs=w2.loc["Fe2O3T", "uncertainty"])
    assert majors.iron_source(row).tolist() == ["FeO+Fe2O3"]
    assert majors.fe_total(row).attrs["conventions"]["fe_total"]["source_counts"] == {"FeO+Fe2O3": 1}


def test_middlemost_ratios():
    # Middlemost (1989) abstract: basalt 0.20, andesite 0.35, dacite 0.40, rhyolite 0.50,
    # picrobasalt 0.15, phonolite 0.50; foidite 0.15-0.40 and tephrite/basanite 0.20-0.30.
    r = majors.middlemost_fe2o3_feo(["Basalt", "andesite", "dacite", "rhyolite", "picrobasalt",
                                     "phonolite", "foidite", "foidite", "tephrite", "granite"],
                                    total_alkalis=[3, 6, 7, 8, 1, 14, 2, 12, 7, 8])
    assert r.tolist()[:6] == [0.20, 0.35, 0.40, 0.50, 0.15, 0.50]
    assert r.tolist()[6:9] == [0.15, 0.40, 0.30]
    assert np.isnan(r.iloc[9])
    assert np.isnan(majors.middlemost_fe2o3_feo(["foidite"]).iloc[0])  # range: needs alkalis


def test_mg_number_of_pyrolite_and_limits():
    # McDonough & Sun (1995) pyrolite: MgO 37.8, FeO 8.05 wt% (all Fe as FeO), Mg# 0.89.
    pyrolite = pd.DataFrame({"MgO": [37.8], "FeO": [8.05]})
    mg = majors.mg_number(pyrolite).iloc[0]
    assert round(mg / 100, 2) == 0.89
    assert mg == pytest.approx(100 * (37.8 / M_MGO) / (37.8 / M_MGO + 8.05 / M_FEO), rel=1e-5)
    df = pd.DataFrame({"MgO": [5.0, 0.0, 5.0, np.nan], "FeOt": [5.0, 5.0, 0.0, 5.0]})
    assert majors.mg_number(df, fe3_fraction=1.0).iloc[0] == pytest.approx(100.0)
    out = majors.mg_number(df)
    assert out.iloc[1] == 0.0 and out.iloc[2] == 100.0 and np.isnan(out.iloc[3])
    # oxidising iron raises Mg#
    assert majors.mg_number(df, fe3_fraction=0.15).iloc[0] > out.iloc[0]


def test_mg_number_with_measured_feo(shared_data):
    rm = pd.read_csv(shared_data / "reference" / "reference_materials.csv", comment="#")
    w2 = rm[rm["reference_material"] == "W-2"].set_index("analyte")["value"]
    row = pd.DataFrame({"MgO": [w2["MgO"]], "FeO": [w2["FeO"]], "Fe2O3": [w2["Fe2O3"]]})
    measured = majors.mg_number(row, fe3_fraction="measured").iloc[0]
    by_fraction = majors.mg_number(row, fe3_fraction=majors.fe3_fraction(row)).iloc[0]
    assert measured == pytest.approx(by_fraction, rel=1e-12)
    n_mg, n_fe = w2["MgO"] / M_MGO, w2["FeO"] / M_FEO
    assert measured == pytest.approx(100 * n_mg / (n_mg + n_fe), rel=1e-5)
    with pytest.raises(MetasomeInputError):
        majors.mg_number(row, fe3_fraction="oxidised")
