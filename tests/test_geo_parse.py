"""Coordinates and ages read from text cells (metasome.io.geo)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metasome.errors import InputWarning
from metasome.io.geo import (
    age_unit_from_header, combine_min_max, parse_age, parse_coordinate, parse_geo_columns,
    recognise_geo_column,
)


@pytest.mark.parametrize("cell, kind, expected", [
    ("-12.5", "latitude", -12.5),
    ("+12.5", "latitude", 12.5),
    ("34.5 S", "latitude", -34.5),
    ("34.5S", "latitude", -34.5),
    ("S 34.5", "latitude", -34.5),
    ("34.5 s", "latitude", -34.5),
    ("12°30'S", "latitude", -12.5),
    ("12° 30′ N", "latitude", 12.5),
    ("12º30'15\"N", "latitude", 12 + 30 / 60 + 15 / 3600),
    ("12 30 15 W", "longitude", -(12 + 30 / 60 + 15 / 3600)),
    ("122:30:36 W", "longitude", -(122 + 30 / 60 + 36 / 3600)),
    ("12d30mE", "longitude", 12.5),
    ("-12 30.5", "latitude", -(12 + 30.5 / 60)),
    ("12,5", "latitude", 12.5),
    ("34.7902 [8659]", "latitude", 34.7902),
    ("\u221245.25", "longitude", -45.25),
    ("109°58'E", "longitude", 109 + 58 / 60),
    ("90", "latitude", 90.0),
    ("-180", "longitude", -180.0),
])
def test_coordinate_forms(cell, kind, expected):
    parsed = parse_coordinate(pd.Series([cell]), kind)
    assert parsed.values.iloc[0] == pytest.approx(expected, abs=1e-12)
    assert parsed.warnings == []


@pytest.mark.parametrize("cell, kind, why", [
    ("abc", "latitude", "not a coordinate"),
    ("91", "latitude", "outside"),
    ("-181", "longitude", "outside"),
    ("12 30 W", "latitude", "hemisphere letter"),
    ("12 N", "longitude", "hemisphere letter"),
    ("-34 S", "latitude", "both a sign and a hemisphere"),
    ("N 12 S", "latitude", "two hemisphere letters"),
    ("12 60", "latitude", "60 or more"),
    ("12 30 75", "latitude", "60 or more"),
    ("12.5 30", "latitude", "fractional degrees"),
    ("12 30.5 10", "latitude", "fractional minutes"),
])
def test_bad_coordinates_become_nan_with_a_warning_naming_row_and_column(cell, kind, why):
    series = pd.Series(["10", cell, "20"], name="Lat")
    parsed = parse_coordinate(series, kind, file="f.csv", rows=[7, 8, 9])
    assert parsed.values.iloc[0] == 10 and parsed.values.iloc[2] == 20
    assert np.isnan(parsed.values.iloc[1])
    assert len(parsed.warnings) == 1
    w = parsed.warnings[0]
    assert isinstance(w, InputWarning)
    assert (w.file, w.row, w.column, w.code) == ("f.csv", 8, "Lat", "bad_coordinate")
    assert why in w.message and repr(cell) in w.message


def test_missing_cells_are_nan_without_warning_and_index_is_kept():
    series = pd.Series(["", None, np.nan, "NA", "n.d.", "-", "5"], index=[10, 11, 12, 13, 14, 15, 16])
    parsed = parse_coordinate(series, "latitude")
    assert list(parsed.values.index) == [10, 11, 12, 13, 14, 15, 16]
    assert parsed.values.isna().sum() == 6 and parsed.values.iloc[-1] == 5
    assert parsed.warnings == []
    assert series.iloc[0] == ""  # input untouched


def test_longitude_in_0_360_convention_is_wrapped_with_a_warning():
    parsed = parse_coordinate(pd.Series(["200", "359.5", "10"]), "longitude")
    assert parsed.values.tolist() == pytest.approx([-160.0, -0.5, 10.0])
    assert [w.code for w in parsed.warnings] == ["longitude_0_360", "longitude_0_360"]
    assert [w.row for w in parsed.warnings] == [1, 2]


def test_numeric_input_is_accepted():
    parsed = parse_coordinate(pd.Series([12.5, -45.0, np.nan]), "longitude")
    assert parsed.values.iloc[:2].tolist() == [12.5, -45.0] and np.isnan(parsed.values.iloc[2])


@pytest.mark.parametrize("cell, unit, expected", [
    ("27000000 [8659]", "a", 27.0),
    ("12.5", None, 12.5),
    ("12.5 Ma", None, 12.5),
    ("1.2 Ga", None, 1200.0),
    ("350 ka", None, 0.35),
    ("350", "ka", 0.35),
    ("2.5", "Ga", 2500.0),
    ("2.5 m.y.", None, 2.5),
    ("3 Myr", None, 3.0),
    ("12.5 ± 0.3", None, 12.5),
    ("12.5+/-0.3 Ma", None, 12.5),
    ("~15", None, 15.0),
    ("27,000,000", "a", 27.0),
    ("1,5 Ga", None, 1500.0),
    ("1e9 a", None, 1000.0),
    ("12 ka BP", None, 0.012),
])
def test_age_forms_and_units(cell, unit, expected):
    parsed = parse_age(pd.Series([cell]), unit)
    assert parsed.values.iloc[0] == pytest.approx(expected, rel=1e-12)
    assert all(w.code == "age_unit" for w in parsed.warnings)


def test_cell_unit_overriding_column_unit_is_recorded():
    parsed = parse_age(pd.Series(["1.2 Ga", "5"]), "Ma", column="Age (Ma)")
    assert parsed.values.tolist() == [1200.0, 5.0]
    assert [(w.code, w.row, w.column) for w in parsed.warnings] == [("age_unit", 1, "Age (Ma)")]


def test_age_range_gives_midpoint_and_warning():
    parsed = parse_age(pd.Series(["35 to 39", "35-39 Ma", "1.1-1.3 Ga"]), None, column="geol_age")
    assert parsed.values.tolist() == pytest.approx([37.0, 37.0, 1200.0])
    assert [w.code for w in parsed.warnings] == ["age_range"] * 3
    assert "midpoint 37 Ma" in parsed.warnings[0].message


@pytest.mark.parametrize("cell, why", [
    ("Tertiary", "not an age"),
    ("<5", "bound"),
    ("-3", "negative"),
    ("5000", "older than the Earth"),
    ("12 Gyr", "older than the Earth"),
    ("12 parsecs", "unknown unit"),
    ("39-35", "reversed"),
])
def test_bad_ages_become_nan_with_warning(cell, why):
    parsed = parse_age(pd.Series(["10", cell]), None, column="age", file="d.csv", rows=[3, 4])
    assert parsed.values.iloc[0] == 10 and np.isnan(parsed.values.iloc[1])
    bad = [w for w in parsed.warnings if w.code == "bad_age"]
    assert len(bad) == 1 and bad[0].row == 4 and bad[0].column == "age" and bad[0].file == "d.csv"
    assert why in bad[0].message


def test_min_max_pairs_are_averaged_with_a_warning_only_where_they_differ():
    lo = pd.Series([10.0, 20.0, np.nan, 5.0, np.nan])
    hi = pd.Series([10.0, 30.0, 7.0, np.nan, np.nan])
    out = combine_min_max(lo, hi, kind="latitude", column="Latitude (Min)/Latitude (Max)", rows=[2, 3, 4, 5, 6])
    assert out.values.iloc[:4].tolist() == [10.0, 25.0, 7.0, 5.0] and np.isnan(out.values.iloc[4])
    assert len(out.warnings) == 1
    w = out.warnings[0]
    assert (w.row, w.column, w.code) == (3, "Latitude (Min)/Latitude (Max)", "min_max_averaged")
    assert "mean 25" in w.message


def test_longitude_min_max_across_the_antimeridian_average_on_the_circle():
    out = combine_min_max(pd.Series([179.0, -179.0, 10.0]), pd.Series([-179.0, 179.0, 20.0]), kind="longitude")
    assert abs(out.values.iloc[0]) == pytest.approx(180.0)
    assert abs(out.values.iloc[1]) == pytest.approx(180.0)
    assert out.values.iloc[2] == pytest.approx(15.0)
    assert len(out.warnings) == 3


@pytest.mark.parametrize("header, role, bound, unit", [
    ("Latitude (Min)", "latitude", "min", None),
    ("Longitude (Max)", "longitude", "max", None),
    ("Longitude (X)", "longitude", None, None),
    ("Latitude (Y)", "latitude", None, None),
    ("long", "longitude", None, None),
    ("lat", "latitude", None, None),
    ("Age (a, Min)", "age", "min", "a"),
    ("Age (a, Max)", "age", "max", "a"),
    ("Age  (Ma)", "age", None, "Ma"),
    ("rad_age", "age", None, None),
    ("age_ka", "age", None, "ka"),
])
def test_header_recognition(header, role, bound, unit):
    assert recognise_geo_column(header) == (role, bound, unit)


@pytest.mark.parametrize("header", ["Age Reference", "error (Ma)", "age_src", "Geol. reference",
                                    "Location", "Sample Name", "Lab"])
def test_headers_that_are_not_positions_or_ages(header):
    assert recognise_geo_column(header) is None


def test_age_unit_from_header():
    assert age_unit_from_header("Age (a, Min)") == "a"
    assert age_unit_from_header("Age [Ga]") == "Ga"
    assert age_unit_from_header("rad_age") is None


def test_georoc_extract_min_max_ages_in_years(shared_data):
    path = shared_data / "examples" / "alkaline_syenite_carbonatite_GEOROC_extract.csv"
    raw = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    values, warnings, used = parse_geo_columns(raw, file=str(path))
    assert used["age"]["headers"] == ("Age (a, Min)", "Age (a, Max)") and used["age"]["unit"] == "a"
    assert used["latitude"]["headers"] == ("Latitude (Min)",)
    # first row: TORE-MADEIRA nephelinite, 27000000 a in both columns, 34.7902 N 14.588 W
    assert values.loc[0, "age"] == pytest.approx(27.0)
    assert values.loc[0, "latitude"] == pytest.approx(34.7902)
    assert values.loc[0, "longitude"] == pytest.approx(-14.588)
    single = ~(raw["Age (a, Min)"].str.contains("/") | raw["Age (a, Max)"].str.contains("/"))
    strip = r"\s*\[.*\]\s*$"
    lo = pd.to_numeric(raw["Age (a, Min)"].str.replace(strip, "", regex=True), errors="coerce")
    hi = pd.to_numeric(raw["Age (a, Max)"].str.replace(strip, "", regex=True), errors="coerce")
    both = single & lo.notna() & hi.notna()
    assert np.allclose(values.loc[both, "age"], (lo[both] + hi[both]) / 2e6)
    averaged = {w.row for w in warnings if w.code == "min_max_averaged"}
    rows_differ = set((raw.index[both & (lo != hi)] + 1).tolist())
    assert rows_differ and rows_differ <= averaged
    # one value per reference: '27000000 [8659] / 24750000 [15508]' in both columns -> mean 25.875 Ma
    assert values.loc[3, "age"] == pytest.approx(25.875)
    assert sum(w.code == "age_multiple" and w.row == 4 for w in warnings) == 2
    # min (1.3 + 2.0)/2 Ma and max (1.8 + 2.0)/2 Ma -> 1.775 Ma, with a min/max warning
    assert values.loc[140, "age"] == pytest.approx(1.775)
    assert 141 in averaged
    assert values["latitude"].between(-90, 90).all() and values["longitude"].between(-180, 180).all()
    assert len(values) == len(raw)


def test_mamani_and_dubray_columns(shared_data):
    m = pd.read_csv(shared_data / "examples" / "arc_lavas_CentralAndes_Mamani2010_extract.csv", comment="#",
                    dtype=str, keep_default_na=False)
    values, _, used = parse_geo_columns(m)
    assert used["longitude"]["headers"] == ("Longitude (X)",) and used["age"]["headers"] == ("Age  (Ma)",)
    assert values["latitude"].between(-30, -10).all() and values["longitude"].between(-80, -60).all()
    d = pd.read_csv(shared_data / "examples" / "arc_lavas_WestCascades_duBray2006_DS155_extract.csv",
                    comment="#", dtype=str, keep_default_na=False)
    values, _, used = parse_geo_columns(d)
    assert used["longitude"]["headers"] == ("long",) and used["age"]["headers"] == ("rad_age",)
    assert values.loc[0, "longitude"] == pytest.approx(-122.9139)
    assert values.loc[0, "latitude"] == pytest.approx(42.6151)
    assert values["latitude"].between(40, 50).all()


def test_unit_names_in_age_cells_are_placed_by_name_not_given_an_age():
    raw = pd.DataFrame({"Age (Ma)": ["12.5", "CRETACEOUS", "Late Jurassic", "Tertiary", ""],
                        "Geol. age": ["", "", "", "Miocene", "Neoproterozoic"]})
    values, warnings, used = parse_geo_columns(raw, file="g.csv", rows=[2, 3, 4, 5, 6])
    assert values["age"].iloc[0] == 12.5 and values["age"].iloc[1:].isna().all()
    # Cretaceous 66.0-145.0, Jurassic 145.0-201.4 (ICS v2023/09); "Tertiary" is no chart unit, so the
    # geological-age column gives the Miocene (5.333-23.03); the empty age takes the Neoproterozoic
    assert values["age_top_ma"].tolist()[1:] == [66.0, 145.0, 5.333, 538.8]
    assert values["age_base_ma"].tolist()[1:] == [145.0, 201.4, 23.03, 1000.0]
    assert np.isnan(values["age_top_ma"].iloc[0]) and used["age_name"]["headers"] == ("Geol. age",)
    by_name = [w for w in warnings if w.code == "age_by_name"]
    assert [(w.row, w.column) for w in by_name] == [(3, "Age (Ma)"), (4, "Age (Ma)"), (5, "Geol. age"),
                                                    (6, "Geol. age")]
    assert "placed by name in Cretaceous" in by_name[0].message and "enclosing unit" in by_name[1].message
    bad = [w for w in warnings if w.code == "bad_age"]
    assert len(bad) == 1 and bad[0].row == 5 and "Tertiary" in bad[0].message


def test_numbers_in_a_geological_age_column_fill_empty_ages(shared_data):
    # USGS DS-155 (du Bray et al. 2006): "geol_age" holds ages and ranges in Ma ("35 to 39"); "rad_age" is
    # mostly empty. Rows with rad_age keep it; the others take geol_age (ranges by their midpoint).
    d = pd.read_csv(shared_data / "examples" / "arc_lavas_WestCascades_duBray2006_DS155_extract.csv",
                    comment="#", dtype=str, keep_default_na=False)
    values, warnings, used = parse_geo_columns(d, file="ds155.csv")
    assert used["age"]["headers"] == ("rad_age",) and used["age_name"]["headers"] == ("geol_age",)
    assert values.loc[0, "age"] == 37.0                     # "35 to 39", no rad_age
    assert values.loc[20, "age"] == 65.4                    # rad_age 65.4 wins over geol_age "25 to 35"
    assert values.loc[24, "age"] == 34.0
    filled = (d["rad_age"].str.strip() == "") & (d["geol_age"].str.strip() != "")
    assert values.loc[filled, "age"].notna().all()
    assumed = [w for w in warnings if w.code == "age_unit_assumed"]
    assert len(assumed) == 1 and assumed[0].column == "geol_age" and "Ma" in assumed[0].message
    assert int(assumed[0].message.split()[0]) == int(filled.sum())
    assert not [w for w in warnings if w.code == "bad_age" and w.column == "geol_age"]


def test_a_compilation_of_files_with_differently_named_columns_keeps_every_position():
    """Files concatenated into one table each bring their own coordinate and age columns: every row gets
    the value of the column that has one (header order), GEOROC min/max pairs included."""
    frame = pd.DataFrame({
        "LATITUDE MIN": ["10", "", "", ""], "LATITUDE MAX": ["12", "", "", ""],
        "LONGITUDE MIN": ["20", "", "", ""], "LONGITUDE MAX": ["20", "", "", ""],
        "Latitude (Y)": ["", "-30.5", "", ""], "Longitude (X)": ["", "-70", "", ""],
        "lat": ["", "", "45", "11.5"], "long": ["", "", "-122", "20"],
        "Age (Ma)": ["", "5", "", ""], "rad_age": ["", "", "35", ""],
    })
    values, warnings, used = parse_geo_columns(frame, rows=np.array([2, 3, 4, 5]))
    assert list(values["latitude"]) == [11.0, -30.5, 45.0, 11.5]
    assert list(values["longitude"]) == [20.0, -70.0, -122.0, 20.0]
    np.testing.assert_array_equal(values["age"], [np.nan, 5.0, 35.0, np.nan])
    assert used["latitude"]["headers"] == ("LATITUDE MIN", "LATITUDE MAX", "Latitude (Y)", "lat")
    assert not [w for w in warnings if w.code == "geo_columns_disagree"]


def test_two_position_columns_that_disagree_are_a_warning():
    frame = pd.DataFrame({"Latitude": ["10", "20"], "lat": ["10", "21"], "Longitude": ["5", "5"]})
    values, warnings, _ = parse_geo_columns(frame, file="t.csv", rows=np.array([2, 3]))
    assert list(values["latitude"]) == [10.0, 20.0]
    [w] = [w for w in warnings if w.code == "geo_columns_disagree"]
    assert (w.file, w.row, w.column) == ("t.csv", 3, "lat") and "'Latitude'" in w.message
