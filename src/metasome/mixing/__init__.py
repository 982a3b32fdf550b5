"""Mixing models: forward mixing, curves with proportion ticks, inversion, Monte Carlo, end-members.

Public API
----------
binary(f, c_a, c_b, r_a, r_b, *, weighting="element"|"denominator") -> (c_mix, r_mix)
invert_binary(r_mix, c_a, c_b, r_a, r_b) -> f
mix(fractions, endmembers, quantities=None) -> DataFrame           (n components, m systems)
curve(a, b, x=..., y=..., ticks=(0.01, ..., 0.5)) -> Curve          (any two-axis space)
ternary_grid(a, b, c, x=..., y=...) -> TernaryGrid
binary_fractions / three_component / lsq_fractions / invert_mc / best_endmember_set
simulate(scenarios, systems, n=..., seed=...) -> MCResult; coverage(result, observed)
load_library(*user_files), read_endmembers(path), endmember(name, **values)

``f`` in :func:`binary` is the mass fraction of end-member A; in :func:`curve` it
is the fraction of the added end-member b. See each module for references.
"""

from __future__ import annotations

from metasome.mixing.binary import (
    binary, curvature, element_fraction, hyperbola_coefficients, inverse_concentration_line,
    invert_binary, invert_concentration, to_ratio,
)
from metasome.mixing.endmembers import Endmember, Library, Value, endmember, load_library, read_endmembers
from metasome.mixing.invert import (
    best_endmember_set, binary_fractions, invert_mc, lsq_fractions, three_component,
)
from metasome.mixing.montecarlo import MCResult, Scenario, coverage, default_scenarios, simulate
from metasome.mixing.ncomp import (
    DEFAULT_TICKS, ISOTOPE_ELEMENT, Curve, TernaryGrid, curve, element_of, mix, mix_arrays, ternary_grid,
)

__all__ = [
    "binary", "invert_binary", "invert_concentration", "element_fraction", "curvature",
    "hyperbola_coefficients", "inverse_concentration_line", "to_ratio",
    "mix", "mix_arrays", "curve", "ternary_grid", "Curve", "TernaryGrid", "element_of", "ISOTOPE_ELEMENT",
    "DEFAULT_TICKS",
    "binary_fractions", "three_component", "lsq_fractions", "invert_mc", "best_endmember_set",
    "simulate", "coverage", "Scenario", "MCResult", "default_scenarios",
    "load_library", "read_endmembers", "endmember", "Endmember", "Library", "Value",
]
