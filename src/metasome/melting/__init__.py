"""Trace-element melting, crystallisation and AFC models, and bulk partition coefficients.

``F`` is the melt fraction *produced* in :func:`batch`, :func:`fractional`
and :func:`residue`, and the melt fraction *remaining* in :func:`rayleigh`,
:func:`equilibrium_crystallisation` and :func:`afc` (see :data:`CONVENTIONS`).
All functions broadcast: ``F`` of shape ``(n,)`` with element arrays of shape
``(m,)`` give ``(n, m)``.
"""

from metasome.melting.isotope_models import process_isotope_curves
from metasome.melting.partition import (MATZEN2017_NI, bulk_d, d_ni_olivine_matzen2017, kd_matrix, kd_table,
                                       olivine_mgo_wt)
from metasome.melting.processes import (
    CONVENTIONS,
    afc,
    batch,
    equilibrium_crystallisation,
    fractional,
    magma_fraction,
    rayleigh,
    residue,
)

__all__ = [
    "CONVENTIONS", "MATZEN2017_NI", "afc", "batch", "bulk_d", "d_ni_olivine_matzen2017",
    "equilibrium_crystallisation", "fractional", "kd_matrix", "kd_table", "magma_fraction",
    "olivine_mgo_wt", "process_isotope_curves", "rayleigh", "residue",
]
