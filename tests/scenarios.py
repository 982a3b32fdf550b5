"""Monte Carlo scenarios shaped like Qiu et al. (2025) Fig. 6, shared by the serial and distributed tests.

Values are round illustrative numbers of the right size (mantle d7Li +3.5, crust -6..+0.6, AOC
+1.7..+11.6 permil), used only to check that every backend gives the same numbers.
"""

from __future__ import annotations

import metasome.mixing as mx
from metasome.mixing.endmembers import Endmember, Value


def qiu_like():
    mantle = Endmember("mantle", {"Li": Value(1.6, "ppm", "normal", sd=0.16),
                                   "d7Li": Value(3.5, "permil", "normal", sd=0.5)})
    crust = Endmember("crust", {"Li": Value(24, "ppm", "normal", sd=5),
                                 "d7Li": Value(-2.7, "permil", "uniform", low=-6, high=0.6)})
    aoc = Endmember("aoc", {"Li": Value(12.5, "ppm", "uniform", low=5, high=20),
                             "d7Li": Value(6.65, "permil", "uniform", low=1.7, high=11.6)})
    return [mx.Scenario("crust", mantle, (crust,)), mx.Scenario("crust+aoc", mantle, (crust, aoc))]
