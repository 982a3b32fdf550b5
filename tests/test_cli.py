"""The command line: help everywhere, exit codes, one-line errors, lossless compute output."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from metasome.cli import main

SUBCOMMANDS = [[], ["inspect"], ["compute"], ["demo"], ["reference"], ["reference", "list"]]


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=lambda w: " ".join(w) or "top")
def test_every_subcommand_has_help(words, capsys):
    assert main([*words, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage" in out and "--help" in out


@pytest.mark.parametrize("words, shown", [(["compute"], "metasome[distributed]"),
                                           (["report"], "[montecarlo] draws")])
def test_help_shows_bracketed_names(words, shown, capsys, monkeypatch):
    """Square brackets are rich markup: extras and TOML tables must be escaped to be printed at all."""
    monkeypatch.setenv("COLUMNS", "250")
    assert main([*words, "--help"]) == 0
    assert shown in " ".join(capsys.readouterr().out.split())


def test_inspect_prints_bracketed_headers_as_text(tmp_path, capsys, monkeypatch):
    """Headers with units in square brackets (and anything looking like a rich tag) print as written."""
    monkeypatch.setenv("COLUMNS", "250")
    path = tmp_path / "[units].csv"
    path.write_text("Sample,La [ppm],SiO2 [wt%],odd [/b]\na,1,50,x\n")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    for text in ("La [ppm]", "SiO2 [wt%]", "odd [/b]", "[units].csv"):
        assert text in out, text
    assert main(["compute", str(path), "--out", str(tmp_path / "out[red].csv")]) == 0
    assert "out[red].csv" in capsys.readouterr().out


def test_compute_never_overwrites_its_input(tmp_path, capsys):
    """--out naming the input (both routes: blocks for CSV, in memory for XLSX) is exit 2, input intact."""
    csv = tmp_path / "data.csv"
    csv.write_text("Sample,SiO2\na,50\n")
    pd.read_csv(csv).to_excel(tmp_path / "data.xlsx", index=False)
    for path in (csv, tmp_path / "data.xlsx"):
        before = path.read_bytes()
        assert main(["compute", str(path), "--out", str(path)]) == 2
        assert "overwrite" in capsys.readouterr().err
        assert path.read_bytes() == before


def test_missing_file_is_exit_2_and_one_line(tmp_path):
    missing = tmp_path / "nope.csv"
    proc = subprocess.run([sys.executable, "-m", "metasome.cli", "inspect", str(missing)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "nope.csv" in lines[0] and "Traceback" not in proc.stderr


def test_unreadable_file_is_exit_2(tmp_path):
    bad = tmp_path / "garbage.xlsx"
    bad.write_bytes(b"\x00\x01\x02 not a spreadsheet \xff\xfe")
    assert main(["inspect", str(bad)]) == 2


def test_usage_error_is_exit_2():
    assert main(["compute"]) == 2


def test_inspect_prints_mapping_and_warnings(shared_data, capsys):
    path = shared_data / "examples" / "arc_lavas_CentralAndes_Mamani2010_extract.csv"
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    for expected in ("SiO2", "La_icpms", "87Sr/86Sr", "warning"):
        assert expected in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_compute_keeps_every_input_column_and_row(shared_data, tmp_path, suffix):
    src = shared_data / "examples" / "alkaline_syenite_carbonatite_GEOROC_extract.csv"
    out = tmp_path / f"out{suffix}"
    assert main(["compute", str(src), "--out", str(out)]) == 0
    # the first line is a '# source' comment; '#' also occurs inside sample names, so skip it by position
    original = pd.read_csv(src, skiprows=1, dtype=str, keep_default_na=False)
    if suffix == ".csv":
        written = pd.read_csv(out, dtype=str, keep_default_na=False)
    elif suffix == ".xlsx":
        written = pd.read_excel(out, dtype=str, keep_default_na=False, engine="calamine")
    else:
        written = pd.read_parquet(out)
    assert len(written) == len(original)
    for header in original.columns:
        assert header in written.columns, header
    # verbatim cells of a text column and a numeric column
    assert written["Sample Name"].tolist() == original["Sample Name"].tolist()
    assert written["La"].fillna("").astype(str).tolist() == original["La"].tolist()
    for derived in ("Th/Yb", "Ce/Ce*", "TAS plutonic"):
        assert derived in written.columns


def test_compute_to_parquet_runs_in_blocks_and_equals_the_in_memory_table(shared_data, tmp_path, capsys):
    import pyarrow.parquet as pq

    from metasome.io import read_table, write
    from metasome.report.pipeline import derive_all

    src = shared_data / "examples" / "alkaline_syenite_carbonatite_GEOROC_extract.csv"
    out = tmp_path / "out.parquet"
    assert main(["compute", str(src), "--out", str(out)]) == 0
    assert "1 block(s)" in capsys.readouterr().out
    table = read_table(src)
    write(table, tmp_path / "ref.parquet", derived=derive_all(table))
    assert pq.read_table(out).equals(pq.read_table(tmp_path / "ref.parquet"))


def test_compute_shows_progress_on_stderr_unless_quiet(tmp_path, capsys):
    src = tmp_path / "lavas.csv"
    src.write_text("Sample,SiO2,La\n" + "".join(f"s{i},{50 + i % 9},{10 + i % 4}\n" for i in range(50)))
    assert main(["compute", str(src), "--out", str(tmp_path / "a.parquet")]) == 0
    shown = capsys.readouterr()
    assert "written" in shown.err and "wrote" in shown.out and "written" not in shown.out
    assert main(["compute", str(src), "--out", str(tmp_path / "b.parquet"), "-q"]) == 0
    shown = capsys.readouterr()
    assert shown.err == "" and "wrote" in shown.out


def test_compute_takes_block_rows_and_workers(tmp_path, capsys):
    import pyarrow.parquet as pq

    src = tmp_path / "lavas.csv"
    src.write_text("Sample,SiO2,La\n" + "".join(f"s{i},{50 + i % 9},{10 + i % 4}\n" for i in range(5_000)))
    assert main(["compute", str(src), "--out", str(tmp_path / "a.parquet"), "--block-rows", "2000", "-q"]) == 0
    assert "in 3 block(s)" in capsys.readouterr().out
    assert pq.ParquetFile(tmp_path / "a.parquet").metadata.num_row_groups == 3
    assert main(["compute", str(src), "--out", str(tmp_path / "b.csv"), "--backend", "processes",
                 "--workers", "2", "--block-rows", "2000", "-q"]) == 0
    assert (tmp_path / "b.csv").read_bytes().count(b"\n") == 5_001


@pytest.mark.parametrize("words, said", [
    (["--block-rows", "2500"], "multiple of 2000"),
    (["--block-rows", "2000", "--out-xlsx"], "built in memory"),
    (["--workers", "2"], "serial backend"),
])
def test_compute_refuses_block_options_that_would_do_nothing(tmp_path, capsys, words, said):
    src = tmp_path / "lavas.csv"
    src.write_text("Sample,SiO2\na,50\n")
    out = tmp_path / ("out.xlsx" if "--out-xlsx" in words else "out.csv")
    words = [w for w in words if w != "--out-xlsx"]
    assert main(["compute", str(src), "--out", str(out), *words, "-q"]) == 2
    assert said in capsys.readouterr().err and not out.exists()


def test_reference_list_names_citations(capsys):
    assert main(["reference", "list"]) == 0
    out = capsys.readouterr().out
    assert "PM_PalmeONeill2014" in out and "Palme" in out


def test_report_command_writes_report_and_repeatable_config(shared_data, tmp_path):
    src = shared_data / "examples" / "arc_lavas_CentralAndes_Mamani2010_extract.csv"
    config = tmp_path / "project.toml"
    config.write_text('[models]\nqiu2025_mixing = false\nholwell2019_continuum = false\n', encoding="utf-8")
    out = tmp_path / "rep"
    assert main(["report", str(src), "--config", str(config), "--group", "Arc", "--out", str(out), "-q"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Classification: " in html and "Trace elements: " in html
    import tomllib

    written = tomllib.loads((out / "project.toml").read_text(encoding="utf-8"))
    assert written["group"] == ["Arc"] and written["models"]["qiu2025_mixing"] is False
    # the written configuration repeats the run
    again = tmp_path / "again"
    assert main(["report", "--config", str(out / "project.toml"), "--out", str(again), "-q"]) == 0
    assert (again / "report.html").is_file()


def test_report_bad_config_is_exit_2_naming_the_key(tmp_path, capsys):
    config = tmp_path / "project.toml"
    config.write_text('[isotopes]\nchur = "CHUR2000"\n', encoding="utf-8")
    assert main(["report", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "isotopes.chur" in err and "JacobsenWasserburg1980" in err


def test_report_on_a_folder_and_a_glob(tmp_path, monkeypatch):
    """A folder is processed in blocks: full derived tables as Parquet parts, a stated sample for figures."""
    import pyarrow.parquet as pq

    from metasome.io import read_table
    from metasome.parallel import view
    from metasome.report.pipeline import derive_all
    from test_parallel import georoc_text

    src = tmp_path / "downloads"
    src.mkdir()
    (src / "a.csv").write_bytes(georoc_text(1_200, seed=1).encode())
    (src / "b.csv").write_bytes(georoc_text(900, seed=2, location="RIFT").encode())
    config = tmp_path / "project.toml"
    config.write_text('[models]\nqiu2025_mixing = false\nholwell2019_continuum = false\n'
                      '[figures]\nformats = ["svg"]\n', encoding="utf-8")
    monkeypatch.setattr(view, "DEFAULT_CAP", 500)
    out = tmp_path / "rep"
    assert main(["report", str(src), "--config", str(config), "--out", str(out), "-q", "-g", "LOCATION"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "2,100 rows from 2 file(s)" in html
    assert "a seeded random sample of 500 of the 2,100 rows" in html
    assert "Classification: downloads" in html and "Trace elements: downloads" in html
    sample = pd.read_csv(out / "tables" / "downloads" / view.SAMPLE_ROWS)
    assert len(sample) == 500
    for name in ("a", "b"):          # nothing dropped: every row of every file, derived as the serial path
        table = read_table(src / f"{name}.csv")
        want = derive_all(table)
        got = pd.concat([pq.read_table(p).to_pandas() for p in
                         sorted((out / "tables" / "downloads" / name).glob("part-*.parquet"))], ignore_index=True)
        assert len(got) == len(table)
        pd.testing.assert_series_equal(got["Th/Yb"], want["Th/Yb"].reset_index(drop=True), check_exact=True)
        assert got["TAS volcanic"].tolist() == want["TAS volcanic"].tolist()
    # a glob with the process backend; every row fits under the cap here
    monkeypatch.setattr(view, "DEFAULT_CAP", 20_000)
    out2 = tmp_path / "rep2"
    assert main(["report", str(src / "a*.csv"), "--config", str(config), "--out", str(out2), "-q",
                 "--backend", "processes"]) == 0
    html = (out2 / "report.html").read_text(encoding="utf-8")
    assert "all 1,200 rows" in html
