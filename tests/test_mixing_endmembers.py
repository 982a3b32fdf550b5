"""End-member library: packaged values, user CSV/TOML, validation messages."""

import numpy as np
import pytest

import metasome.mixing as mx
from metasome.errors import MetasomeInputError

HEADER = "endmember,quantity,value,unit,sd,low,high,distribution,uncertainty_note,citation,status\n"


def test_packaged_library_is_cited_and_flags_unsure():
    lib = mx.load_library()
    for name in ("SCLM_Qiu25", "UCC_RG03", "WCRUST_Qiu25", "AOC_Qiu25", "GLOSS_PL98", "SEAWATER", "NMORB_SM89"):
        assert name in lib
    for em in lib.values():
        for v in em.values.values():
            assert v.citation and v.unit
    # checked primary values (Rudnick & Gao 2003 UCC; Qiu et al. 2025 weathered crust)
    assert lib["UCC_RG03"]["Ba"] == 628 and lib["WCRUST_Qiu25"]["d7Li"] == -6
    assert ("SEAWATER", "Sr") in lib.unsure() and ("DMM_WH05", "87Sr/86Sr") not in lib.unsure()
    # Workman & Hart (2005) DMM isotopes, transcribed from a commit-pinned pyrolite file
    v = lib["DMM_WH05"].values["143Nd/144Nd"]
    assert v.value == 0.51313 and v.status == "transcribed"
    assert "morganjwilliams/pyrolite@90ff50d3af96d1cf550313a3b00611c04731b4ec" in v.citation
    # seawater d7Li: IAPSO 30.84 +/- 0.19 (k=2) of Brand et al. (2014) IUPAC, sd = half of it
    sw = lib["SEAWATER"].values["d7Li"]
    assert (sw.value, sw.sd, sw.status) == (30.84, 0.095, "published")
    t = lib.table(["Li", "d7Li"])
    assert t.loc["SCLM_Qiu25", "Li"] == 1.6


def test_value_draws_follow_distribution():
    rng = np.random.default_rng(0)
    v = mx.load_library()["AOC_IODP329"].values["d7Li"]
    x = v.draw(rng, 100_000)
    assert x.min() >= 1.7 and x.max() <= 11.6
    n = mx.load_library()["UCC_RG03"].values["Li"].draw(rng, 100_000, positive=True)
    assert n.mean() == pytest.approx(24, rel=0.01) and n.std() == pytest.approx(5, rel=0.03)


def test_user_csv_and_toml(tmp_path):
    p = tmp_path / "em.csv"
    p.write_text("# my end-members\n" + HEADER + "SED1,Li,60,ppm,10,,,normal,,my paper,checked\n"
                 "SED1,d7Li,-2,permil,,-4,0,uniform,,my paper,seed\n")
    lib = mx.load_library(p)
    assert lib["SED1"]["Li"] == 60 and "UCC_RG03" in lib
    t = tmp_path / "em.toml"
    t.write_text('[endmember.SED2]\nLi = {value = 50, unit = "ppm", citation = "x"}\n'
                 'd7Li = {value = 1, unit = "permil", sd = 0.5, distribution = "normal", citation = "x"}\n')
    lib2 = mx.read_endmembers(t)
    assert lib2["SED2"].values["d7Li"].sd == 0.5


@pytest.mark.parametrize("row, column, line", [
    ("SED1,Li,abc,ppm,,,,fixed,,c,checked\n", "value", 3),
    ("SED1,Li,5,ppm,,,,normal,,c,checked\n", "sd", 3),
    ("SED1,Lix,5,ppm,,,,fixed,,c,checked\n", "quantity", 3),
    ("SED1,d7Li,1,permil,,2,1,uniform,,c,checked\n", "low", 3),
    ("SED1,Li,5,ppm,,,,fixed,,,checked\n", "citation", 3),
    ("SED1,Li,5,ppm,,,,fixed,,c,maybe\n", "status", 3),
    ("SED1,Li,-5,ppm,,,,fixed,,c,checked\n", "value", 3),
    ("SED1,Li,5,ppm,,,,fixed,,my copy of the paper,transcribed\n", "citation", 3),
    ("SED1,Li,5,ppm,,,,fixed,,owner/repo@1234abc,transcribed\n", "citation", 3),
])
def test_csv_validation_names_file_row_column(tmp_path, row, column, line):
    p = tmp_path / "bad.csv"
    p.write_text("# comment\n" + HEADER + row)
    with pytest.raises(MetasomeInputError) as exc:
        mx.read_endmembers(p)
    assert exc.value.file == str(p) and exc.value.column == column and exc.value.row == line
    assert "bad.csv" in str(exc.value)


def test_published_and_transcribed_statuses(tmp_path):
    p = tmp_path / "em.csv"
    p.write_text(HEADER + "SED1,Li,60,ppm,,,,fixed,,my paper,published\n"
                 'SED1,Ba,700,ppm,,,,fixed,,"Plank & Langmuir (1998) [me/refs@' + "0" * 40 + ']",transcribed\n')
    lib = mx.read_endmembers(p)
    assert lib["SED1"].values["Li"].status == "published" and lib["SED1"].values["Ba"].status == "transcribed"


def test_bad_toml_and_suffix(tmp_path):
    t = tmp_path / "bad.toml"
    t.write_text('[endmember.X]\nLi = {value = 5, unit = "ppm", distribution = "weird", citation = "c"}\n')
    with pytest.raises(MetasomeInputError) as exc:
        mx.read_endmembers(t)
    assert exc.value.column == "distribution" and "bad.toml" in str(exc.value)
    with pytest.raises(MetasomeInputError, match="csv or .toml"):
        mx.read_endmembers(tmp_path.joinpath("x.txt")) if tmp_path.joinpath("x.txt").write_text("a") else None
