"""Stable-isotope deltas: d7Li, d138/134Ba, d6Li and d137/134Ba conversions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import metasome.isotopes as iso
from metasome.errors import MetasomeInputError
from metasome.isotopes import stable as st
from metasome.isotopes.constants import isotope_mass


def test_lsvec_ratio_from_iaea_reference_sheet():
    # IAEA LSVEC reference sheet: n(6Li)/n(7Li) = 0.08215 => 7Li/6Li = 12.1729 (science.md B.7)
    assert st.lsvec_li7_li6() == pytest.approx(1 / 0.08215, rel=1e-5)
    assert float(iso.d7li_from_ratio(st.lsvec_li7_li6())) == 0.0


def test_delta_round_trip_and_definition():
    r = np.array([12.0, 12.1729, 12.25])
    d = iso.delta(r, 12.1729)
    np.testing.assert_allclose(d, (r / 12.1729 - 1) * 1000, rtol=1e-15)
    np.testing.assert_allclose(iso.ratio_from_delta(d, 12.1729), r, rtol=1e-15)
    with pytest.raises(MetasomeInputError):
        iso.delta(r, float("nan"))


def test_seawater_d7li_from_ratio():
    # CIAAW: seawater (IAPSO) d7Li = 30.84 permil; its 7Li/6Li is 12.1729 x 1.03084
    r = 12.1729 * 1.03084
    assert float(iso.d7li_from_ratio(r, 12.1729)) == pytest.approx(30.84, abs=1e-9)


def test_d6li_conversion_is_exact_not_a_sign_flip():
    # d6Li = [(6/7)_s/(6/7)_std - 1] 1000.  Build ratios, compute both deltas from them directly.
    std7_6 = 12.1729
    d7_true = np.array([-20.0, -4.6, 0.0, 3.5, 30.84])
    r7_6 = std7_6 * (1 + d7_true / 1000)
    d6 = ((1 / r7_6) / (1 / std7_6) - 1) * 1000
    with pytest.warns(UserWarning, match="d6Li"):
        d7 = iso.d7li_from_d6li(d6)
    np.testing.assert_allclose(d7, d7_true, atol=1e-10)
    # the naive sign flip is wrong by ~3 % at seawater values
    assert abs(-d6[-1] - 30.84) > 0.9


def test_d6li_column_in_derive_is_converted_with_a_recorded_warning():
    out = iso.derive(pd.DataFrame({"d6Li": [-30.0, 5.0]}))
    np.testing.assert_allclose(out["d7Li (calc)"], [30.0 / 0.97, -5.0 / 1.005], rtol=1e-12)
    assert any(w.code == "d6Li" for w in out.attrs["warnings"])


def test_ba_exponential_law_exponent_from_masses():
    # ln(m138/m134)/ln(m137/m134) with AME masses 133.904508, 136.905827, 137.905247 = 1.328 (science.md B.7)
    beta = st.ba_137_to_138_exponent()
    assert beta == pytest.approx(math.log(137.905247 / 133.904508) / math.log(136.905827 / 133.904508), rel=1e-6)
    assert beta == pytest.approx(1.328, abs=5e-4)
    assert isotope_mass("Ba", 134) == pytest.approx(133.904508, abs=2e-6)


def test_d137_to_d138_exact_for_exponential_law_fractionation():
    # exponential law: R_i/R_i,std = (m_i/m_134)^p for any p; the conversion must be exact for it
    m134, m137, m138 = (isotope_mass("Ba", a) for a in (134, 137, 138))
    p = np.array([-3.0, -0.5, -0.015, 0.01, 0.8, 4.0])  # 0.01 ~ +0.2 permil, natural Ba range
    d137 = ((m137 / m134) ** p - 1) * 1000
    d138 = ((m138 / m134) ** p - 1) * 1000
    np.testing.assert_allclose(iso.d138ba_from_d137ba(d137), d138, rtol=1e-12, atol=1e-13)
    # first order only: within 1e-4 permil over natural Ba (|d137| < 0.4 permil), not for large deltas
    lin = iso.d138ba_from_d137ba(d137, linear=True)
    np.testing.assert_allclose(lin[2:4], d138[2:4], atol=1e-4)
    assert abs(lin[0] - d138[0]) > 0.5


def test_derive_d138_from_d137_and_from_raw_ratio():
    v = pd.DataFrame({"d137/134Ba": [-0.15, 0.03], "d137/134Ba 2SD": [0.04, 0.04]})
    out = iso.derive(v)
    beta = st.ba_137_to_138_exponent()
    np.testing.assert_allclose(out["d138/134Ba (calc)"], iso.d138ba_from_d137ba([-0.15, 0.03]), rtol=1e-14)
    np.testing.assert_allclose(out["d138/134Ba (calc) 2SD"], 0.04 * beta, rtol=1e-4)
    assert out.attrs["conventions"]["isotopes"]["d138/134Ba"]["exponent"] == beta
    raw = pd.DataFrame({"138Ba/134Ba": [29.6642, 29.6700]})
    no_std = iso.derive(raw)
    assert "d138/134Ba (calc)" not in no_std and any(w.code == "ba-standard" for w in no_std.attrs["warnings"])
    with_std = iso.derive(raw, ba_standard_ratio=29.6642)
    np.testing.assert_allclose(with_std["d138/134Ba (calc)"], [0.0, (29.67 / 29.6642 - 1) * 1000], atol=1e-12)


def test_measured_delta_is_not_overwritten():
    v = pd.DataFrame({"7Li/6Li": [12.2], "d7Li": [2.2]})
    assert "d7Li (calc)" not in iso.derive(v)
