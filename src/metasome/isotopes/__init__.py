"""Isotope geochemistry: decay, atom fractions, initial ratios, epsilon, Nd model ages, deltas.

The entry point for tables is :func:`derive`; the formulas live in
:mod:`~metasome.isotopes.radiogenic` (Rb-Sr, Sm-Nd), :mod:`~metasome.isotopes.stable`
(d7Li, d138/134Ba), :mod:`~metasome.isotopes.uncertainty` (propagation) and the
constants and named presets in :mod:`~metasome.isotopes.constants`
(``reference/data/isotopes.toml``).
"""

from __future__ import annotations

from metasome.isotopes.constants import (
    Convention, check_decay_constant, decay_constant_per_year, default_convention, preset_names,
    reference_fields,
)
from metasome.isotopes.derive import derive
from metasome.isotopes.radiogenic import (
    chur_nd143_nd144, decay_factor, dm_nd143_nd144, epsilon_nd, epsilon_sr, f_sm_nd, initial_ratio,
    mantle_array, nd144_atom_fraction, nd_evolution_lines, present_ratio, rb87_sr86_from_ppm,
    rb_sr_factor, rb_sr_ppm_ratio, sm147_nd144_from_ppm, sm_nd_factor, sm_nd_ppm_ratio,
    sr86_atom_fraction, tdm1, tdm1_flag, tdm2, ur_sr87_sr86,
)
from metasome.isotopes.stable import (
    d7li_from_d6li, d7li_from_ratio, d138ba_from_d137ba, d138ba_from_ratio, delta, ratio_from_delta,
)

__all__ = [
    "Convention", "check_decay_constant", "decay_constant_per_year", "default_convention",
    "preset_names", "reference_fields", "derive", "chur_nd143_nd144", "decay_factor",
    "dm_nd143_nd144", "epsilon_nd", "epsilon_sr", "f_sm_nd", "initial_ratio", "mantle_array",
    "nd144_atom_fraction", "nd_evolution_lines", "present_ratio", "rb87_sr86_from_ppm",
    "rb_sr_factor", "rb_sr_ppm_ratio", "sm147_nd144_from_ppm", "sm_nd_factor", "sm_nd_ppm_ratio",
    "sr86_atom_fraction", "tdm1", "tdm1_flag", "tdm2", "ur_sr87_sr86", "d7li_from_d6li",
    "d7li_from_ratio", "d138ba_from_d137ba", "d138ba_from_ratio", "delta", "ratio_from_delta",
]
