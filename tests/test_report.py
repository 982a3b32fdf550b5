"""The main job: report.html self-contained and escaped, figures and tables written, project.toml repeatable."""

from __future__ import annotations

import re
import tomllib

import pandas as pd
import pytest

from metasome.report.config import InputConfig, ProjectConfig, parse_config
from metasome.report.demo import demo_config
from metasome.report.run import run_report


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    config = demo_config().model_copy(update={"montecarlo": demo_config().montecarlo.model_copy(
        update={"draws": 20_000})})
    return config, run_report(config, out)


def test_report_is_self_contained(demo):
    _, result = demo
    html = result.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # no external resource of any kind: scripts, stylesheets, images or fonts fetched from elsewhere
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(http" not in html and "@import" not in html
    assert html.count("<svg") >= 10


def test_report_covers_both_seed_studies(demo):
    _, result = demo
    html = result.html.read_text(encoding="utf-8")
    for heading in ("Data: ", "Classification: ", "Trace elements: ", "Chalcophile elements: ", "Isotopes: ",
                    "Mixing models and Monte Carlo (Qiu et al. 2025)",
                    "Chalcophile continuum model (Holwell et al. 2019)", "Where and when: ", "Provenance"):
        assert heading in html, heading
    # sentences carry numbers computed from the data
    assert re.search(r"Ni/Te has median [0-9.e+]+ \(n=\d+", html)
    assert re.search(r"\d+ of \d+ analyses have positions, between", html)
    assert re.search(r"eNd\(t\) ranges from -?[0-9.]+ to -?[0-9.]+ \(n=\d+\)", html)


def test_every_figure_in_three_formats(demo):
    _, result = demo
    stems = {p.stem for p in result.figures}
    assert stems
    for stem in stems:
        for suffix in ("png", "svg", "pdf"):
            assert (result.out_dir / "figures" / f"{stem}.{suffix}").is_file()


def test_tables_keep_every_input_column(demo):
    config, result = demo
    for spec in config.inputs:
        original = pd.read_csv(spec.path, skiprows=1, dtype=str, keep_default_na=False)
        matches = [p for p in result.tables if p.suffix == ".csv"
                   and len(pd.read_csv(p, nrows=0).columns) >= len(original.columns)
                   and all(h in pd.read_csv(p, nrows=0).columns for h in original.columns)]
        assert matches, spec.path


def test_project_toml_repeats_the_run(demo):
    """The written file gives the same configuration, its input paths relative to the file itself."""
    from pathlib import Path

    from metasome.report.config import load_config

    config, result = demo
    written = parse_config(tomllib.loads(result.config.read_text(encoding="utf-8")))
    assert all(not Path(i.path).is_absolute() for i in written.inputs)
    resolved = [i.model_copy(update={"path": str(Path(i.path).resolve())}) for i in config.inputs]
    assert load_config(result.config) == config.model_copy(update={"inputs": resolved})


def test_user_strings_are_escaped_and_xlsx_formulas_are_text(tmp_path):
    csv = tmp_path / "evil.csv"
    rows = ["Sample,Rock type,SiO2,TiO2,Al2O3,FeOt,MgO,CaO,Na2O,K2O,P2O5,La,Ce,Pr,Nd,Sm,Yb,Th,Nb"]
    for i in range(4):
        rows.append(f"=HYPERLINK(\"x\"){i},<script>alert(1)</script>,50,1,15,10,7,10,3,1,0.2,"
                    f"{10 + i},25,3,14,3,2,1,10")
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = ProjectConfig(inputs=[InputConfig(path=str(csv), label="<b>evil</b>", group=["Rock type"])],
                           models={"qiu2025_mixing": False, "holwell2019_continuum": False})
    result = run_report(config, tmp_path / "out")
    html = result.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "<b>evil</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    from openpyxl import load_workbook

    xlsx = next(p for p in result.tables if p.suffix == ".xlsx")
    sheet = load_workbook(xlsx).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_cenozoic_ages_are_shown_by_epoch_and_older_ones_by_period():
    # ICS v2023/09: Eocene 33.9-56.0, Oligocene 23.03-33.9, Miocene 5.333-23.03 Ma; Cenozoic base 66.0 Ma
    import numpy as np

    from metasome.report.analyse import _age_rank

    assert _age_rank(np.array([25.0, 37.0, 40.0, np.nan]), None) == "epoch"
    assert _age_rank(np.array([25.0, np.nan]), (np.array([np.nan, 66.0]), np.array([np.nan, 145.0]))) == "period"
    assert _age_rank(np.array([25.0, 130.0]), None) == "period"


def test_montecarlo_settings_of_project_toml_reach_the_model(tmp_path):
    """[montecarlo] scenarios and recycled_cap are used (not only validated) and the caption says so."""
    from metasome.report.config import parse_config
    from metasome.report.document import FigureWriter
    from metasome.report.models import qiu_section

    config = parse_config({"montecarlo": {"draws": 5000, "recycled_cap": 0.1, "scenarios": ["mantle + AOC"]},
                           "figures": {"formats": ["png"]}})
    section, prov, frames = qiu_section(config, FigureWriter(tmp_path, ("png",)))
    assert list(frames["qiu2025_montecarlo_summary"]["scenario"]) == ["mantle + AOC"]
    assert prov["conventions"]["cap"] == 0.1
    assert "recycled fraction up to 10 %" in section.figures[1].caption


@pytest.mark.parametrize("rows, sampled", [(2_000, False), (2_500, True)])
def test_a_table_longer_than_the_figure_cap_is_reported_in_blocks(tmp_path, monkeypatch, rows, sampled):
    """A single file of more rows than the figures draw goes through the block engine: every row derived
    into Parquet parts, figures from the seeded sample (here a cap of 2,000 rows)."""
    import numpy as np

    from metasome.parallel import view

    monkeypatch.setattr(view, "DEFAULT_CAP", 2_000)
    rng = np.random.default_rng(1)
    src = tmp_path / "long.csv"
    pd.DataFrame({"Sample": [f"S{i}" for i in range(rows)], "SiO2": rng.uniform(45, 70, rows).round(2),
                  "Na2O": rng.uniform(2, 5, rows).round(2), "K2O": rng.uniform(0.5, 4, rows).round(2),
                  "La": rng.lognormal(3, 0.5, rows).round(2), "Yb": rng.lognormal(0.5, 0.3, rows).round(3)}
                 ).to_csv(src, index=False)
    config = parse_config({"inputs": [{"path": str(src)}], "figures": {"formats": ["png"]},
                           "models": {"qiu2025_mixing": False, "holwell2019_continuum": False}})
    run_report(config, tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    parts = sorted((tmp_path / "out" / "tables" / "long").glob("part-*.parquet"))
    if sampled:
        assert "sample of 2,000 of the 2,500 rows" in html
        assert sum(pd.read_parquet(p).shape[0] for p in parts) == 2_500
        assert len(pd.read_csv(tmp_path / "out" / "tables" / "long" / view.SAMPLE_ROWS)) == 2_000
    else:
        assert not parts and "sample of" not in html
        assert len(pd.read_csv(next((tmp_path / "out" / "tables").glob("*.csv")))) == 2_000


def test_a_report_in_blocks_tells_its_progress_block_by_block(tmp_path, monkeypatch):
    import numpy as np

    from metasome.parallel import view

    monkeypatch.setattr(view, "DEFAULT_CAP", 2_000)
    rng = np.random.default_rng(2)
    src = tmp_path / "long.csv"
    pd.DataFrame({"Sample": [f"S{i}" for i in range(5_000)], "SiO2": rng.uniform(45, 70, 5_000).round(2),
                  "La": rng.lognormal(3, 0.5, 5_000).round(2)}).to_csv(src, index=False)
    config = parse_config({"inputs": [{"path": str(src)}], "figures": {"formats": ["png"]},
                           "models": {"qiu2025_mixing": False, "holwell2019_continuum": False}})
    calls = []
    run_report(config, tmp_path / "out", progress=lambda step, f: calls.append((step, f)))
    steps = [step for step, _ in calls]
    assert steps.count("analysing long.csv: computing long.csv") == 1   # 5,000 rows: one 100,000-row block
    assert steps.index("analysing long.csv: computing long.csv") < steps.index("analysing long.csv: drawing figures")
    assert [f for _, f in calls] == sorted(f for _, f in calls) and calls[-1] == ("done", 1.0)


@pytest.mark.parametrize("rows, many", [(2_000, False), (2_001, True), (20_000, True)])
def test_the_row_count_check_scans_no_further_than_the_second_block(tmp_path, monkeypatch, rows, many):
    """Whether a table exceeds the figure cap is known from its second block; the scan stops there
    rather than planning the whole file (which is planned once more when it is computed)."""
    from metasome.parallel import blocks, view
    from metasome.report import run as report_run

    monkeypatch.setattr(view, "DEFAULT_CAP", 2_000)
    pulled = []
    real = blocks.iter_blocks

    def counting(*args, **kwargs):
        for block in real(*args, **kwargs):
            pulled.append(block)
            yield block

    monkeypatch.setattr(blocks, "iter_blocks", counting)
    src = tmp_path / "long.csv"
    src.write_text("Sample,SiO2\n" + "".join(f"S{i},{50 + i % 7}\n" for i in range(rows)), encoding="utf-8")
    assert report_run._many_rows(report_run.InputConfig(path=str(src))) is many
    assert len(pulled) == (2 if many else 1)


def test_progress_bar_prints_file_names_as_written(capsys):
    """The bar's steps name input files; brackets in a name are text, not rich markup."""
    from metasome.report.progress import bar

    with bar(True) as update:
        update("analysing [red].csv", 1.0)
    assert "analysing [red].csv" in capsys.readouterr().err


def _report_text(html: str) -> str:
    import html as html_module

    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_report_counts_classified_analyses_and_says_why_others_are_not(tmp_path):
    """Analyses lacking a major oxide are neither counted as classified nor drawn at inflated values;
    repeated sample names are stated as such."""
    csv = tmp_path / "majors.csv"
    head = "Sample,SiO2,TiO2,Al2O3,FeOt,MgO,CaO,Na2O,K2O,La,Yb"
    full = ["A,50,1,15,10,7,10,3,1,20,2", "B,56,1,16,8,4,7,3.5,1.5,30,2", "B,5,0.1,1,3,5,45,0.2,0.1,5,1"]
    partial = ["C,52,,,,,,3,1,,", "D,60,1,,,,,4,2,,"]
    csv.write_text("\n".join([head, *full, *partial]) + "\n", encoding="utf-8")
    config = ProjectConfig(inputs=[InputConfig(path=str(csv), label="majors")],
                           models={"qiu2025_mixing": False, "holwell2019_continuum": False})
    text = _report_text(run_report(config, tmp_path / "out").html.read_text(encoding="utf-8"))
    assert "3 of 5 analyses have the majors needed for TAS; 1 of them fall outside every TAS field" in text
    assert "2 analyses with SiO2, Na2O and K2O lack one of" in text
    assert "1 sample names occur on more than one row (e.g. B (2 rows))" in text


def test_an_unknown_group_column_is_an_input_error_listing_the_columns(tmp_path):
    from metasome.errors import MetasomeInputError

    csv = tmp_path / "g.csv"
    csv.write_text("Sample,Rock,SiO2,La\nA,basalt,50,10\n", encoding="utf-8")
    config = ProjectConfig(inputs=[InputConfig(path=str(csv), group=["Nope"])],
                           models={"qiu2025_mixing": False, "holwell2019_continuum": False})
    with pytest.raises(MetasomeInputError, match=r"column 'Nope'.*'Sample', 'Rock', 'SiO2', 'La'"):
        run_report(config, tmp_path / "out")


def test_mixing_section_says_which_of_the_reports_analyses_it_shows():
    import numpy as np

    from metasome.report.models import _samples_on_the_model

    assert "None of this report's analyses has d7Li" in _samples_on_the_model(None)
    only_li = pd.DataFrame({"d7Li": [1.0, 30.0]})
    text = _samples_on_the_model(only_li)
    assert "2 have d7Li; none has two of these systems, so none is drawn" in text
    assert "d7Li: 1 of 2 on the mixing line" in text          # +30 permil is beyond the SCLM
    both = pd.DataFrame({"d7Li": [1.0, 2.0], "d138/134Ba": [0.0, np.nan]})
    assert "1 with two of these systems are drawn" in _samples_on_the_model(both)
