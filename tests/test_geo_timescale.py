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
    assert set(table["rank"]) == {"eon", "era", "period", "epoch"}
    for rank in ts.RANKS:
        iv = ts.intervals(rank)
        assert iv["top_ma"].iloc[0] == 0 and iv["base_ma"].iloc[-1] == 4567
        assert np.array_equal(iv["base_ma"].to_numpy()[:-1], iv["top_ma"].to_numpy()[1:])
    # eras nest in their eons, periods in their eras
    for child, parent in (("era", "eon"), ("period", "era"), ("epoch", "period")):
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
        ts.assign([1.0], "stage")


# Boundaries and +/- as given by the ICS's machine-readable release of chart v2023/09
# (github.com/i-c-stratigraphy/chart, chart_2023-09.ttl, commit 89261d5f): time:hasBeginning of
# Berriasian 145.0 "uncertain", Lochkovian 419.2 +/-3.2, Famennian end 358.9 +/-0.4, Hirnantian end
# 443.8 +/-1.5, Cambrian Stage 10 end 485.4 +/-1.9, Fortunian 538.8 +/-0.2, Induan 251.902 +/-0.024,
# Asselian 298.9 +/-0.15, Hettangian 201.4 +/-0.2, Eoarchean 4031 +/-3, Ediacaran 635 "uncertain".
@pytest.mark.parametrize("name, base, plusminus, approximate", [
    ("Cretaceous", 145.0, None, True), ("Devonian", 419.2, 3.2, False), ("Carboniferous", 358.9, 0.4, False),
    ("Silurian", 443.8, 1.5, False), ("Ordovician", 485.4, 1.9, False), ("Cambrian", 538.8, 0.2, False),
    ("Triassic", 251.902, 0.024, False), ("Permian", 298.9, 0.15, False), ("Jurassic", 201.4, 0.2, False),
    ("Ediacaran", 635.0, None, True), ("Eoarchean", 4031.0, 3.0, False),
])
def test_bases_and_uncertainties_as_in_the_ics_2023_09_release(name, base, plusminus, approximate):
    row = ts.load().set_index("name").loc[name]
    assert row["base_ma"] == base and bool(row["approximate"]) is approximate
    assert (np.isnan(row["base_uncertainty_ma"]) if plusminus is None else row["base_uncertainty_ma"] == plusminus)


def test_cenozoic_epochs_partition_their_periods():
    # All seven epoch bases as time:hasBeginning of the epoch in chart_2023-09.ttl (commit 89261d5f); see below.
    ep = ts.load("epoch").set_index("name")
    assert ep.loc["Holocene", "base_ma"] == 0.0117 and ep.loc["Pliocene", "base_ma"] == 5.333
    assert ep.loc["Oligocene", "base_ma"] == 33.9 and ep.loc["Paleocene", ["top_ma", "base_ma"]].tolist() == [56.0, 66.0]
    assert ts.assign([1.0, 10.0, 40.0, 100.0], "epoch").tolist() == ["Pleistocene", "Miocene", "Eocene", "Cretaceous"]


# Cenozoic epochs as in chart_2023-09.ttl (commit 89261d5f): time:hasBeginning / time:hasEnd (ischart:inMYA,
# none with sdo:marginOfError or "uncertain") and sdo:color of ischart:Holocene ... ischart:Paleocene.
@pytest.mark.parametrize("name, top, base, colour", [
    ("Holocene", 0, 0.0117, "#FEEBD2"), ("Pleistocene", 0.0117, 2.58, "#FFEFAF"),
    ("Pliocene", 2.58, 5.333, "#FFFF99"), ("Miocene", 5.333, 23.03, "#FFFF00"),
    ("Oligocene", 23.03, 33.9, "#FEC07A"), ("Eocene", 33.9, 56.0, "#FDB46C"),
    ("Paleocene", 56.0, 66.0, "#FDA75F"),
])
def test_epochs_as_in_the_ics_2023_09_release(name, top, base, colour):
    row = ts.load("epoch").set_index("name").loc[name]
    assert (row["top_ma"], row["base_ma"], row["colour"]) == (top, base, colour)
    assert np.isnan(row["base_uncertainty_ma"]) and not bool(row["approximate"])
    assert "chart_2023-09.ttl" in row["citation"]


# sdo:color of a sample of eons, eras and periods in chart_2023-09.ttl.
@pytest.mark.parametrize("name, colour", [
    ("Phanerozoic", "#9AD9DD"), ("Hadean", "#AE027E"), ("Cenozoic", "#F2F91D"), ("Mesozoic", "#67C5CA"),
    ("Paleozoic", "#99C08D"), ("Eoarchean", "#DA037F"), ("Quaternary", "#F9F97F"), ("Neogene", "#FFE619"),
    ("Paleogene", "#FD9A52"), ("Cretaceous", "#7FC64E"), ("Ordovician", "#009270"), ("Siderian", "#F74F7C"),
])
def test_colours_as_in_the_ics_2023_09_release(name, colour):
    assert ts.load().set_index("name").loc[name, "colour"] == colour


@pytest.mark.parametrize("text, unit, top, base, qualified", [
    ("CRETACEOUS", "Cretaceous", 66.0, 145.0, False),
    ("Late Jurassic", "Jurassic", 145.0, 201.4, True),
    ("neoproterozoic", "Neoproterozoic", 538.8, 1000.0, False),
    ("Palaeozoic", "Paleozoic", 251.902, 538.8, False),
    ("Mio-Pliocene", "Miocene-Pliocene", 2.58, 23.03, False),
    ("Miocene to Pliocene", "Miocene-Pliocene", 2.58, 23.03, False),
    ("Archaean", "Archean", 2500.0, 4031.0, False),
])
def test_unit_names_give_spans_not_ages(text, unit, top, base, qualified):
    row = ts.name_intervals([text]).iloc[0]
    assert (row["unit"], row["top_ma"], row["base_ma"], bool(row["qualified"])) == (unit, top, base, qualified)


def test_text_that_names_no_chart_unit_has_no_span():
    out = ts.name_intervals(pd.Series(["Tertiary", "Precambrian", "12", "", None], index=[3, 4, 5, 6, 7]))
    assert list(out.index) == [3, 4, 5, 6, 7] and out["unit"].isna().all() and out["top_ma"].isna().all()


def test_tally_counts_spans_in_their_unit_or_the_enclosing_one():
    ages = [np.nan, np.nan, 100.0, np.nan, np.nan, np.nan]
    tops = [66.0, 66.0, np.nan, 538.8, np.nan, 2.58]
    bases = [145.0, 251.902, np.nan, 1000.0, np.nan, 23.03]
    t = ts.tally(ages, by="period", spans=(tops, bases))
    # Cretaceous by name + one numeric age; Cretaceous-to-Triassic span -> Mesozoic; Neoproterozoic era;
    # Miocene-Pliocene lies in the Neogene
    assert t.loc["Cretaceous", "all"] == 2 and t.loc["Mesozoic", "all"] == 1
    assert t.loc["Neoproterozoic", "all"] == 1 and t.loc["Neogene", "all"] == 1
    assert t.attrs["n_by_name"] == 4 and t.attrs["n_outside"] == 1 and t.to_numpy().sum() == 5
    names = list(t.index)
    assert names.index("Mesozoic") == names.index("Triassic") - 1  # the era just before the periods it holds
    assert names[0] == "Neoproterozoic" and names[-1] == "Neogene"
    with pytest.raises(ValueError):
        ts.tally([1.0, 2.0], spans=([1.0], [2.0]))
