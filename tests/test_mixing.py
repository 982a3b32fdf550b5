"""Forward binary and n-component mixing, curves and the hyperbola identity.

Published numbers used:
* Janoušek, V., Moyen, J.-F., Martin, H., Erban, V. & Farrow, C. (2016) Geochemical
  Modelling of Igneous Processes - Principles and Recipes in R Language. Springer,
  Exercise 21.2 (Kozárovice granodiorite - quartz monzonite - monzogabbro, data of
  Janoušek et al. 2000): least-squares proportion of granodiorite f = 0.6841
  (as printed in the authors' course notebook, github.com/vjanousek/cagliari).
* Qiu et al. (2025) end-member compositions (weathered crust d7Li -6, d138/134Ba -0.3;
  mantle +3.5, +0.04) with the primitive-mantle / UCC concentrations listed in the
  project science notes (Part 2, table "Numbers from a numerical check").
"""

import numpy as np
import pytest

import metasome.mixing as mx

# Janoušek et al. (2016) Exercise 21.2 (wt%): granodiorite X1, hybrid M, monzogabbro X2
KOZ_X1 = [64.60, 0.57, 14.99, 2.79, 1.27, 0.08, 2.37, 3.44, 3.12, 4.34]
KOZ_M = [59.58, 0.72, 14.80, 4.08, 1.69, 0.14, 4.11, 5.33, 2.84, 4.19]
KOZ_X2 = [49.21, 1.02, 13.69, 6.96, 2.47, 0.15, 8.53, 9.74, 1.89, 3.61]


def test_kozarovice_published_least_squares_fraction():
    f = mx.invert_concentration(KOZ_M, KOZ_X1, KOZ_X2)
    assert f == pytest.approx(0.6841038, abs=5e-7)


def test_end_members_at_f_0_and_1():
    c, r = mx.binary(np.array([0.0, 1.0]), 24.0, 1.6, -6.0, 3.5)
    assert np.allclose(c, [1.6, 24.0]) and np.allclose(r, [3.5, -6.0])
    c, r = mx.binary(np.array([0.0, 1.0]), 320, 19.9, 0.716, 0.7045, weighting="denominator",
                     s_other=1 + 0.056584 + 8.375209)
    assert np.allclose(r, [0.7045, 0.716])


def test_concentration_linear_and_delta_linear_in_element_fraction():
    f = np.linspace(0, 1, 101)
    c, d = mx.binary(f, 628.0, 6.6, -0.3, 0.04)
    assert np.allclose(np.diff(c, 2), 0, atol=1e-9)          # linear in f
    X = mx.element_fraction(f, 628.0, 6.6)
    assert np.allclose(d, 0.04 + X * (-0.3 - 0.04))            # linear in X_A
    assert not np.allclose(np.diff(d, 2), 0, atol=1e-6)        # but not in f


def test_broadcast_over_f_and_endmember_arrays():
    f = np.linspace(0, 1, 5)[:, None]
    c_a = np.array([10.0, 20.0, 30.0])
    c, r = mx.binary(f, c_a, 1.0, 0.0, 1.0)
    assert c.shape == r.shape == (5, 3)


def test_invert_binary_round_trip_and_outside_segment():
    f = np.array([0.0, 0.013, 0.2, 0.77, 1.0])
    _, r = mx.binary(f, 27.0, 1.25, -10.3, 0.0)
    assert np.allclose(mx.invert_binary(r, 27.0, 1.25, -10.3, 0.0), f)
    f_out = mx.invert_binary(-12.0, 27.0, 1.25, -10.3, 0.0)           # beyond A: no valid f
    assert not 0 <= f_out <= 1
    assert np.isnan(mx.invert_binary(1.0, 5, 2, 3.0, 3.0))


def test_denominator_weighting_error_of_usual_form_is_small():
    # science notes §1.2: usual form errs by at most ~4e-6 (Sr, UCC 0.716 vs mantle 0.7028)
    f = np.linspace(0, 1, 2001)
    s_sr = 1 + 0.056584 + 8.375209   # 84Sr/86Sr and 88Sr/86Sr, Steiger & Jäger (1977)
    _, r_el = mx.binary(f, 320, 19.9, 0.716, 0.7028)
    _, r_ex = mx.binary(f, 320, 19.9, 0.716, 0.7028, weighting="denominator", s_other=s_sr)
    err = np.max(np.abs(r_el - r_ex))
    assert 1e-7 < err < 5e-6
    # exact form = atom bookkeeping: 87Sr and 86Sr atoms mixed separately
    n86_a, n86_b = 320 / (s_sr + 0.716), 19.9 / (s_sr + 0.7028)
    ratio = (f * n86_a * 0.716 + (1 - f) * n86_b * 0.7028) / (f * n86_a + (1 - f) * n86_b)
    assert np.allclose(r_ex, ratio, rtol=0, atol=1e-15)
    # Li deltas need the reference ratio to convert (L-SVEC 7Li/6Li = 12.02)
    _, d_el = mx.binary(f, 24, 1.6, -6.0, 3.5)
    _, d_ex = mx.binary(f, 24, 1.6, -6.0, 3.5, weighting="denominator", kind="delta", r_std=12.02)
    assert 1e-4 < np.max(np.abs(d_el - d_ex)) < 0.03
    with pytest.raises(ValueError, match="r_std"):
        mx.binary(f, 24, 1.6, -6.0, 3.5, weighting="denominator", kind="delta")


def test_hyperbola_curvature_identity_and_langmuir_coefficients():
    # PM-like mantle (A) vs UCC (B): Li 1.6/24, Ba 6.6/628 (science notes §1.4)
    f = np.linspace(0.001, 0.999, 400)
    X = mx.element_fraction(f, 1.6, 24.0)
    Y = mx.element_fraction(f, 6.6, 628.0)
    r = mx.curvature(1.6, 24.0, 6.6, 628.0)
    assert np.allclose(X / (1 - X), r * Y / (1 - Y))
    assert np.allclose(X - r * Y + (r - 1) * X * Y, 0, atol=1e-12)
    assert 1 / r == pytest.approx(0.158, abs=5e-4)     # (Li/Ba)_UCC/(Li/Ba)_mantle = 0.158
    _, x = mx.binary(f, 1.6, 24.0, 3.5, 0.6)
    _, y = mx.binary(f, 6.6, 628.0, 0.04, 0.0)
    A, B, C, D = mx.hyperbola_coefficients(3.5, 0.6, 0.04, 0.0, 1.6, 24.0, 6.6, 628.0)
    scale = np.abs([A, B, C, D]).max()
    assert np.allclose((A * x + B * x * y + C * y + D) / scale, 0, atol=1e-12)


def test_inverse_concentration_line():
    f = np.linspace(0, 1, 50)
    c, d = mx.binary(f, 320.0, 19.9, 0.716, 0.7045)
    a, b = mx.inverse_concentration_line(320.0, 19.9, 0.716, 0.7045)
    assert np.allclose(d, a + b / c)


def test_qiu_weathered_crust_ticks_match_science_notes():
    mantle = mx.endmember("mantle", Li=1.6, Ba=6.6, Nd=1.25, d7Li=3.5, **{"d138/134Ba": 0.04}, eNd=0.0)
    wc = mx.endmember("weathered", Li=24, Ba=628, Nd=27, d7Li=-6.0, **{"d138/134Ba": -0.3}, eNd=-10.3)
    cv = mx.curve(mantle, wc, x="d7Li", y="d138/134Ba", ticks=(0.05, 0.1, 0.2, 0.3))
    assert cv.tick_labels == ("5%", "10%", "20%", "30%")
    assert np.allclose(cv.tick_x, [-0.69, -2.44, -4.00, -4.72], atol=0.006)
    assert np.allclose(cv.tick_y, [-0.243, -0.271, -0.286, -0.292], atol=6e-4)
    cn = mx.curve(mantle, wc, x="eNd", y="1/Nd", ticks=(0.1, 0.3))
    assert np.allclose(cn.tick_x, [-7.3, -9.3], atol=0.06)
    assert cn.tick_y[0] == pytest.approx(1 / (0.9 * 1.25 + 0.1 * 27))
    assert cv.x[0] == pytest.approx(3.5) and cv.x[-1] == pytest.approx(-6.0)



def test_qiu_proportions_are_recomputed_from_the_library():
    # Saima d7Li low end -2.2 (Qiu et al. 2025 Results) with weathered crust -6 / mantle +3.5 and
    # Li 24 (UCC, Rudnick & Gao 2003) / 1.6 ppm (PM, McDonough & Sun 1995): f = 88/968 = 1/11 exactly.
    from metasome.mixing.endmembers import Library
    from metasome.mixing.seed_qiu2025 import proportions

    lib = mx.load_library()
    f_lo, f_hi = proportions(lib)["per_system"]["weathered crust"]["d7Li"]["Saima"]
    assert f_lo == pytest.approx(1 / 11) and np.isnan(f_hi)  # +4.1 lies beyond the mantle's +3.5
    lighter = lib["WCRUST_Qiu25"].with_values(d7Li=-10.0)
    alt = Library({**lib, "WCRUST_Qiu25": lighter})
    assert proportions(alt)["per_system"]["weathered crust"]["d7Li"]["Saima"][0] < f_lo


def test_build_qiu_runs_and_reports_its_proportions():
    from metasome.mixing.seed_qiu2025 import PAPER_RANGE, build_qiu, proportions

    out = build_qiu(n_mc=5000, seed=3)
    assert out["fig4"].axes and out["fig6"].axes and out["paper_range"] == PAPER_RANGE
    wc = out["proportions"]["inside_li_ba_box"]["weathered crust"]
    assert wc == proportions()["inside_li_ba_box"]["weathered crust"]

def test_mix_n_components_mass_balance_and_binary_limit():
    ems = {"A": mx.endmember("A", Li=2, Ba=5, d7Li=4.0, eNd=8.0, Nd=1.0),
           "B": mx.endmember("B", Li=30, Ba=600, d7Li=-5.0, eNd=-12.0, Nd=30.0),
           "C": mx.endmember("C", Li=10, Ba=20, d7Li=10.0, eNd=9.0, Nd=9.0)}
    F = np.array([[1, 0, 0], [0.7, 0.2, 0.1], [0.5, 0.5, 0.0]])
    out = mx.mix(F, ems, ["Li", "Ba", "Nd", "d7Li", "eNd"])
    assert out.loc[0, "d7Li"] == pytest.approx(4.0)
    assert out.loc[1, "Li"] == pytest.approx(0.7 * 2 + 0.2 * 30 + 0.1 * 10)
    num = 0.7 * 2 * 4 + 0.2 * 30 * -5 + 0.1 * 10 * 10
    assert out.loc[1, "d7Li"] == pytest.approx(num / (0.7 * 2 + 0.2 * 30 + 0.1 * 10))
    _, r = mx.binary(0.5, 2, 30, 4.0, -5.0)
    assert out.loc[2, "d7Li"] == pytest.approx(float(r))
    assert "isotope weighting" in out.attrs["conventions"]
    with pytest.raises(ValueError):
        mx.mix([[0.5, 0.6, 0.0]], ems, ["Li"])


def test_ternary_grid_lines_lie_on_mix():
    a = mx.endmember("A", Li=2, Ba=5, d7Li=4.0, **{"d138/134Ba": 0.05})
    b = mx.endmember("B", Li=30, Ba=600, d7Li=-5.0, **{"d138/134Ba": -0.3})
    c = mx.endmember("C", Li=10, Ba=20, d7Li=10.0, **{"d138/134Ba": 0.4})
    g = mx.ternary_grid(a, b, c, x="d7Li", y="d138/134Ba", levels=(0.2,), n=11)
    label, xs, ys = g.lines[0]
    assert label == "B 20%"
    t = 0.3
    ref = mx.mix([[0.8 * (1 - t), 0.2, 0.8 * t]], [a, b, c], ["d7Li", "d138/134Ba"])
    assert xs[3] == pytest.approx(ref.loc[0, "d7Li"]) and ys[3] == pytest.approx(ref.loc[0, "d138/134Ba"])


def test_build_qiu_runs_the_chosen_scenarios_up_to_the_cap():
    """A vanishing recycled cap leaves the mantle's own d7Li (3.5 +/- 0.5, Marschall et al. 2017)."""
    from metasome.errors import MetasomeInputError
    from metasome.mixing.seed_qiu2025 import build_qiu

    out = build_qiu(n_mc=20_000, seed=3, scenarios=["mantle + sediment"], cap=1e-4)
    (row,) = out["mc_summary"]
    assert row["scenario"] == "mantle + sediment" and out["conventions"]["cap"] == 1e-4
    assert row["mean"] == pytest.approx(3.5, abs=0.02) and row["sd"] == pytest.approx(0.5, rel=0.03)
    wide = build_qiu(n_mc=20_000, seed=3, scenarios=["mantle + sediment"], cap=0.3)["mc_summary"][0]
    assert wide["sd"] > 3 * row["sd"]
    with pytest.raises(MetasomeInputError, match="mantle \\+ AOC.*'mantle \\+ plume'"):
        build_qiu(n_mc=5000, scenarios=["mantle + plume"])


def test_build_qiu_on_a_process_pool_gives_the_serial_numbers():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from metasome.mixing.seed_qiu2025 import build_qiu

    kwargs = {"n_mc": 150_000, "seed": 11, "scenarios": ["mantle + AOC", "mantle + sediment"]}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        pooled = build_qiu(**kwargs, executor=pool)["mc_summary"]
    assert pooled == build_qiu(**kwargs)["mc_summary"]


def test_sample_fractions_recover_the_mixture_that_made_the_sample():
    """Mass balance: a sample made as 7 % weathered crust + 93 % SCLM (Faure & Mensing 2005 mixing) inverts
    to 0.07 in every system; the pure SCLM to 0."""
    import pandas as pd

    from metasome.mixing.binary import binary
    from metasome.mixing.endmembers import load_library
    from metasome.mixing.ncomp import element_of
    from metasome.mixing.seed_qiu2025 import FIG4_SYSTEMS, sample_fractions

    lib = load_library()
    m, wc = lib["SCLM_Qiu25"], lib["WCRUST_Qiu25"]
    row = {s: float(binary(0.07, wc[element_of(s)], m[element_of(s)], wc[s], m[s])[1]) for s in FIG4_SYSTEMS}
    samples = pd.DataFrame([row, {s: m[s] for s in FIG4_SYSTEMS}])
    got = sample_fractions(samples)["weathered crust"]
    for s in FIG4_SYSTEMS:
        np.testing.assert_allclose(got[s], [0.07, 0.0], atol=1e-12)


def test_qiu_panels_draw_the_samples_that_have_both_coordinates():
    import pandas as pd

    from metasome.mixing.seed_qiu2025 import BA, build_qiu

    samples = pd.DataFrame({"d7Li": [1.0, 2.0, np.nan], BA: [0.0, np.nan, -0.1], "eNd": [np.nan, -10.0, -12.0]})
    fig = build_qiu(n_mc=4000, seed=1, scenarios=["mantle + AOC"], samples=samples)["fig4"]
    drawn = [sum(len(c.get_offsets()) for c in ax.collections if c.get_label() == "samples") for ax in fig.axes]
    assert drawn == [1, 1, 1]     # (d7Li, Ba), (d7Li, eNd), (Ba, eNd): one row each has both
