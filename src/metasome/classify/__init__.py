"""Rock classification: TAS (volcanic, plutonic), alkalinity, K2O series, aluminosity, Pearce array.

Boundaries are packaged data files (``metasome/reference/data/classify``)
with their citations; one vectorised point-in-polygon classifier with a
documented tie rule serves every polygon diagram.
"""

from __future__ import annotations

from metasome.classify.aluminosity import a_cnk, a_nk, aluminosity
from metasome.classify.derive import derive
from metasome.classify.pearce import array_bounds, pearce_array
from metasome.classify.series import alkalinity, irvine_baragar_sio2, k2o_series
from metasome.classify.tas import TIE_NUDGE, fields, points_in_polygon, tas

__all__ = ["derive", "tas", "fields", "points_in_polygon", "TIE_NUDGE", "alkalinity",
           "irvine_baragar_sio2", "k2o_series", "aluminosity", "a_cnk", "a_nk", "pearce_array",
           "array_bounds"]
