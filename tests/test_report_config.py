"""project.toml validation: defaults spelled out, round trip, errors naming the key and allowed values."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from metasome.errors import MetasomeInputError
from metasome.report.config import dump_config, load_config, parse_config


def test_defaults_round_trip_through_toml():
    config = parse_config({"inputs": [{"path": "a.csv", "columns": {"Ni": {"unit": "wt%"}}}],
                           "isotopes": {"chur": "Bouvier2008"}, "censoring": "half"})
    text = dump_config(config)
    assert 'chur = "Bouvier2008"' in text and "decay =" in text  # defaults written out
    assert parse_config(tomllib.loads(text)) == config


def test_bad_choice_names_key_and_allowed_values():
    with pytest.raises(MetasomeInputError) as err:
        parse_config({"isotopes": {"chur": "CHUR2000"}}, "project.toml")
    message = str(err.value)
    assert "project.toml" in message and "isotopes.chur" in message
    assert "JacobsenWasserburg1980" in message and "Bouvier2008" in message


def test_unknown_key_is_refused():
    with pytest.raises(MetasomeInputError, match="bogus"):
        parse_config({"bogus": 1})


def test_out_of_range_number_is_refused():
    with pytest.raises(MetasomeInputError, match="montecarlo.recycled_cap"):
        parse_config({"montecarlo": {"recycled_cap": 1.5}})


def test_load_config_resolves_relative_inputs(tmp_path):
    (tmp_path / "project.toml").write_text('[[inputs]]\npath = "data/x.csv"\n', encoding="utf-8")
    config = load_config(tmp_path / "project.toml")
    assert config.inputs[0].path == str((tmp_path / "data" / "x.csv").resolve())


def test_written_config_finds_inputs_given_relative_to_another_directory(tmp_path, monkeypatch):
    """Paths typed relative to the working directory are written relative to the report folder, where
    load_config looks for them."""
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path / "data")
    config = parse_config({"inputs": [{"path": "x.csv"}, {"path": "more/*.csv"}],
                           "deposits": {"path": "/abs/d.csv"}})
    out = tmp_path / "reports" / "r1"
    out.mkdir(parents=True)
    (out / "project.toml").write_text(dump_config(config, out), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_config(out / "project.toml")
    assert [i.path for i in loaded.inputs] == [str((tmp_path / "data" / "x.csv").resolve()),
                                                str((tmp_path / "data" / "more" / "*.csv").resolve())]
    assert '"../../data/x.csv"' in (out / "project.toml").read_text(encoding="utf-8")
    assert loaded.deposits.path == str(Path("/abs/d.csv").resolve())


def test_load_config_bad_toml_is_input_error(tmp_path):
    (tmp_path / "p.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(MetasomeInputError, match="p.toml"):
        load_config(tmp_path / "p.toml")


def test_deposits_entry_validated_resolved_and_round_tripped(tmp_path):
    (tmp_path / "project.toml").write_text('[[inputs]]\npath = "x.csv"\n[deposits]\npath = "d/ree.xlsx"\n'
                                           'sheet = 1\ncolumns = {age = ["Age min", "Age max"]}\n', encoding="utf-8")
    config = load_config(tmp_path / "project.toml")
    assert config.deposits.path == str((tmp_path / "d" / "ree.xlsx").resolve()) and config.deposits.sheet == 1
    text = dump_config(config)
    assert "[deposits]" in text
    assert parse_config(tomllib.loads(text)) == config
    with pytest.raises(MetasomeInputError, match="deposits.bogus"):
        parse_config({"deposits": {"path": "d.csv", "bogus": 1}})
    with pytest.raises(MetasomeInputError, match="deposits.path"):
        parse_config({"deposits": {"sheet": 0}})


def test_montecarlo_scenarios_are_those_of_the_mixing_module():
    from typing import get_args

    from metasome.mixing.montecarlo import SCENARIO_NAMES
    from metasome.report.config import MonteCarloConfig, Scenario

    assert get_args(Scenario) == SCENARIO_NAMES
    assert tuple(MonteCarloConfig().scenarios) == SCENARIO_NAMES
    with pytest.raises(MetasomeInputError, match="montecarlo.scenarios"):
        parse_config({"montecarlo": {"scenarios": ["mantle + plume"]}})
    with pytest.raises(MetasomeInputError, match="montecarlo.scenarios"):
        parse_config({"montecarlo": {"scenarios": []}})
