"""Mixing figures draw what they are given and return axes (no global state)."""

import numpy as np
import pandas as pd

import metasome.mixing as mx
from metasome.plots import mixing as pm

BA = "d138/134Ba"


def _curves():
    m = mx.endmember("SCLM", Li=1.6, Ba=6.6, d7Li=3.5, **{BA: 0.04})
    u = mx.endmember("UCC", Li=24, Ba=628, d7Li=0.6, **{BA: 0.0})
    w = mx.endmember("weathered", Li=24, Ba=628, d7Li=-6.0, **{BA: -0.3})
    return [mx.curve(m, u, x="d7Li", y=BA), mx.curve(m, w, x="d7Li", y=BA)]


def test_curves_with_ticks_samples_and_boxes():
    cs = _curves()
    s = pd.DataFrame({"d7Li": [-4.6, 1.0, 4.0], BA: [-0.26, -0.1, 0.1], "group": ["Luxi", "Luxi", "Saima"]})
    ax = pm.plot_mixing_curves(cs, samples=s, group="group", boxes=[("Luxi", -4.6, 4.8, -0.26, 0.13)])
    assert ax.get_xlabel().startswith(r"$\delta^{7}$Li")
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("10%") == 2 and "50%" in texts
    line = ax.lines[0]
    assert np.allclose(line.get_xdata(), cs[0].x)          # draws the curve it was given
    assert len(ax.patches) == 1
    assert {"Luxi", "Saima"} <= {t.get_text() for t in ax.get_legend().get_texts()}


def test_ternary_grid_and_violins():
    a = mx.endmember("A", Li=2, Ba=5, d7Li=4.0, **{BA: 0.05})
    b = mx.endmember("B", Li=30, Ba=600, d7Li=-5.0, **{BA: -0.3})
    c = mx.endmember("C", Li=10, Ba=20, d7Li=10.0, **{BA: 0.4})
    g = mx.ternary_grid(a, b, c, x="d7Li", y=BA, levels=(0.1, 0.3))
    ax = pm.plot_ternary_grid(g)
    assert len(ax.lines) == 4
    r = mx.simulate(mx.default_scenarios(), ["d7Li"], n=20_000, seed=0)
    sim = {k: v["d7Li"] for k, v in r.results.items()}
    ax = pm.plot_mc_violins(sim, observed={"Luxi": [-4.6, -1, 2, 4.8], "Saima": [-2.2, 4.1]},
                            literature=[("MORB", 1.6, 5.6)])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:3] == list(sim) and labels[-1] == "MORB" and "Saima" in labels
    assert len(ax.collections) >= 3
