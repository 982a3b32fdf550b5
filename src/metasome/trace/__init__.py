"""Trace elements: normalisation, element orders, anomalies, ratios by expression, derived columns.

Major-element helpers (:func:`anhydrous`, :func:`fe_convert`, :func:`mg_number`)
live in :mod:`metasome.trace.majors` and are re-exported here.
"""

from __future__ import annotations

from metasome.trace.anomalies import (ce_anomaly, eu_anomaly, interpolated_anomaly, nb_anomaly,
                                      pb_anomaly, ti_anomaly)
from metasome.trace.derive import RATIO_COLUMNS, REE_OXIDES, derive, ree_sum, treo
from metasome.trace.normalise import (DEFAULT_CHALCOPHILE_REFERENCE, DEFAULT_CHONDRITE,
                                      DEFAULT_REFERENCE, normalise)
from metasome.trace.orders import (CHALCOPHILE_ORDER, HREE, LREE, ORDERS, REE, REE_Y, SPIDER_ORDER,
                                   order)
from metasome.trace.ratios import ratio

from metasome.trace.majors import anhydrous, fe_convert, mg_number

__all__ = [
    "normalise", "ratio", "derive", "ree_sum", "treo", "order",
    "ce_anomaly", "eu_anomaly", "nb_anomaly", "pb_anomaly", "ti_anomaly", "interpolated_anomaly",
    "SPIDER_ORDER", "REE", "REE_Y", "LREE", "HREE", "CHALCOPHILE_ORDER", "ORDERS", "RATIO_COLUMNS",
    "REE_OXIDES", "DEFAULT_REFERENCE", "DEFAULT_CHONDRITE", "DEFAULT_CHALCOPHILE_REFERENCE",
    "anhydrous", "fe_convert", "mg_number",
]
