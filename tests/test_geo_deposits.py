"""The deposits/occurrences reader: roles, parsing, and no data lost."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metasome.errors import MetasomeInputError
from metasome.io.deposits import deposit_points, read_deposits

CSV = """# REE deposits, test table
Deposit name,Latitude,Longitude,Deposit type,Age (Ma),Country,Notes
Mountain Pass,35.478 N,115.532 W,carbonatite,1375,USA,
Bayan Obo,41°48'N,109°58'E,carbonatite,1.3 Ga,China,"giant, Fe-REE-Nb"
Lovozero,67.8,34.7,alkaline igneous,370,Russia,
Ilimaussaq,60 55 N,45 55 W,alkaline igneous,1160,Greenland,
Bad one,abc,12,,,  No where ,x
"""


@pytest.fixture
def deposits_csv(tmp_path):
    path = tmp_path / "deposits.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_roles_values_and_warnings(deposits_csv):
    t = read_deposits(deposits_csv)
    assert t.values["latitude"].tolist()[:4] == pytest.approx([35.478, 41.8, 67.8, 60 + 55 / 60])
    assert t.values["longitude"].tolist() == pytest.approx([-115.532, 109 + 58 / 60, 34.7, -(45 + 55 / 60), 12.0])
    assert t.values["age"].tolist()[:4] == pytest.approx([1375.0, 1300.0, 370.0, 1160.0])
    assert np.isnan(t.values.loc[4, "latitude"]) and np.isnan(t.values.loc[4, "age"])
    assert t.text["name"].tolist()[0] == "Mountain Pass"
    assert t.text["deposit_type"].tolist() == ["carbonatite", "carbonatite", "alkaline igneous",
                                               "alkaline igneous", ""]
    prov = t.provenance["deposits"]
    assert prov["latitude"] == ("Latitude",) and prov["age"] == ("Age (Ma)",) and prov["age_unit"] == "Ma"
    bad = [w for w in t.warnings if w.code == "bad_coordinate"]
    assert len(bad) == 1 and bad[0].row == 7 and bad[0].column == "Latitude" and bad[0].file == str(deposits_csv)
    unit = [w for w in t.warnings if w.code == "age_unit"]
    assert len(unit) == 1 and unit[0].row == 4
    # the reader's own complaint about '1.3 Ga' is replaced by the age parser's
    assert not [w for w in t.warnings if w.column == "Age (Ma)" and w.code not in ("age_unit",)]


def test_no_data_lost(deposits_csv):
    t = read_deposits(deposits_csv)
    expected = pd.read_csv(deposits_csv, comment="#", dtype=str, keep_default_na=False)
    assert list(t.original.columns) == list(expected.columns)
    assert len(t) == len(expected) == 5
    for col in expected.columns:
        assert t.original[col].astype(str).tolist() == expected[col].tolist()
    mapping = {m.header: m for m in t.mapping}
    assert len(t.mapping) == 7
    assert mapping["Deposit type"].quantity == "deposit_type" and mapping["Deposit type"].used
    assert mapping["Latitude"].n_values == 4 and mapping["Latitude"].n_missing == 1
    assert mapping["Notes"].quantity is None
    out = t.to_frame()
    assert list(out.columns[:7]) == list(expected.columns) and len(out) == 5


def test_points_for_plotting(deposits_csv):
    p = deposit_points(read_deposits(deposits_csv))
    assert list(p.columns) == ["name", "deposit_type", "latitude", "longitude", "age", "age_top_ma", "age_base_ma"]
    assert p["deposit_type"].iloc[4] == "(type not given)" and len(p) == 5


def test_xlsx_and_overrides(tmp_path):
    frame = pd.DataFrame({
        "Site": ["A", "B", "C"], "Y": ["10.5", "-20", "5 30 S"], "X": ["100", "200", "-5"],
        "Model": ["skarn", "placer", "carbonatite"], "T": ["1.2", "0.5", "2.0"],
    })
    path = tmp_path / "occ.xlsx"
    frame.to_excel(path, index=False)
    t = read_deposits(path, columns={"name": "Site", "latitude": "Y", "longitude": "X", "age": "T",
                                     "age_unit": "Ga"})
    assert t.values["latitude"].tolist() == pytest.approx([10.5, -20.0, -5.5])
    assert t.values["longitude"].tolist() == pytest.approx([100.0, -160.0, -5.0])
    assert t.values["age"].tolist() == pytest.approx([1200.0, 500.0, 2000.0])
    assert t.text["name"].tolist() == ["A", "B", "C"] and t.text["deposit_type"].tolist()[0] == "skarn"
    assert [w.code for w in t.warnings if w.code == "longitude_0_360"] == ["longitude_0_360"]


def test_min_max_age_columns_in_years(tmp_path):
    path = tmp_path / "georoc_like.csv"
    path.write_text("Name,Lat,Lon,Type,\"Age (a, Min)\",\"Age (a, Max)\"\n"
                    "X,1,2,vein,1000000,3000000\nY,3,4,vein,5000000,5000000\n", encoding="utf-8")
    t = read_deposits(path)
    assert t.values["age"].tolist() == pytest.approx([2.0, 5.0])
    assert [(w.code, w.row) for w in t.warnings if w.code == "min_max_averaged"] == [("min_max_averaged", 2)]


def test_errors_a_user_can_cause(tmp_path, deposits_csv):
    path = tmp_path / "nopos.csv"
    path.write_text("Name,Type,Age\nA,skarn,10\n", encoding="utf-8")
    with pytest.raises(MetasomeInputError, match="no latitude or longitude column"):
        read_deposits(path)
    with pytest.raises(MetasomeInputError, match="not in the table"):
        read_deposits(deposits_csv, columns={"latitude": "Lat (deg)"})
    with pytest.raises(MetasomeInputError, match="unknown deposit role"):
        read_deposits(deposits_csv, columns={"colour": "Country"})
