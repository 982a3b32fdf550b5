"""Position relative to the MORB-OIB array of Pearce (2008) in Th/Yb vs Nb/Yb.

Each array boundary is a straight line in log10(Th/Yb)-log10(Nb/Yb) space
through two points read from the packaged data file. A sample is
``"within"`` when lower(Nb/Yb) <= Th/Yb <= upper(Nb/Yb) (points on a
boundary are within), ``"above"`` (Th excess, e.g. a subduction or crustal
component) or ``"below"``.

References
----------
Pearce, J.A. (2008) Geochemical fingerprinting of oceanic basalts with
applications to ophiolite classification and the search for Archean oceanic
crust. Lithos 100, 14-48.
Janoušek, V. et al. (2006) J. Petrol. 47, 1255-1259 (GCDkit digitisation of the array).
"""

from __future__ import annotations

import numpy as np

from metasome.classify._data import load
from metasome.classify.tas import _summary_warnings

POSITIONS = ("below", "within", "above")


def array_bounds(nb_yb, lower=None, upper=None):
    """Th/Yb of the lower and upper array boundaries at ``nb_yb``.

    ``lower``/``upper`` override the packaged boundaries, each as two points
    ((Nb/Yb, Th/Yb), (Nb/Yb, Th/Yb)).
    """
    data = load("pearce")
    lower = data["lower"] if lower is None else lower
    upper = data["upper"] if upper is None else upper
    lx = np.log10(np.asarray(nb_yb, float))
    out = []
    for (x1, y1), (x2, y2) in (lower, upper):
        lx1, ly1, lx2, ly2 = np.log10([x1, y1, x2, y2])
        out.append(10 ** (ly1 + (lx - lx1) * (ly2 - ly1) / (lx2 - lx1)))
    return out[0], out[1]


def pearce_array(th_yb, nb_yb, *, lower=None, upper=None):
    """``"below"``, ``"within"`` or ``"above"`` the MORB-OIB array of Pearce (2008).

    NaN where a ratio is missing or not positive.

    References
    ----------
    Pearce, J.A. (2008) Lithos 100, 14-48.
    """
    import pandas as pd

    index = th_yb.index if isinstance(th_yb, pd.Series) else None
    y = np.asarray(th_yb, float).ravel()
    x = np.asarray(nb_yb, float).ravel()
    bad = ~(np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0))
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = array_bounds(np.where(bad, 1.0, x), lower, upper)
    codes = np.where(y < lo, 0, np.where(y > hi, 2, 1))
    codes = np.where(bad, -1, codes).astype(np.int8)
    out = pd.Series(pd.Categorical.from_codes(codes, categories=list(POSITIONS)), index=index,
                    name="Pearce array")
    out.attrs["convention"] = "Pearce 2008 MORB-OIB array (GCDkit digitisation); on a boundary -> within"
    out.attrs["warnings"] = _summary_warnings(bad, "without positive Th/Yb and Nb/Yb", "pearce_missing", index)
    return out


#: Reference basalts drawn on the Th/Yb-Nb/Yb diagram (Sun & McDonough 1989).
REFERENCE_BASALTS: dict[str, str] = {
    "N-MORB": "NMORB_SunMcDonough1989",
    "E-MORB": "EMORB_SunMcDonough1989",
    "OIB": "OIB_SunMcDonough1989",
}


def reference_points(references=None) -> dict:
    """(Nb/Yb, Th/Yb) of reference basalts: label -> (x, y).

    Default: N-MORB, E-MORB and OIB of Sun & McDonough (1989).

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    """
    from metasome import reference

    out = {}
    for label, name in dict(REFERENCE_BASALTS if references is None else references).items():
        v = reference.get(name).ppm(["Th", "Nb", "Yb"])
        out[label] = (float(v["Nb"] / v["Yb"]), float(v["Th"] / v["Yb"]))
    return out
