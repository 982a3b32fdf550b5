"""Packaged reference compositions: published values, unit conversion, immutability, errors.

Expected numbers are the published values (as printed in the papers or in independent
transcriptions stored in ../shared/data), never earlier output of this code.
"""

from __future__ import annotations

import dataclasses
import math
import re
import subprocess
import sys

import pandas as pd
import pytest

from metasome import reference
from metasome.errors import MetasomeInputError
from metasome.names import kind_of
from metasome.reference._files import data_file

ALL = reference.names()


def test_every_packaged_file_has_metadata_and_loads():
    folder = data_file("compositions")
    files = {p.stem for p in folder.glob("*.csv")}
    assert files == set(ALL)
    required = {"PM_SunMcDonough1989", "PM_PalmeONeill2014", "PM_McDonoughSun1995",
                "CI_SunMcDonough1989", "CI_McDonoughSun1995", "NMORB_SunMcDonough1989",
                "EMORB_SunMcDonough1989", "OIB_SunMcDonough1989", "UCC_RudnickGao2003",
                "DMM_WorkmanHart2005", "CH_Boynton1984"}
    assert required <= set(ALL)
    for name in ALL:
        comp = reference.get(name)
        assert comp.name == name and comp.title and comp.kind and comp.citation
        assert re.fullmatch(r"10\.\d{4,9}/\S+", comp.doi), comp.doi
        table = comp.table
        assert list(table.columns) == ["quantity", "value", "unit", "uncertainty",
                                       "uncertainty_kind", "citation"]
        assert len(table) == len(comp.quantities) > 0
        assert table["citation"].str.len().gt(0).all()
        assert all(kind_of(q) in {"element", "oxide", "ratio"} for q in comp.quantities)
        values = comp.ppm()
        assert values.notna().all() and (values > 0).all(), name


@pytest.mark.parametrize("name", ALL)
def test_elements_never_exceed_the_whole_rock(name):
    """Mass balance: the element concentrations of a composition add up to at most 10^6 ppm.

    A unit slip (a % value read as ppm, or ppb as ppm for a major element) breaks this bound.
    """
    values = reference.get(name).ppm()
    elements = values[[kind_of(q) == "element" for q in values.index]]
    assert elements.sum() <= 1e6 * (1 + 1e-3)
    oxides = values[[kind_of(q) == "oxide" for q in values.index]]
    assert oxides.sum() <= 100.0 * (1 + 5e-3)


def test_palme_oneill_elements_sum_to_the_whole_mantle():
    # O, Mg, Si, Fe, Ca, Al (published in %) make up nearly all of the mantle.
    total = reference.get("PM_PalmeONeill2014").ppm().sum()
    assert 0.985e6 < total < 1.001e6


def test_palme_oneill_ni_and_s_converted_from_percent():
    pm = reference.get("PM_PalmeONeill2014")
    table = pm.table.set_index("quantity")
    assert table.loc["Ni", "unit"] == "%" and table.loc["S", "unit"] == "%"
    assert pm.value("Ni") == pytest.approx(1860.0, rel=1e-12)
    assert pm.value("S") == pytest.approx(200.0, rel=1e-12)
    assert pm.value("Pt") == pytest.approx(0.0076, rel=1e-12)
    assert pm.value("Pt", unit="ppb") == pytest.approx(7.6, rel=1e-12)
    assert pm.value("Ni", unit="%") == pytest.approx(0.186, rel=1e-12)
    assert pm.value("Ni", unit="ng/g") == pytest.approx(1.86e6, rel=1e-12)


def test_chalcophile_values_match_the_independent_transcriptions(shared_data):
    """Palme & O'Neill 2014 and McDonough & Sun 1995 chalcophile values (ppm, rsd %) as listed
    in pm_chalcophile_normalisation.csv (transcribed via imputeREE and pyrolite)."""
    ref = pd.read_csv(shared_data / "reference" / "pm_chalcophile_normalisation.csv",
                      comment="#").set_index("element")
    pon = reference.get("PM_chalcophile")
    ms95 = reference.get("pyrolite")
    elements = list(ref.index)
    assert set(elements) >= {"Ni", "Co", "Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Cu", "Te", "S", "Se"}
    pd.testing.assert_series_equal(pon.ppm(elements), ref["PalmeONeill2014_ppm"].astype(float),
                                   check_names=False, check_index_type=False, rtol=1e-12)
    pd.testing.assert_series_equal(ms95.ppm(elements), ref["McDonoughSun1995_ppm"].astype(float),
                                   check_names=False, check_index_type=False, rtol=1e-12)
    expected_unc = ref["PalmeONeill2014_ppm"] * ref["PalmeONeill2014_rsd_pct"] / 100.0
    pd.testing.assert_series_equal(pon.uncertainty_ppm(elements), expected_unc.astype(float),
                                   check_names=False, check_index_type=False, rtol=1e-9)


def test_chondrite_values_sun_mcdonough_and_boynton():
    # Sun & McDonough 1989 C1 (GeoPyTool default) and Boynton 1984 (GCDkit default),
    # ../shared/docs/science.md section B.8.
    sm89 = {"La": 0.237, "Ce": 0.612, "Pr": 0.095, "Nd": 0.467, "Sm": 0.153, "Eu": 0.058, "Gd": 0.2055}
    boynton = {"La": 0.31, "Ce": 0.808, "Pr": 0.122, "Sm": 0.195, "Eu": 0.0735, "Gd": 0.259}
    assert reference.get("chondrite").ppm(list(sm89)).to_dict() == pytest.approx(sm89, rel=1e-12)
    assert reference.get("CI_SunMcDonough1989").value("La") == pytest.approx(0.237)
    assert reference.get("CH_Boynton1984").ppm(list(boynton)).to_dict() == pytest.approx(boynton, rel=1e-12)


def test_sun_mcdonough_nmorb_and_pm_published_values():
    # Sun & McDonough 1989 Table 1 as also printed in GCDkit inst/spider.data (NMORB Long).
    nmorb = {"Th": 0.12, "Nb": 2.33, "La": 2.5, "Ce": 7.5, "Sr": 90, "Zr": 74, "Ti": 7600, "Yb": 3.05}
    assert reference.get("NMORB").ppm(list(nmorb)).to_dict() == pytest.approx(nmorb, rel=1e-12)
    assert reference.get("PM").value("Ba") == pytest.approx(6.989)
    assert reference.get("OIB").value("Nb") == pytest.approx(48.0)
    assert reference.get("EMORB").value("La") == pytest.approx(6.3)


def test_units_as_published_and_converted():
    ucc = reference.get("UCC")
    t = ucc.table.set_index("quantity")
    assert t.loc["Ru", "unit"] == "ppb" and t.loc["Ru", "value"] == 0.34
    assert ucc.value("Ru") == pytest.approx(3.4e-4, rel=1e-12)
    assert ucc.value("Au", unit="ppb") == pytest.approx(1.5, rel=1e-12)
    assert ucc.value("SiO2", unit="wt%") == pytest.approx(66.6)
    assert ucc.ppm(["SiO2"]).iloc[0] == pytest.approx(66.6)          # oxides stay in wt%
    assert ucc.value("SiO2", unit="ppm") == pytest.approx(666000.0)  # oxide mass fraction in ppm
    ci = reference.get("CI")
    assert ci.value("Mg") == pytest.approx(96500.0, rel=1e-12)       # 9.65 %
    assert ci.value("La") == pytest.approx(0.237, rel=1e-12)         # 237 ppb
    dmm = reference.get("DMM")
    assert dmm.value("87Sr/86Sr", unit="ratio") == pytest.approx(0.70263)


def test_unknown_units_raise_and_never_default_to_one():
    pm = reference.get("PM")
    with pytest.raises(MetasomeInputError, match="unknown unit"):
        pm.value("La", unit="furlong")
    with pytest.raises(MetasomeInputError, match="unknown unit"):
        reference.unit_factor("La", "mol/kg")
    with pytest.raises(MetasomeInputError):
        reference.get("DMM").value("87Sr/86Sr")  # a ratio has no ppm
    with pytest.raises(MetasomeInputError):
        reference.unit_factor("not_a_quantity", "ppm")
    assert reference.unit_factor("Pt", "ng/g") == 1e-3
    assert reference.unit_factor("Ni", "%") == 1e4
    assert reference.unit_factor("Os", "ppt") == 1e-6


def test_missing_quantities_are_nan_not_dropped():
    pm = reference.get("PM_SunMcDonough1989")
    s = pm.ppm(["La", "Te", "Zz", "Pt"])
    assert list(s.index) == ["La", "Te", "Zz", "Pt"]
    assert s["La"] == pytest.approx(0.687)
    assert s[["Te", "Zz", "Pt"]].isna().all()
    assert math.isnan(pm.value("Te"))
    assert "La" in pm and "Te" not in pm
    assert pm.uncertainty_ppm(["La"]).isna().all()  # none published in Table 1


def test_uncertainties_converted_to_absolute_ppm():
    ucc = reference.get("UCC_RudnickGao2003")
    assert ucc.uncertainty_ppm(["La", "Ru"]).to_list() == pytest.approx([6.0, 4e-5], rel=1e-12)
    ms95 = reference.get("PM_McDonoughSun1995")
    unc = ms95.uncertainty_ppm(["Li", "B", "Pt"])
    assert unc["Li"] == pytest.approx(1.6 * 0.30)       # 30 %
    assert math.isnan(unc["B"])                          # factor 2: asymmetric, no single number
    assert unc["Pt"] == pytest.approx(7.1e-3 * 0.30)     # 7.1 ppb, 30 %


def test_results_are_fresh_copies_and_composition_is_frozen():
    pm = reference.get("PM_PalmeONeill2014")
    first = pm.ppm()
    first[:] = 0.0
    table = pm.table
    table.loc[:, "value"] = -1.0
    unc = pm.uncertainty_ppm()
    unc[:] = math.nan
    again = reference.get("PM_PalmeONeill2014")
    assert again is pm  # cached ...
    assert again.value("Ni") == pytest.approx(1860.0)  # ... and unchanged
    assert (again.ppm() > 0).all() and (again.table["value"] > 0).all()
    assert again.uncertainty_ppm(["Ni"]).iloc[0] == pytest.approx(93.0)
    # second use gives the same numbers (pyrolite 0.3.8 turned them to NaN)
    assert again.ppm().equals(reference.get("PM_chalcophile").ppm())
    with pytest.raises(dataclasses.FrozenInstanceError):
        pm.name = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        pm._rows = ()
    assert isinstance(pm.quantities, tuple)


def test_unknown_name_lists_available_names():
    with pytest.raises(MetasomeInputError) as info:
        reference.get("PM_Nobody2099")
    message = str(info.value)
    for name in ALL:
        assert name in message
    with pytest.raises(MetasomeInputError):
        reference.get(None)


def test_aliases_and_case_insensitive_names():
    al = reference.aliases()
    assert al["PM"] == "PM_SunMcDonough1989"
    assert al["PM_chalcophile"] == "PM_PalmeONeill2014"
    assert al["CI"] == "CI_McDonoughSun1995"
    assert al["chondrite"] == "CI_SunMcDonough1989"
    al["PM"] = "changed"
    assert reference.aliases()["PM"] == "PM_SunMcDonough1989"
    assert reference.get("pm_palmeoneill2014") is reference.get("PM_PalmeONeill2014")
    assert reference.get("ucc") is reference.get("UCC_RudnickGao2003")


def test_list_references_for_the_cli():
    listing = reference.list_references()
    assert list(listing["name"]) == list(ALL)
    assert {"name", "title", "kind", "citation", "n_values"} <= set(listing.columns)
    for row in listing.itertuples():
        assert row.n_values == len(reference.get(row.name).table)
    assert listing.set_index("name").loc["PM_PalmeONeill2014", "kind"] == "primitive mantle"


def test_import_is_light():
    code = ("import sys, time; t = time.perf_counter(); import metasome.reference as r; "
            "dt = time.perf_counter() - t; r.get('PM'); "
            "print('pandas' in sys.modules, round(dt, 3))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    pandas_loaded, seconds = out.stdout.split()
    assert pandas_loaded == "False"  # neither the import nor get() needs pandas
    assert float(seconds) < 0.5
