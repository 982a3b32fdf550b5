"""Sulfur budget, chalcophile melting with sulfide and mss, sulfide saturation, R factor and dissolution.

See :mod:`metasome.sulfide.chalcophile` for the melting model and its
conventions; :func:`reproduce_holwell` runs the Holwell et al. (2019) sequence.
"""

from metasome.sulfide.chalcophile import (
    ChalcophileMelting,
    lee2012_recurrence,
    melt_chalcophile,
    perfectly_chalcophile_aggregate,
)
from metasome.sulfide.partition import d_se_brenan2015, d_te_brenan2015, sulfide_d, sulfide_partition_table
from metasome.sulfide.processes import (
    cotectic_crystallisation,
    crystallise_sulfide_saturated,
    dissolve_sulfide,
    flow_through_upgrade,
    multi_batch_upgrade,
    r_factor,
)
from metasome.sulfide.sulfur import (
    FORTIN2015,
    S_SULFIDE_FES,
    exhaustion_melt_fraction,
    residual_sulfide,
    s6_fraction_jugo2010,
    scss_fortin2015,
    scss_pressure_factor,
    total_s_at_saturation,
)


def reproduce_holwell(out_dir=None, data=None, **kwargs):
    """Run the Holwell et al. (2019) trans-lithospheric sequence; returns a dict.

    Thin wrapper of :func:`metasome.sulfide.seed_holwell2019.reproduce_holwell`,
    whose docstring lists the parameters and the keys of the returned dict.
    """
    from metasome.sulfide.seed_holwell2019 import reproduce_holwell as _run

    return _run(out_dir=out_dir, data=data, **kwargs)


__all__ = [
    "ChalcophileMelting", "FORTIN2015", "S_SULFIDE_FES", "cotectic_crystallisation",
    "crystallise_sulfide_saturated",
    "d_se_brenan2015", "d_te_brenan2015", "dissolve_sulfide", "exhaustion_melt_fraction",
    "flow_through_upgrade", "lee2012_recurrence", "melt_chalcophile", "multi_batch_upgrade",
    "perfectly_chalcophile_aggregate", "r_factor", "reproduce_holwell", "residual_sulfide",
    "s6_fraction_jugo2010", "scss_fortin2015", "scss_pressure_factor", "sulfide_d",
    "sulfide_partition_table", "total_s_at_saturation",
]
