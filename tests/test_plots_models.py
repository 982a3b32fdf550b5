"""Model figures: draw, return axes, compose with an existing axes, leave rcParams alone (conftest)."""

import numpy as np
import pandas as pd

from metasome.melting import process_isotope_curves
from metasome.plots.models import add_trajectory, plot_chalcophile_profiles, plot_data_te, plot_process_isotopes


def test_profiles_and_trajectory_compose():
    norm = pd.DataFrame([[1.0, 1.0, 2.0], [0.3, 0.5, 3.0]], index=["source", "melt"], columns=["Ni", "Cu", "Te"])
    ax = plot_chalcophile_profiles(norm)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Ni", "Cu", "Te"]
    assert len(ax.lines) == 3  # two stages + PM reference line
    data = pd.DataFrame({"Te": [0.01, 0.1, 0.0], "Ni": [100.0, 50.0, 20.0]})
    ax2 = plot_data_te(data, "Ni")
    out = add_trajectory(ax2, [0.02, 0.05], [300.0, 80.0], labels=["a", "b"], label="model")
    assert out is ax2 and len(ax2.lines) == 1 and len(ax2.texts) == 2
    np.testing.assert_allclose(ax2.lines[0].get_xdata(), [300.0, 80.0])  # metal on x, Te on y
    np.testing.assert_allclose(ax2.lines[0].get_ydata(), [0.02, 0.05])
    assert ax2.collections[0].get_offsets().shape == (2, 2)  # Te = 0 dropped


def test_process_isotopes_plot():
    cur = process_isotope_curves(100.0, 0.7035, 300.0, 0.72, 0.5, r=(0.2,))
    ax = plot_process_isotopes(cur, data=([80, 120], [0.704, 0.706]))
    assert len(ax.lines) == 4 and ax.get_xscale() == "log"


def test_holwell_profiles_and_trajectories_draw_model_output():
    from metasome.sulfide import reproduce_holwell

    res = reproduce_holwell(_sensitivity=False)
    melts = [n for n in res["normalised"].index if "sulfide" not in n and "residue" not in n]
    ax = plot_chalcophile_profiles(res["normalised"].loc[melts])
    assert [t.get_text() for t in ax.get_xticklabels()] == res["elements"]
    assert len(ax.lines) == len(melts) + 1
    np.testing.assert_allclose(ax.lines[1].get_ydata(), res["normalised"].loc[melts[1]].to_numpy(float))
    st = res["stages"].loc[melts]
    ax2 = add_trajectory(plot_data_te(pd.DataFrame({"Te": [0.01], "Ni": [100.0]}), "Ni"), st["Te"], st["Ni"],
                         labels=list(st.index), label="stages")
    np.testing.assert_allclose(ax2.lines[0].get_xdata(), st["Ni"].to_numpy(float))
