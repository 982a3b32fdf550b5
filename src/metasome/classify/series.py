"""Magma series: alkaline/subalkaline (Irvine & Baragar 1971) and K2O-SiO2 series (Peccerillo & Taylor 1976).

References
----------
Irvine, T.N. & Baragar, W.R.A. (1971) A guide to the chemical classification
of the common volcanic rocks. Canadian Journal of Earth Sciences 8, 523-548.
Peccerillo, A. & Taylor, S.R. (1976) Geochemistry of Eocene calc-alkaline
volcanic rocks from the Kastamonu area, northern Turkey. Contributions to
Mineralogy and Petrology 58, 63-81.
"""

from __future__ import annotations

import numpy as np

from metasome.classify._data import load
from metasome.classify.tas import _summary_warnings
from metasome.errors import MetasomeInputError

ALKALINITY_METHODS = ("polynomial", "digitised")


def irvine_baragar_sio2(alkalis, method: str = "polynomial") -> np.ndarray:
    """SiO2 (wt%) on the Irvine & Baragar (1971) divide at total alkalis ``alkalis`` (wt%).

    ``polynomial`` (default): SiO2 = -3.3539e-4 A^6 + 1.2030e-2 A^5
    - 1.5188e-1 A^4 + 8.6096e-1 A^3 - 2.1111 A^2 + 3.9492 A + 39.0, a fit to
    the published curve. ``digitised``: linear interpolation between the
    curve's vertices as digitised in GCDkit. The two differ by up to 0.5 wt%
    SiO2 (e.g. A = 8: 60.47 vs 60.0), so analyses near the line can change
    side; the method is recorded by :func:`alkalinity`. Above A = 10 wt% (the
    end of the curve) the divide is +inf: every such analysis is alkaline.

    References
    ----------
    Irvine, T.N. & Baragar, W.R.A. (1971) Can. J. Earth Sci. 8, 523-548.
    Janoušek, V. et al. (2006) J. Petrol. 47, 1255-1259 (GCDkit digitisation).
    """
    data = load("irvine_baragar")
    a = np.asarray(alkalis, float)
    if method == "polynomial":
        s = np.polyval(np.asarray(data["polynomial"]["coefficients_highest_first"]), a)
    elif method == "digitised":
        d = data["digitised"]
        s = np.interp(a, np.asarray(d["alkalis"]), np.asarray(d["SiO2"]))
    else:
        raise MetasomeInputError(f"alkalinity method must be one of {ALKALINITY_METHODS}, not {method!r}")
    return np.where(a > data["alkalis_max"], np.inf, s)


def alkalinity(sio2, alkalis, method: str = "polynomial"):
    """``"alkaline"`` or ``"subalkaline"`` after Irvine & Baragar (1971).

    Subalkaline when SiO2 >= the divide at the sample's alkalis (a point on
    the line is subalkaline); inputs are anhydrous, 100 %-normalised wt%.
    NaN where an input is missing or negative.

    References
    ----------
    Irvine, T.N. & Baragar, W.R.A. (1971) Can. J. Earth Sci. 8, 523-548.
    """
    import pandas as pd

    index = sio2.index if isinstance(sio2, pd.Series) else None
    x = np.asarray(sio2, float).ravel()
    a = np.asarray(alkalis, float).ravel()
    bad = ~(np.isfinite(x) & np.isfinite(a)) | (x < 0) | (a < 0)
    with np.errstate(invalid="ignore"):
        codes = np.where(x >= irvine_baragar_sio2(a, method), 1, 0)
    codes = np.where(bad, -1, codes).astype(np.int8)
    out = pd.Series(pd.Categorical.from_codes(codes, categories=["alkaline", "subalkaline"]),
                    index=index, name="Alkalinity")
    out.attrs["convention"] = f"Irvine & Baragar 1971 divide ({method}); on the line -> subalkaline"
    out.attrs["warnings"] = _summary_warnings(bad, "without usable SiO2 and alkalis for alkalinity",
                                              "alkalinity_missing", index)
    return out


def k2o_series(sio2, k2o):
    """K2O-SiO2 series of Peccerillo & Taylor (1976).

    ``"tholeiite series"``, ``"calc-alkaline series"``, ``"high-K calc-alkaline
    series"`` or ``"shoshonite series"``, by linear interpolation between the
    boundary vertices in the packaged data file; a point on a line goes to the
    higher-K series. Defined for 48 <= SiO2 <= 70 wt% (anhydrous): outside,
    NaN with a warning. The shoshonite line (published to SiO2 63) is extended
    to 70 along its last segment.

    References
    ----------
    Peccerillo, A. & Taylor, S.R. (1976) Contrib. Mineral. Petrol. 58, 63-81.
    """
    import pandas as pd

    data = load("k2o_series")
    index = sio2.index if isinstance(sio2, pd.Series) else None
    x = np.asarray(sio2, float).ravel()
    k = np.asarray(k2o, float).ravel()
    lo, hi = data["sio2_range"]
    bad = ~(np.isfinite(x) & np.isfinite(k)) | (k < 0)
    outside = ~bad & ((x < lo) | (x > hi))
    codes = np.zeros(x.shape, np.int8)
    for b in data["boundaries"]:
        bx, by = np.asarray(b["SiO2"], float), np.asarray(b["K2O"], float)
        line = np.interp(x, bx, by)
        beyond = x > bx[-1]  # linear extension of the last segment
        slope = (by[-1] - by[-2]) / (bx[-1] - bx[-2])
        line = np.where(beyond, by[-1] + slope * (x - bx[-1]), line)
        codes += (k >= line).astype(np.int8)
    codes = np.where(bad | outside, -1, codes).astype(np.int8)
    out = pd.Series(pd.Categorical.from_codes(codes, categories=list(data["series"])),
                    index=index, name="K2O series")
    out.attrs["convention"] = "Peccerillo & Taylor 1976; on a line -> higher-K series; SiO2 48-70 wt%"
    out.attrs["warnings"] = (
        _summary_warnings(bad, "without usable SiO2 and K2O for the K2O series", "k2o_missing", index)
        + _summary_warnings(outside, f"outside SiO2 {lo}-{hi} wt% of the K2O-SiO2 diagram",
                            "k2o_outside", index))
    return out
