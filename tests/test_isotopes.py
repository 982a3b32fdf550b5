"""Radiogenic isotopes: published tables, definitional limits, conventions, science.md Part 4 pitfalls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import metasome.isotopes as iso
from metasome.errors import MetasomeInputError
from metasome.isotopes.constants import Convention, abundances


# ----------------------------------------------------------------- published tables

def _mamani(shared_data):
    """Mamani, Woerner & Sempere (2010) GSA Bull. 122, 162-182, Data Repository Table DR2 (extract)."""
    raw = pd.read_csv(shared_data / "examples" / "arc_lavas_CentralAndes_Mamani2010_extract.csv",
                      comment="#")
    values = raw.rename(columns={"87_86Sr": "87Sr/86Sr", "143_144Nd": "143Nd/144Nd", "Age  (Ma)": "age",
                                 "Rb_xrf": "Rb", "Sr_xrf": "Sr", "Sm_icpms": "Sm", "Nd_icpms": "Nd"})
    values = values[["87Sr/86Sr", "143Nd/144Nd", "age", "Rb", "Sr", "Sm", "Nd"]]
    return raw, values


def test_mamani2010_eNd_is_present_day_eNd_with_JW80_chur(shared_data):
    # The table's 'eNd' column is eNd(0) against CHUR 0.512638 (Jacobsen & Wasserburg 1980, 146/144
    # normalisation); it is stored unrounded, so agreement is to floating-point precision.
    raw, values = _mamani(shared_data)
    out = iso.derive(values)
    m = raw["eNd"].notna() & values["143Nd/144Nd"].notna()
    assert m.sum() > 200
    np.testing.assert_allclose(out.loc[m, "eNd(0)"], raw.loc[m, "eNd"], atol=1e-9)
    # another CHUR does not reproduce it: the test can tell conventions apart
    other = iso.derive(values, chur="Bouvier2008")
    assert np.abs(other.loc[m, "eNd(0)"] - raw.loc[m, "eNd"]).min() > 0.1


# Rows whose published initial ratio cannot come from the Rb and Sr (XRF) given in the extract:
# the age correction they imply corresponds to 87Rb/86Sr / (Rb/Sr) = 2.95, 2.84, 2.79, 3.15 and 3.46
# instead of ~2.89, so the source used other Rb-Sr data (science.md Part 4, pitfall 7).
_MAMANI_OTHER_RBSR = {"Colo_1_33", "BAR-02-04", "TOM 94-209 B", "CMA 10", "CAR1"}


def test_mamani2010_initial_sr_ratios(shared_data):
    # Mamani et al. (2010) Table DR2: measured 87Sr/86Sr, Rb and Sr (XRF, ppm), age (Ma) and the
    # authors' initial 87Sr/86Sr (lambda 1.42e-11/a).  Tolerance per row: half a unit of the 6th
    # decimal of each published ratio (measured and initial) plus the effect of rounding Rb and Sr
    # to the nearest 0.5 ppm and a 0.1 % spread of the ppm->atom-ratio factor between
    # conventions (science.md B.2).  Only ages >= 2 Ma (younger corrections are below rounding).
    raw, values = _mamani(shared_data)
    out = iso.derive(values)
    g = np.expm1(1.42e-11 * values["age"] * 1e6)
    rbsr = out["87Rb/86Sr (calc)"]
    tol = 1e-6 + g * rbsr * (0.5 / values["Rb"] + 0.5 / values["Sr"] + 1e-3)
    m = (values["age"] >= 2) & raw["87_86Sr initial"].notna() & rbsr.notna()
    m &= ~raw["Sample"].str.strip().isin(_MAMANI_OTHER_RBSR)
    assert m.sum() >= 25
    diff = (out["87Sr/86Sr(t)"] - raw["87_86Sr initial"]).abs()
    assert (diff[m] <= tol[m]).all(), diff[m][diff[m] > tol[m]]
    # the oldest sample (APT-11-rock, 133.1 Ma) has a 3.6e-4 correction, reproduced to < 1e-6
    apt = raw.index[raw["Sample"] == "APT-11-rock"][0]
    assert raw.loc[apt, "87_86Sr"] - raw.loc[apt, "87_86Sr initial"] > 3e-4
    assert abs(out.loc[apt, "87Sr/86Sr(t)"] - raw.loc[apt, "87_86Sr initial"]) < 1e-6


# Grachev, Ermolov & Wang (2014) Russ. J. Earth Sci. 14, ES2002, Table 9 (doi:10.2205/2014ES000540):
# isotope-dilution Sm, Nd, Rb, Sr (ppm) with the measured 147Sm/144Nd, 87Rb/86Sr, 143Nd/144Nd, 87Sr/86Sr.
GRACHEV_RBSR = [  # Rb, Sr, 87Rb/86Sr, 87Sr/86Sr
    (16.84, 830.7, 0.05862, 0.70404),
    (17.47, 846.6, 0.05965, 0.70331),
    (0.139, 16.50, 0.02440, 0.703448),
    (0.507, 51.11, 0.02869, 0.703535),
]
GRACHEV_SMND = [  # Sm, Nd, 147Sm/144Nd, 143Nd/144Nd
    (3.021, 12.64, 0.14442, 0.513305),
    (0.964, 1.113, 0.52345, 0.513660),
    (1.140, 2.316, 0.29762, 0.513362),
]


def _rounding(x: float) -> float:
    """Half a unit of the last printed digit of ``x``, relative."""
    s = repr(x)
    decimals = len(s.split(".")[1]) if "." in s else 0
    return 0.5 * 10 ** (-decimals) / abs(x)


@pytest.mark.parametrize("rb,sr,ratio,sr87", GRACHEV_RBSR)
def test_rb87_sr86_from_ppm_matches_isotope_dilution_table(rb, sr, ratio, sr87):
    calc = float(iso.rb87_sr86_from_ppm(rb, sr, sr87))
    tol = _rounding(rb) + _rounding(sr) + _rounding(ratio)
    assert calc == pytest.approx(ratio, rel=tol)


@pytest.mark.parametrize("sm,nd,ratio,nd143", GRACHEV_SMND)
def test_sm147_nd144_from_ppm_matches_isotope_dilution_table(sm, nd, ratio, nd143):
    calc = float(iso.sm147_nd144_from_ppm(sm, nd, nd143))
    tol = _rounding(sm) + _rounding(nd) + _rounding(ratio)
    assert calc == pytest.approx(ratio, rel=tol)


def test_factors_agree_with_science_md_comparison_within_convention_spread():
    # science.md B.2: exact factors 2.89253 (0.705), 2.89395 (0.710), 2.90527 (0.750) with f87Rb 0.27835,
    # GCDkit 2.89356...; differences between conventions <= 0.1 %.
    np.testing.assert_allclose(iso.rb_sr_factor([0.705, 0.710, 0.750]), [2.89253, 2.89395, 2.90527],
                               rtol=1e-3)
    np.testing.assert_allclose(iso.sm_nd_factor([0.5120, 0.5125]), [0.60426, 0.60433], rtol=1e-3)


# ----------------------------------------------------------------- pitfalls (science.md Part 4)

def test_pitfall1_86Sr_fraction_is_one_over_sum_not_87Sr_fraction():
    # Pitfall 1 (geoscripts RbSr_rat): taking 87Sr/86Sr / sum gives the 87Sr fraction, making
    # 87Rb/86Sr too high by 1/(87Sr/86Sr).  The 86Sr atom fraction of ordinary Sr must equal the
    # IUPAC/CIAAW abundance 0.0986(1) and the 144Nd fraction 0.23798(19) (Meija et al. 2016).
    f86 = float(iso.sr86_atom_fraction(0.7103))
    assert f86 == pytest.approx(abundances("Sr")[86], abs=2e-4)
    assert float(iso.nd144_atom_fraction(0.5119)) == pytest.approx(abundances("Nd")[144], abs=4e-4)
    wrong_fraction = 0.7103 * f86  # what the buggy formula computes
    assert wrong_fraction == pytest.approx(abundances("Sr")[87], abs=2e-4)
    # with the wrong fraction the published ID ratio would be missed by ~41 %
    rb, sr, ratio, sr87 = GRACHEV_RBSR[0]
    wrong = rb / sr * iso.rb_sr_factor(sr87) * f86 / (sr87 * f86)
    assert float(wrong) / ratio == pytest.approx(1 / sr87, rel=2e-3)
    assert float(iso.rb87_sr86_from_ppm(rb, sr, sr87)) == pytest.approx(ratio, rel=1e-3)


def test_pitfall6_chur_normalisation_same_reservoir():
    # Jacobsen & Wasserburg (1980) give CHUR 0.511836 normalised to 150Nd/142Nd = 0.2096; the usual
    # 0.512638 is the same reservoir under 146Nd/144Nd = 0.7219.  A sample renormalised the same way
    # has the same eNd; mixing normalisations shifts eNd by (0.512638/0.511836 - 1) x 1e4 = +15.7.
    sample_146 = np.array([0.512200, 0.512638, 0.513100])
    sample_150 = sample_146 * 0.511836 / 0.512638
    jw = Convention.from_presets(chur="JacobsenWasserburg1980")
    jw150 = Convention.from_presets(chur="JacobsenWasserburg1980_150Nd142Nd")
    for t in (0.0, 130.0, 2000.0):
        # at t > 0 CHUR(t) and the sample both change by 147Sm/144Nd*(e^lt - 1), which is not
        # renormalised, so compare at t = 0 exactly and check the sample on CHUR is 0 at every t
        np.testing.assert_allclose(iso.epsilon_nd(jw150.chur_nd143_nd144 - jw150.chur_sm147_nd144
                                                  * np.expm1(jw150.lambda_sm * t * 1e6), t, jw150),
                                   0.0, atol=1e-10)
    np.testing.assert_allclose(iso.epsilon_nd(sample_150, 0.0, jw150), iso.epsilon_nd(sample_146, 0.0, jw),
                               atol=1e-9)
    mixed = iso.epsilon_nd(sample_146, 0.0, jw150) - iso.epsilon_nd(sample_146, 0.0, jw)
    np.testing.assert_allclose(mixed, (sample_146 / 0.511836 - sample_146 / 0.512638) * 1e4, rtol=1e-9)
    assert np.all(mixed > 15)


def test_pitfall10_decay_constant_units():
    # IsoplotR stores lambda(87Rb) = 1.3972e-5 per Myr (Villa et al. 2015); per year it is 1.3972e-11.
    with pytest.raises(MetasomeInputError, match="per-year"):
        iso.decay_factor(100.0, 1.3972e-5)
    with pytest.raises(MetasomeInputError):
        Convention.from_presets(lambda_sm=6.524e-6)
    lam = iso.decay_constant_per_year(1.3972e-5, "1/Myr")
    assert lam == pytest.approx(1.3972e-11, rel=1e-12)
    villa = Convention.from_presets(decay="Villa2015_2020")
    assert villa.lambda_rb == pytest.approx(lam, rel=1e-14)
    assert float(iso.decay_factor(1000.0, lam)) == pytest.approx(np.expm1(1.3972e-11 * 1e9), rel=1e-12)


# ----------------------------------------------------------------- definitional checks

@pytest.mark.parametrize("chur", ["JacobsenWasserburg1980", "Bouvier2008"])
def test_sample_on_chur_has_eNd_zero_at_all_times(chur):
    conv = Convention.from_presets(chur=chur)
    ages = np.array([0.0, 130.0, 230.0, 1000.0, 4000.0])
    values = pd.DataFrame({"143Nd/144Nd": conv.chur_nd143_nd144, "147Sm/144Nd": conv.chur_sm147_nd144,
                           "age": ages})
    out = iso.derive(values, chur=chur)
    np.testing.assert_allclose(out["eNd(t)"], 0.0, atol=1e-10)
    np.testing.assert_allclose(out["fSm/Nd"], 0.0, atol=1e-15)


def test_sample_on_ur_has_eSr_zero():
    conv = iso.default_convention()
    out = iso.derive(pd.DataFrame({"87Sr/86Sr": [conv.ur_sr87_sr86] * 3,
                                   "87Rb/86Sr": [conv.ur_rb87_sr86] * 3, "age": [0.0, 230.0, 3000.0]}))
    np.testing.assert_allclose(out["eSr(t)"], 0.0, atol=1e-10)


@pytest.mark.parametrize("dm", ["LiewHofmann1988", "NCC_literature"])
def test_tdm1_of_depleted_mantle_is_zero_and_of_extracted_sample_is_extraction_age(dm):
    conv = Convention.from_presets(dm=dm)
    assert float(iso.tdm1(conv.dm_nd143_nd144, 0.12, conv)) == pytest.approx(0.0, abs=1e-9)
    # a sample separated from DM at T with 147Sm/144Nd = R: I_m = DM(T) + R (e^{lT} - 1) => TDM1 = T
    T, R = 1850.0, np.array([0.09, 0.11, 0.13])
    im = iso.dm_nd143_nd144(T, conv) + R * np.expm1(conv.lambda_sm * T * 1e6)
    np.testing.assert_allclose(iso.tdm1(im, R, conv), T, rtol=1e-12)


def test_tdm2_exact_recovers_two_stage_history():
    # extracted from DM at T with crustal 147Sm/144Nd R_cc, re-fractionated to R_m at t:
    # I_m = DM(T) + R_cc (e^{lT} - e^{lt}) + R_m (e^{lt} - 1) => exact TDM2 = T.
    conv = iso.default_convention()
    T, t = 2000.0, np.array([130.0, 230.0, 500.0])
    rm = np.array([0.10, 0.13, 0.16])
    lam = conv.lambda_sm
    im = (iso.dm_nd143_nd144(T, conv) + conv.crust_sm147_nd144 * (np.exp(lam * T * 1e6) - np.exp(lam * t * 1e6))
          + rm * np.expm1(lam * t * 1e6))
    np.testing.assert_allclose(iso.tdm2(im, rm, t, conv), T, rtol=1e-12)


def test_tdm2_equals_tdm1_when_sample_has_crustal_ratio_in_both_forms():
    conv = iso.default_convention()
    im, rm = np.array([0.5118, 0.5121]), conv.crust_sm147_nd144
    for method in ("exact", "linearised"):
        np.testing.assert_allclose(iso.tdm2(im, rm, 130.0, conv, method=method), iso.tdm1(im, rm, conv),
                                   rtol=1e-12)


def test_tdm2_linearised_close_to_exact():
    # science.md B.6: the two forms agree to a few Ma for crustal samples (<= 2 Ma on the CBP set);
    # the linear form is first order in lambda*T, so allow 1 % at ~2 Ga.
    conv = iso.default_convention()
    im, rm = np.array([0.51185, 0.51200, 0.51215]), np.array([0.105, 0.115, 0.125])
    exact = iso.tdm2(im, rm, 130.0, conv)
    lin = iso.tdm2(im, rm, 130.0, conv, method="linearised")
    np.testing.assert_allclose(lin, exact, rtol=0.01)
    with pytest.raises(MetasomeInputError):
        iso.tdm2(im, rm, 130.0, conv, method="quadratic")


def test_tdm1_flag_threshold():
    conv = iso.default_convention()
    sm = np.array([0.10, 0.1967 * 0.8 - 1e-6, 0.1967 * 0.8 + 1e-6, 0.18, np.nan])
    np.testing.assert_array_equal(iso.tdm1_flag(sm, conv), [False, False, True, True, False])


# ----------------------------------------------------------------- round trips

def test_round_trip_ppm_ratio_and_atom_ratio():
    rbsr = np.array([0.01, 0.3, 2.0])
    sr87 = np.array([0.7035, 0.7100, 0.7500])
    np.testing.assert_allclose(iso.rb_sr_ppm_ratio(iso.rb87_sr86_from_ppm(rbsr, 1.0, sr87), sr87), rbsr,
                               rtol=1e-14)
    smnd = np.array([0.15, 0.2, 0.3])
    nd143 = np.array([0.5115, 0.5125, 0.5131])
    np.testing.assert_allclose(iso.sm_nd_ppm_ratio(iso.sm147_nd144_from_ppm(smnd, 1.0, nd143), nd143), smnd,
                               rtol=1e-14)


def test_round_trip_initial_and_present_ratio():
    r0 = np.array([0.703, 0.7105])
    pd_ = np.array([0.1, 5.0])
    for lam in (1.42e-11, 1.3972e-11):
        back = iso.present_ratio(iso.initial_ratio(r0, pd_, 230.0, lam), pd_, 230.0, lam)
        np.testing.assert_allclose(back, r0, rtol=1e-15)


# ----------------------------------------------------------------- conventions change results as the formulas say

def _table():
    return pd.DataFrame({"87Sr/86Sr": [0.70812, 0.70950], "Rb": [120.0, 40.0], "Sr": [1500.0, 900.0],
                         "143Nd/144Nd": [0.511950, 0.512120], "Sm": [12.0, 8.0], "Nd": [80.0, 45.0],
                         "age": [130.0, 230.0]})


def test_decay_preset_changes_initial_ratios_by_the_decay_factor_difference():
    v = _table()
    a = iso.derive(v)
    b = iso.derive(v, decay="Villa2015_2020")
    rb = a["87Rb/86Sr (calc)"].to_numpy()
    t = v["age"].to_numpy() * 1e6
    np.testing.assert_allclose(a["87Sr/86Sr(t)"] - b["87Sr/86Sr(t)"],
                               rb * (np.expm1(1.3972e-11 * t) - np.expm1(1.42e-11 * t)), rtol=1e-9)
    sm = a["147Sm/144Nd (calc)"].to_numpy()
    np.testing.assert_allclose(a["143Nd/144Nd(t)"] - b["143Nd/144Nd(t)"],
                               sm * (np.expm1(6.524e-12 * t) - np.expm1(6.54e-12 * t)), rtol=1e-9)
    assert b.attrs["conventions"]["isotopes"]["decay_preset"] == "Villa2015_2020"
    assert b.attrs["conventions"]["isotopes"]["lambda_sm"] == 6.524e-12


def test_chur_preset_changes_eNd0_exactly():
    v = _table()
    a = iso.derive(v)
    b = iso.derive(v, chur="Bouvier2008")
    nd = v["143Nd/144Nd"].to_numpy()
    np.testing.assert_allclose(a["eNd(0)"], (nd / 0.512638 - 1) * 1e4, rtol=1e-13)
    np.testing.assert_allclose(b["eNd(0)"], (nd / 0.512630 - 1) * 1e4, rtol=1e-13)


def test_dm_preset_and_override_change_model_ages_as_formula():
    v = _table()
    ncc = iso.derive(v, dm="NCC_literature")
    nd = v["143Nd/144Nd"].to_numpy()
    sm = ncc["147Sm/144Nd (calc)"].to_numpy()
    expected = np.log1p((nd - 0.51315) / (sm - 0.2137)) / 6.54e-12 / 1e6
    np.testing.assert_allclose(ncc["TDM1 (Ma)"], expected, rtol=1e-12)
    g = np.expm1(6.54e-12 * v["age"].to_numpy() * 1e6)
    exp2 = np.log1p((nd - g * (sm - 0.118) - 0.51315) / (0.118 - 0.2137)) / 6.54e-12 / 1e6
    np.testing.assert_allclose(ncc["TDM2 (Ma)"], exp2, rtol=1e-12)
    over = iso.derive(v, crust_sm147_nd144=0.118)
    assert over.attrs["conventions"]["isotopes"]["overridden"] == ["crust_sm147_nd144"]
    assert not np.allclose(over["TDM2 (Ma)"], iso.derive(v)["TDM2 (Ma)"])
    with pytest.raises(MetasomeInputError, match="unknown isotope constant"):
        iso.derive(v, lambda_U=1e-10)


# ----------------------------------------------------------------- derive: ages, measured ratios

def test_no_age_gives_nan_and_never_a_default_age():
    v = _table().drop(columns="age")
    out = iso.derive(v)
    assert out["87Sr/86Sr(t)"].isna().all() and out["eNd(t)"].isna().all() and out["TDM2 (Ma)"].isna().all()
    assert out["eNd(0)"].notna().all() and out["TDM1 (Ma)"].notna().all()
    assert "no age" in out.attrs["conventions"]["isotopes"]["age"]


def test_scalar_age_and_age_units():
    v = _table()
    one = iso.derive(v.drop(columns="age"), age=130)
    np.testing.assert_allclose(one["eNd(t)"].iloc[0], iso.derive(v)["eNd(t)"].iloc[0], rtol=1e-14)
    ga = v.assign(age=v["age"] / 1000)
    np.testing.assert_allclose(iso.derive(ga, age_unit="Ga")["eNd(t)"], iso.derive(v)["eNd(t)"], rtol=1e-12)
    with pytest.raises(MetasomeInputError):
        iso.derive(v.assign(age=[-1.0, 2.0]))


def test_measured_parent_daughter_ratio_is_preferred_and_reported():
    v = _table().assign(**{"87Rb/86Sr": [0.25, np.nan]})
    out = iso.derive(v)
    assert np.isnan(out["87Rb/86Sr (calc)"].iloc[0]) and np.isfinite(out["87Rb/86Sr (calc)"].iloc[1])
    assert list(out["87Rb/86Sr source"]) == ["measured", "calc"]
    expected = 0.70812 - 0.25 * np.expm1(1.42e-11 * 130e6)
    assert out["87Sr/86Sr(t)"].iloc[0] == pytest.approx(expected, rel=1e-14)
    rec = out.attrs["conventions"]["isotopes"]["87Rb/86Sr"]
    assert rec["measured rows"] == 1 and rec["calculated rows"] == 1


def test_derive_does_not_mutate_and_keeps_index():
    v = _table()
    v.index = ["a", "b"]
    before = v.copy()
    out = iso.derive(v)
    pd.testing.assert_frame_equal(v, before)
    assert list(out.index) == ["a", "b"]
    assert not set(out.columns) & set(v.columns)


def test_qiu2025_style_sample_gives_paleoproterozoic_tdm2():
    # Qiu et al. (2025): Luxi alkaline rocks at 130 Ma have eNd(t) -15.65 to -7.63 and two-stage model
    # ages "mostly around 2 Ga".  A sample with eNd(130) = -15.65 and a typical alkaline-rock
    # 147Sm/144Nd of 0.10 must give eNd(t) = -15.65 by construction and TDM2 in 1.9-2.4 Ga.
    conv = iso.default_convention()
    sm = 0.10
    nd_t = float(iso.chur_nd143_nd144(130.0, conv)) * (1 - 15.65e-4)
    nd_m = float(iso.present_ratio(nd_t, sm, 130.0, conv.lambda_sm))
    out = iso.derive(pd.DataFrame({"143Nd/144Nd": [nd_m], "147Sm/144Nd": [sm]}), age=130)
    assert out["eNd(t)"].iloc[0] == pytest.approx(-15.65, abs=1e-9)
    assert 1900 < out["TDM2 (Ma)"].iloc[0] < 2400
