"""The packaged ICS time scale and the assignment of ages to its units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metasome.geo import timescale as ts


def test_packaged_chart_is_cited_and_contiguous_at_every_rank():
    table = ts.load()
    assert table["citation"].str.contains("v2023/09").all()
    assert table["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()
    assert set(table["rank"]) == {"eon", "era", "period"}
    for rank in ts.RANKS:
        iv = ts.intervals(rank)
        assert iv["top_ma"].iloc[0] == 0 and iv["base_ma"].iloc[-1] == 4567
        assert np.array_equal(iv["base_ma"].to_numpy()[:-1], iv["top_ma"].to_numpy()[1:])
    # eras nest in their eons, periods in their eras
    for child, parent in (("era", "eon"), ("period", "era")):
        sub = ts.load(child).merge(ts.load(parent), left_on="parent", right_on="name", suffixes=("", "_p"))
        assert len(sub) == len(ts.load(child))
        assert (sub["top_ma"] >= sub["top_ma_p"]).all() and (sub["base_ma"] <= sub["base_ma_p"]).all()


@pytest.mark.parametrize("name, top, base", [
    ("Quaternary", 0, 2.58), ("Neogene", 2.58, 23.03), ("Paleogene", 23.03, 66.0),
    ("Cretaceous", 66.0, 145.0), ("Jurassic", 145.0, 201.4), ("Triassic", 201.4, 251.902),
    ("Permian", 251.902, 298.9), ("Carboniferous", 298.9, 358.9), ("Devonian", 358.9, 419.2),
    ("Silurian", 419.2, 443.8), ("Ordovician", 443.8, 485.4), ("Cambrian", 485.4, 538.8),
    ("Ediacaran", 538.8, 635), ("Tonian", 720, 1000), ("Siderian", 2300, 2500),
])
def test_period_boundaries_as_on_the_chart(name, top, base):
    row = ts.load("period").set_index("name").loc[name]
    assert (row["top_ma"], row["base_ma"]) == (top, base)


def test_assignment_at_boundaries_goes_to_the_younger_unit():
    ages = [0.0, 2.58, 2.5800001, 66.0, 66.0000001, 251.902, 538.8, 538.81, 2500, 2500.5, 4031, 4567]
    assert ts.assign(ages, "period").tolist() == [
        "Quaternary", "Quaternary", "Neogene", "Paleogene", "Cretaceous", "Triassic", "Cambrian",
        "Ediacaran", "Siderian", "Neoarchean", "Eoarchean", "Hadean"]
    assert ts.assign([66.0, 66.01, 1000, 1000.01], "era").tolist() == [
        "Cenozoic", "Mesozoic", "Neoproterozoic", "Mesoproterozoic"]
    assert ts.assign([538.8, 539, 2500, 2501, 4100], "eon").tolist() == [
        "Phanerozoic", "Proterozoic", "Proterozoic", "Archean", "Hadean"]


def test_ages_outside_the_scale_get_no_unit_and_index_is_kept():
    s = pd.Series([-1.0, np.nan, 4567.5, 100.0], index=[5, 6, 7, 8])
    out = ts.assign(s, "era")
    assert list(out.index) == [5, 6, 7, 8]
    assert out.isna().tolist() == [True, True, True, False] and out[8] == "Mesozoic"


def test_incomplete_assignment_leaves_archean_periods_empty():
    out = ts.assign([3000.0, 100.0], "period", complete=False)
    assert pd.isna(out[0]) and out[1] == "Cretaceous"


def test_tally_counts_by_group_oldest_first():
    ages = [10, 100, 100, 1300, 1250, 450, np.nan, 5000]
    groups = ["a", "b", "a", "b", "b", "a", "a", "b"]
    t = ts.tally(ages, groups, "era")
    assert list(t.index) == ["Mesoproterozoic", "Neoproterozoic", "Paleozoic", "Mesozoic", "Cenozoic"]
    assert list(t.columns) == ["a", "b"]
    assert t.loc["Mesoproterozoic"].tolist() == [0, 2] and t.loc["Mesozoic"].tolist() == [1, 1]
    assert t.to_numpy().sum() == 6 and t.attrs["n_outside"] == 2
    assert t.attrs["top_ma"][0] == 1000 and t.attrs["colour"][-1] == "#F2F91D"
    untrimmed = ts.tally(ages, groups, "era", trim=False)
    assert len(untrimmed) == 11 and untrimmed.to_numpy().sum() == 6


def test_tally_with_bins():
    t = ts.tally([10, 100, 500, 1300], by=[0, 500, 1000, 1500])
    assert list(t.index) == ["1000-1500 Ma", "500-1000 Ma", "0-500 Ma"]
    assert t["all"].tolist() == [1, 0, 3]
    with pytest.raises(ValueError):
        ts.tally([1.0], by=[5.0])
    with pytest.raises(ValueError):
        ts.assign([1.0], "epoch")
