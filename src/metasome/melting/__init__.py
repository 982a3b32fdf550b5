"""Trace-element melting, crystallisation and AFC models, and bulk partition coefficients.

``F`` is the melt fraction *produced* in :func:`batch`, :func:`fractional`
and :func:`residue`, and the melt fraction *remaining* in :func:`rayleigh`,
:func:`equilibrium_crystallisation` and :func:`afc` (see :data:`CONVENTIONS`).
All functions broadcast: ``F`` of shape ``(n,)`` with element arrays of shape
``(m,)`` give ``(n, m)``.
"""

from metasome.melting.isotope_models import process_isotope_curves
from metasome.melting.partition import bulk_d, kd_matrix, kd_table
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
    "CONVENTIONS", "afc", "batch", "bulk_d", "equilibrium_crystallisation", "fractional",
    "kd_matrix", "kd_table", "magma_fraction", "process_isotope_curves", "rayleigh", "residue",
]
