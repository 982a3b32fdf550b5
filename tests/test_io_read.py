"""Reader behaviour on the shared real exports, header recognition, censoring, writers and the API."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import metasome
from metasome.errors import MetasomeInputError
from metasome.io import load_column_overrides, mapping_frame, read, read_table, write
from metasome.io.censor import CENSORED, INVALID, MISSING, VALUE, parse_token
from metasome.io.columns import ba137_to_ba138_factor, method_rank, recognise, recognise_all

SHARED_FILES = ["examples", "formats"]


def _shared_files(root: Path) -> list[Path]:
    return sorted(p for sub in SHARED_FILES for p in (root / sub).glob("*.csv"))


def _oracle(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a shared CSV by the standard library, skipping '#' comment lines."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    rows = [r for r in csv.reader(io.StringIO("".join(lines), newline="")) if r]
    return rows[0], rows[1:]


def test_shared_files_lose_nothing(shared_data):
    files = _shared_files(shared_data)
    assert len(files) >= 10
    for path in files:
        table = read_table(path)
        header, rows = _oracle(path)
        width = len(table.original.columns)
        assert list(table.original.columns) == header[:width]
        assert all(not h for h in header[width:])  # only empty trailing headers may be dropped
        assert len(table) == len(rows)
        got = table.original.to_numpy().tolist()
        assert got == [r[:width] for r in rows], path.name
        frame = table.to_frame()
        assert frame.shape[0] == len(rows)
        assert list(frame.columns[:width]) == header[:width]


def test_shared_files_read_frame_contract(shared_data):
    for path in _shared_files(shared_data):
        df = read(path)
        table = df.attrs["metasome"]
        assert df.index.equals(pd.RangeIndex(len(table)))
        n_canonical = table.values.shape[1]
        assert list(df.columns[:n_canonical]) == list(table.values.columns)
        assert all(df[c].dtype == np.float64 for c in table.values.columns)
        kept = [m for m in table.mapping if not (m.used and m.kind != "text")]
        assert df.shape[1] == n_canonical + len(kept)


def test_mamani_methods_and_isotopes(shared_data):
    table = read_table(shared_data / "examples" / "arc_lavas_CentralAndes_Mamani2010_extract.csv")
    by_header = {m.header: m for m in table.mapping}
    assert by_header["La_icpms"].quantity == "La" and by_header["La_icpms"].method == "icpms"
    assert by_header["Nb_icpms"].used and not by_header["Nb_xrf"].used
    assert by_header["87_86Sr"].quantity == "87Sr/86Sr"
    assert by_header["87_86Sr_error"].quantity == "87Sr/86Sr 2SE"
    assert by_header["87_86Sr initial"].quantity == "87Sr/86Sr(i)"
    assert by_header["208Pb_204Pb"].quantity == "208Pb/204Pb"
    assert by_header["Age  (Ma)"].quantity == "age"
    # ICP-MS Nb where given, XRF otherwise
    icp = pd.to_numeric(table.original["Nb_icpms"], errors="coerce").to_numpy()
    xrf = pd.to_numeric(table.original["Nb_xrf"], errors="coerce").to_numpy()
    expected = np.where(np.isnan(icp), xrf, icp)
    assert np.allclose(table.values["Nb"], expected, equal_nan=True)


def test_du_bray_censored_and_normalised(shared_data):
    table = read_table(shared_data / "examples" / "arc_lavas_WestCascades_duBray2006_DS155_extract.csv")
    info = {m.header: m for m in table.mapping}
    assert info["SiO2n"].quantity == "SiO2" and "normalised" in info["SiO2n"].note
    assert info["FeO*n"].quantity == "FeOt"
    cells = table.original.stack()
    assert cells.str.startswith("<").any()
    for quantity in table.censored.columns:
        c = table.censored[quantity].to_numpy()
        assert np.isnan(table.values[quantity].to_numpy()[c]).all()
        assert (table.limits[quantity].to_numpy()[c] > 0).all()
    assert table.censored.to_numpy().sum() > 0


def test_georoc_api_and_earthchem_formats(shared_data):
    api = read_table(shared_data / "formats" / "georoc_api_format_example_Loihi.csv")
    info = {m.header: m for m in api.mapping}
    assert info["SIO2(WT%)[EMP (EPMA)]"].quantity == "SiO2"
    assert info["SIO2(WT%)[EMP (EPMA)]"].method == "EMP (EPMA)"
    assert info["S(WT%)[MS]"].quantity == "S" and info["S(WT%)[MS]"].factor == pytest.approx(1e4)
    assert api.values["S"].iloc[0] == pytest.approx(0.152e4)
    chem = read(shared_data / "formats" / "earthchem_format_example_Loihi.csv")
    assert len(chem) == 50  # one row per sample and method, never merged
    assert chem["sample_id"].duplicated().any()


@pytest.mark.parametrize("header, quantity, unit, factor", [
    ("SIO2(WT%)", "SiO2", "WT%", 1.0), ("LA(PPM)", "La", "PPM", 1.0), ("ND143_ND144", "143Nd/144Nd", "ratio", 1),
    ("ND143_ND144(_INI)", "143Nd/144Nd(i)", "ratio", 1), ("SR87_SR86", "87Sr/86Sr", "ratio", 1),
    ("EPSILON_ND", "eNd", "epsilon", 1), ("La (ppm)", "La", "ppm", 1), ("La_ppm", "La", "ppm", 1),
    ("La ppm", "La", "ppm", 1), ("SiO2n", "SiO2", "wt%", 1), ("FeO*n", "FeOt", "wt%", 1),
    ("FeO*", "FeOt", "wt%", 1), ("FEOT", "FeOt", "wt%", 1), ("Fe2O3T", "Fe2O3t", "wt%", 1),
    ("Fe2O3(T)", "Fe2O3t", "wt%", 1), ("LOI", "LOI", "wt%", 1), ("87Sr/86Sr", "87Sr/86Sr", "ratio", 1),
    ("Sr87/Sr86", "87Sr/86Sr", "ratio", 1), ("87_86Sr", "87Sr/86Sr", "ratio", 1),
    ("87Sr86Sr", "87Sr/86Sr", "ratio", 1), ("143Nd/144Nd", "143Nd/144Nd", "ratio", 1),
    ("(87Sr/86Sr)i", "87Sr/86Sr(i)", "ratio", 1), ("87Sr/86Sr(i)", "87Sr/86Sr(i)", "ratio", 1),
    ("ISr", "87Sr/86Sr(i)", "ratio", 1), ("d7Li", "d7Li", "permil", 1), ("δ7Li", "d7Li", "permil", 1),
    ("delta7Li", "d7Li", "permil", 1), ("d7Li (per mil LSVEC)", "d7Li", "permil", 1),
    ("d138/134Ba", "d138/134Ba", "permil", 1), ("δ138/134Ba", "d138/134Ba", "permil", 1),
    ("d138Ba", "d138/134Ba", "permil", 1), ("Age (Ma)", "age", "Ma", 1), ("Age  (Ma)", "age", "Ma", 1),
    ("age_Ma", "age", "Ma", 1), ("Age (ka)", "age", "ka", 1e-3), ("Age (Ga)", "age", "Ga", 1e3),
    ("Age (a, Min)", "age", "a", 1e-6), ("Ni (wt%)", "Ni", "wt%", 1e4), ("Au (ppb)", "Au", "ppb", 1e-3),
    ("Au (ng/g)", "Au", "ng/g", 1e-3), ("Pt (ppt)", "Pt", "ppt", 1e-6), ("Pd (pg/g)", "Pd", "pg/g", 1e-6),
    ("Cu (µg/g)", "Cu", "µg/g", 1), ("Cu (ug/g)", "Cu", "ug/g", 1), ("Cu (mg/kg)", "Cu", "mg/kg", 1),
    ("SiO2 (ppm)", "SiO2", "ppm", 1e-4), ("La 2SD", "La 2SD", "ppm", 1), ("sio2", "SiO2", "wt%", 1),
    ("sr87_sr86", "87Sr/86Sr", "ratio", 1), ("h2o_p", "H2O+", "wt%", 1),
])
def test_header_recognition(header, quantity, unit, factor):
    rec = recognise(header)
    assert (rec.quantity, rec.unit) == (quantity, unit)
    assert rec.factor == pytest.approx(factor)


@pytest.mark.parametrize("header, role", [
    ("Sample", "sample"), ("Sample Name", "sample"), ("SAMPLE NAME", "sample"), ("sample_id", "sample"),
    ("Samples", "sample"), ("field _no", "sample"), ("Location", "location"), ("LOCATION", "location"),
    ("Rock Type", "rock_type"), ("Rock Name", "rock_name"), ("rock_name", "rock_name"), ("Unit", "unit"),
    ("Domain", "group"), ("Arc", "group"), ("Tectonic Setting", "group"), ("Material", "material"),
    ("Latitude (Min)", "latitude"), ("LONGITUDE (MIN.)", "longitude"),
])
def test_text_roles(header, role):
    rec = recognise(header)
    assert (rec.quantity, rec.kind) == (role, "text")


def test_methods_uncertainties_and_conversions():
    recs = recognise_all(["87Sr/86Sr", "2SE", "143Nd/144Nd", "±", "d7Li", "±2s", "SIO2(WT%)[EMP (EPMA)]"])
    assert [r.quantity for r in recs[:6]] == ["87Sr/86Sr", "87Sr/86Sr 2SE", "143Nd/144Nd", "143Nd/144Nd 2SE",
                                              "d7Li", "d7Li 2SD"]
    assert not recs[3].level_stated and recs[1].level_stated
    assert recs[6].method == "EMP (EPMA)"
    assert recognise("La_icpms").method == "icpms" and recognise("La_xrf").method == "xrf"
    assert recognise("LA(PPM)[ICPMS]").method == "ICPMS"
    assert method_rank("icpms") < method_rank("ID-TIMS") < method_rank("INAA") < method_rank("xrf") \
        < method_rank("EMP (EPMA)") == method_rank(None)
    beta = ba137_to_ba138_factor()
    assert beta == pytest.approx(1.328, abs=5e-4)  # science.md B.7
    ba = recognise("d137/134Ba")
    assert ba.quantity == "d138/134Ba" and ba.factor == pytest.approx(beta) and "137" in ba.note
    unknown = recognise("La (furlongs)")
    assert unknown.quantity is None and "furlongs" in unknown.problem


@pytest.mark.parametrize("cell, state, value, limit", [
    ("12.5", VALUE, 12.5, np.nan), ("<0.01", CENSORED, np.nan, 0.01), ("< 0.01", CENSORED, np.nan, 0.01),
    ("bdl", CENSORED, np.nan, np.nan), ("B.D.L.", CENSORED, np.nan, np.nan), ("n.d.", CENSORED, np.nan, np.nan),
    ("—", CENSORED, np.nan, np.nan), ("<LOD", CENSORED, np.nan, np.nan), ("NA", MISSING, np.nan, np.nan),
    ("n.a.", MISSING, np.nan, np.nan), ("", MISSING, np.nan, np.nan), ("12.3.4", INVALID, np.nan, np.nan),
    ("27000000 [8659]", VALUE, 2.7e7, np.nan), (">1000", INVALID, np.nan, np.nan),
])
def test_parse_token(cell, state, value, limit):
    got = parse_token(cell)
    assert got[0] == state
    assert np.allclose(got[1:], (value, limit), equal_nan=True)


def test_parse_token_decimal_comma():
    assert parse_token("<0,01", decimal_comma=True)[:1] == (CENSORED,)
    assert parse_token("<0,01", decimal_comma=True)[2] == pytest.approx(0.01)
    assert parse_token("12,5", decimal_comma=True)[1] == pytest.approx(12.5)


def test_with_censoring_policy(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Sample,Ni\na,<4\nb,10\n")
    table = read_table(path)
    assert np.isnan(table.with_censoring()["Ni"][0])
    assert table.with_censoring("half")["Ni"].tolist() == [2.0, 10.0]
    assert "x0.5" in table.provenance["censoring_policy"]
    assert table.values["Ni"].isna().tolist() == [True, False]  # never turned into a number silently
    assert table.with_censoring(0.25)["Ni"].tolist() == [1.0, 10.0]
    assert table.with_censoring("zero")["Ni"].tolist() == [0.0, 10.0]
    # a below-detection value is at most its limit: factors outside [0, 1] and unknown names are refused
    for bad in ("banana", 2.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(MetasomeInputError, match="censoring"):
            table.with_censoring(bad)


def test_changing_the_censored_values_leaves_the_table_alone(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Sample,Ni,MgO\na,<4,10\nb,10,12\n")
    table = read_table(path)
    for policy in (None, "half"):
        values = table.with_censoring(policy)
        values.loc[:, "MgO"] = 0.0
        values["Ni"] *= 2
        values.iloc[1, 0] = -1.0
        values["new"] = 1.0
        assert table.values["MgO"].tolist() == [10.0, 12.0]
        assert table.values["Ni"].tolist()[1] == 10.0 and np.isnan(table.values["Ni"][0])
        assert "new" not in table.values.columns


def test_censoring_refused_before_any_block_and_in_the_config(tmp_path, capsys):
    from metasome.cli import main
    from metasome.report.config import parse_config

    path = tmp_path / "c.csv"
    path.write_text("Sample,Ni\na,<4\nb,10\n")
    assert main(["compute", str(path), "--out", str(tmp_path / "o.csv"), "--censoring", "2"]) == 2
    assert "[0, 1]" in capsys.readouterr().err and not (tmp_path / "o.csv").exists()
    assert parse_config({"censoring": 0.5}).censoring == 0.5
    with pytest.raises(MetasomeInputError, match="censoring"):
        parse_config({"censoring": 3.0})


def test_shared_columns_copy_on_write(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Sample,Ni,Cu\na,1,2\nb,10,3\n")
    table = read_table(path)
    table.limits.loc[0, "Ni"] = 5.0
    assert np.isnan(table.limits.loc[0, "Cu"])


def test_read_frame_collision_and_attrs(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Sample,La,La,Note\na,1,2,x\nb,,3,y\n")
    df = read(path)
    assert list(df.columns) == ["La", "Sample", "La (input)", "Note"]
    assert df["La"].tolist() == [1.0, 3.0]
    assert df.attrs["metasome"] is df[["La"]].attrs["metasome"]  # shared, never deep-copied
    assert metasome.read is read


def test_mapping_frame_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Sample,La_icpms,La_xrf\na,<1,2\nb,,3\n")
    frame = mapping_frame(read_table(path))
    assert list(frame.columns) == ["header", "quantity", "kind", "unit", "method", "used", "n values",
                                   "n censored", "n missing", "note"]
    row = frame.set_index("header").loc["La_icpms"]
    assert (row["n values"], row["n censored"], row["n missing"], row["used"]) == (0, 1, 1, True)


def test_column_overrides_from_toml(tmp_path):
    toml = tmp_path / "cols.toml"
    toml.write_text('[columns."Ni"]\nunit = "wt%"\n[columns."Foo"]\nquantity = "La"\nunit = "ppb"\n'
                    '[columns."X"]\nquantity = false\n', encoding="utf-8")
    overrides = load_column_overrides(toml)
    assert overrides == {"Ni": {"unit": "wt%"}, "Foo": {"quantity": "La", "unit": "ppb"}, "X": {"quantity": None}}
    data = tmp_path / "d.csv"
    data.write_text("Ni,Foo,X\n0.5,2000,7\n")
    table = read_table(data, columns=overrides)
    assert table.values["Ni"][0] == pytest.approx(5000.0)
    assert table.values["La"][0] == pytest.approx(2.0)
    assert [m.source for m in table.mapping] == ["user", "user", "user"]
    with pytest.raises(MetasomeInputError, match="not found"):
        load_column_overrides(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[columns\n")
    with pytest.raises(MetasomeInputError):
        load_column_overrides(bad)
    with pytest.raises(MetasomeInputError, match="unknown quantity"):
        read_table(data, columns={"Foo": {"quantity": "Unobtainium"}})


def test_write_formats_roundtrip_and_formula_safety(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Sample,Note,La,La\n=1+1,+cmd,1,<2\n-x,@SUM(A1),2,3\n")
    table = read_table(path)
    for suffix in (".csv", ".xlsx", ".parquet"):
        out = write(table, tmp_path / f"out{suffix}", derived=pd.DataFrame({"La/Yb": [1.0, 2.0]}))
        back = read_table(out)
        assert list(back.original.columns[:4]) == ["Sample", "Note", "La", "La"]
        assert back.original.iloc[:, :4].to_numpy().tolist() == table.original.to_numpy().tolist()
        assert "La/Yb" in back.original.columns
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B3"].data_type == "s"
    import pyarrow.parquet as pq

    schema = pq.read_schema(tmp_path / "out.parquet")
    assert len(set(schema.names)) == len(schema.names)
    assert b"metasome.headers" in schema.metadata
    with pytest.raises(MetasomeInputError, match="unknown output format"):
        write(table, tmp_path / "out.json")


def test_parquet_numbers_plain_and_exact(tmp_path):
    """Floats keep the PLAIN encoding every reader knows (writers.parquet_options) and come back bit for
    bit, missing cells as nulls; pandas text columns of every string dtype are written as text, missing
    as ''."""
    import numpy as np
    import pyarrow.parquet as pq

    from metasome.io import write_frame

    numbers = [0.1, -0.0, 5e-324, 1.7976931348623157e308, np.nan, 123456.789012345]
    frame = pd.DataFrame({"x": numbers,
                          "s": pd.Series(["a", None, "c", "", "e", "f"], dtype="str"),
                          "t": pd.Series(["a", None, "c", "", "e", "f"], dtype="string[python]")})
    out = write_frame(frame, tmp_path / "f.parquet")
    meta = pq.ParquetFile(out).metadata.row_group(0)
    encodings = {meta.column(j).path_in_schema: meta.column(j).encodings for j in range(meta.num_columns)}
    assert set(encodings["x"]) <= {"PLAIN", "RLE"}
    back = pq.read_table(out)
    x = back.column("x").to_pylist()
    assert x[4] is None
    kept = [v for v in numbers if v == v]
    assert [v for v in x if v is not None] == kept
    assert np.signbit(x[1])
    assert back.column("s").to_pylist() == back.column("t").to_pylist() == ["a", "", "c", "", "e", "f"]


def test_parquet_cells_of_every_column_kind(tmp_path):
    """Integers (with or without missing cells) and floats with infinities are float64, NaN missing;
    booleans are the text cells True/False, a missing one empty; a strided numeric column is written
    whole."""
    import numpy as np
    import pyarrow.parquet as pq

    from metasome.io import write_frame

    block = np.arange(12, dtype=float).reshape(6, 2, order="C")   # a column of it is strided
    frame = pd.DataFrame({"f": [1.5, np.nan, np.inf, -np.inf, 0.0, 2.0],
                          "i": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"), "n": np.arange(6),
                          "b": [True, False, True, True, False, False],
                          "nb": pd.array([True, None, False, True, None, False], dtype="boolean"),
                          "strided": block[:, 1]})
    back = pq.read_table(write_frame(frame, tmp_path / "k.parquet")).to_pydict()
    assert back["f"] == [1.5, None, np.inf, -np.inf, 0.0, 2.0]
    assert back["i"] == [1.0, None, 3.0, 4.0, 5.0, 6.0] and back["n"] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert back["b"] == ["True", "False", "True", "True", "False", "False"]
    assert back["nb"] == ["True", "", "False", "True", "", "False"]
    assert back["strided"] == [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]


def test_errors_name_file_line_and_column(tmp_path):
    ragged = tmp_path / "r.csv"
    ragged.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(MetasomeInputError) as info:
        read_table(ragged)
    assert info.value.file == str(ragged) and info.value.row == 3
    with pytest.raises(MetasomeInputError, match="not a spreadsheet"):
        read_table(ragged, sheet="x")
    with pytest.raises(MetasomeInputError, match="unknown encoding"):
        read_table(ragged, encoding="klingon")
    garbage = tmp_path / "g.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(MetasomeInputError, match="spreadsheet"):
        read_table(garbage)
    bad_utf8 = tmp_path / "u.csv"
    bad_utf8.write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(MetasomeInputError, match="utf-8"):
        read_table(bad_utf8, encoding="utf-8")


def test_late_non_utf8_bytes_fall_back(tmp_path):
    path = tmp_path / "late.csv"
    body = b"Sample,La\n" + b"a,1\n" * 30000 + "Montr\u00e9al,2\n".encode("cp1252")
    path.write_bytes(body)
    table = read_table(path)
    assert table.provenance["encoding"] == "cp1252"
    assert table.original["Sample"].iloc[-1] == "Montréal"
    assert table.row_labels.iloc[-1] == 30002


def test_georoc_zero_warning_only_for_georoc(tmp_path):
    plain = tmp_path / "p.csv"
    plain.write_text("Sample,Te\na,0\n")
    assert not [w for w in read_table(plain).warnings if w.code == "zero_in_georoc"]
    georoc = tmp_path / "g.csv"
    georoc.write_text('"SAMPLE NAME","TE(PPM)",\n"a","0",\n')
    warnings = [w for w in read_table(georoc).warnings if w.code == "zero_in_georoc"]
    assert warnings and warnings[0].row == 2 and warnings[0].column == "TE(PPM)"
    assert read_table(georoc).values["Te"][0] == 0.0


def test_warnings_are_capped_per_column(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("Sample,La\n" + "".join(f"s{i},abc\n" for i in range(100)))
    invalid = [w for w in read_table(path).warnings if w.code == "invalid_number"]
    assert len(invalid) == 21 and "100 rows" in invalid[-1].message


def test_spaces_ending_the_last_line_are_kept_verbatim(tmp_path):
    path = tmp_path / "spaces.csv"
    path.write_bytes(b"a,b\n1,x  \n2,y \n\n")
    from metasome.io import read_table

    assert list(read_table(path).original["b"]) == ["x  ", "y "]


def test_large_tables_read_the_same_with_threads_and_without_memory_maps(tmp_path, monkeypatch):
    """Above 50,000 rows the numeric columns are cast on two threads, and the CSV is parsed from a
    memory map; both give the table that the single-threaded, file-object path gives."""
    import pyarrow as pa

    from metasome.io import reader

    rng = np.random.default_rng(5)
    n = 60_000
    frame = pd.DataFrame({"Sample": [f"S{i}" for i in range(n)],
                          "SiO2": np.round(rng.uniform(40, 75, n), 2).astype(str),
                          "La (ppm)": np.where(rng.random(n) < 0.1, "<0.5", np.round(rng.lognormal(2, 1, n), 3).astype(str)),
                          "Nd (ppm)": np.where(rng.random(n) < 0.05, "", np.round(rng.lognormal(2, 1, n), 3).astype(str))})
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    fast = read_table(path)

    def no_map(*args, **kwargs):
        raise OSError("no memory maps here")

    monkeypatch.setattr(pa, "memory_map", no_map)
    monkeypatch.setattr(reader, "_THREADED_ROWS", 10**9)
    slow = read_table(path)
    pd.testing.assert_frame_equal(fast.values, slow.values)
    pd.testing.assert_frame_equal(fast.censored, slow.censored)
    pd.testing.assert_frame_equal(fast.limits, slow.limits)
    pd.testing.assert_frame_equal(fast.original, slow.original)
    assert fast.censored["La"].sum() > 5000 and np.isnan(fast.values["Nd"]).sum() > 2000


def test_empty_cells_are_missing_in_every_kind_of_chunk():
    """Plain chunks (validity bitmap over the shared text), sliced chunks and chunks with nulls (copied)
    give the same cells: empty ones missing, the rest unchanged."""
    import pyarrow as pa

    from metasome.io.censor import _empty_as_missing, parse_column

    column = pa.chunked_array([pa.array(["1", "", "2.5"]), pa.array(["x", "", "4"]).slice(1),
                               pa.array([None, "", "5"])])
    assert _empty_as_missing(column).to_pylist() == ["1", None, "2.5", None, "4", None, None, "5"]
    parsed = parse_column(column)
    expected = [1.0, None, 2.5, None, 4.0, None, None, 5.0]
    assert [None if v != v else v for v in parsed.values.tolist()] == expected
    # with censored and padded cells: the number-shaped cells are cast over the same kinds of chunk
    parsed = parse_column(pa.chunked_array(column.chunks + [pa.array(["x", "<0.5", "bdl", " 7 "]).slice(1)]))
    assert [None if v != v else v for v in parsed.values.tolist()] == expected + [None, None, 7.0]
    assert parsed.state.tolist() == [VALUE, MISSING, VALUE, MISSING, VALUE, MISSING, MISSING, VALUE,
                                     CENSORED, CENSORED, VALUE]
    assert parsed.limits[8] == 0.5


def test_a_table_without_rows_or_quantities_says_so(tmp_path):
    empty = tmp_path / "headers_only.csv"
    empty.write_text("Sample,SiO2,La\n", encoding="utf-8")
    assert "no_rows" in {w.code for w in read_table(empty).warnings}
    other = tmp_path / "sizes.csv"
    other.write_text("file,size\na.csv,12\n", encoding="utf-8")
    codes = {w.code for w in read_table(other).warnings}
    assert "no_quantities" in codes and "no_rows" not in codes
    assert not {"no_rows", "no_quantities"} & {w.code for w in read_table(_write(tmp_path, "S,La\nA,1\n")).warnings}


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_repeated_header_with_other_numbers_is_a_warning_naming_both_columns(tmp_path):
    table = read_table(_write(tmp_path, "Sample,La,Ce,La\nA,10,20,12\nB,11,22,11\nC,5,6,\n"))
    assert list(table.values["La"]) == [10, 11, 5]          # the first column is kept
    [w] = [w for w in table.warnings if w.code == "conflicting_columns"]
    assert (w.row, w.column) == (2, "La") and "column 4: 1 of 2 rows" in w.message and "column 2" in w.message


def test_another_method_that_differs_is_noted_not_warned(tmp_path):
    table = read_table(_write(tmp_path, "Sample,Nb_icpms,Nb_xrf\nA,10,12\nB,,9\n"))
    assert list(table.values["Nb"]) == [10, 9]
    assert "conflicting_columns" not in {w.code for w in table.warnings}
    note = mapping_frame(table).set_index("header").loc["Nb_xrf", "note"]
    assert "fills 1 cell(s)" in note and "differs from the value used in 1 of 1 rows" in note


def test_unitless_precious_metals_are_read_as_ppm_with_a_warning(tmp_path):
    table = read_table(_write(tmp_path, "Sample,Au,Pd,La,Au (ppb)\nA,3.2,5,10,1\n"))
    assumed = {w.column for w in table.warnings if w.code == "assumed_unit"}
    assert assumed == {"Au", "Pd"}                        # La is ppm by convention; 'Au (ppb)' states its unit
    assert table.values.loc[0, "Au"] == pytest.approx(3.2)


def test_a_text_table_named_as_a_workbook_gets_a_hint(tmp_path):
    with pytest.raises(MetasomeInputError, match="may be a CSV or TSV table named .xlsx"):
        read_table(_write(tmp_path, "Sample,La\nA,1\n", name="book.xlsx"))
