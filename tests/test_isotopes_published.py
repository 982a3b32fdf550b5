"""metasome.isotopes against a published Sr-Nd table.

Source: Mamani, Woerner & Sempere (2010) GSA Bulletin 122, 162-182, doi:10.1130/B26538.1,
GSA Data Repository Table DR2, as stored in GeoPyTool/GeoRocData@84100e0d
(Expert/Mamani09_Table_DR2.xls); 15 rows transcribed to tests/data/mamani2010_nd_isotopes.csv
(the header of that file gives the provenance).

What the table allows us to check: its 'eNd' column is present-day eNd(0) and is reproduced
to float precision by CHUR 143Nd/144Nd = 0.512638 (Jacobsen & Wasserburg 1980, metasome's
default), and NOT by the Bouvier et al. (2008) CHUR (0.512630), which identifies the convention.
Its 'TDM ages' column is not reproducible with any documented single-stage convention from the
printed ICP-MS Sm/Nd (see the CSV header), so it is not tested here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metasome.isotopes import Convention, derive, epsilon_nd

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
