"""Isotope ratios along melting, crystallisation and AFC paths.

Closed-system melting and crystallisation do not change an isotope ratio of
the melt (no mass enters; the melt and solid share the ratio, neglecting
high-temperature equilibrium isotope fractionation, which is assumed zero
here), so a shift in a ratio needs an open system. AFC (DePaolo 1981) moves
the ratio towards the assimilant along curves set by r and D. This module
returns those curves so they can be drawn against data.

References
----------
DePaolo, D.J. (1981) Earth Planet. Sci. Lett. 53, 189-202.
Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243.
Faure, G. & Mensing, T.M. (2005) Isotopes: Principles and Applications, 3rd ed., Wiley
(isotope ratios are not changed by closed-system partial melting or crystallisation).
"""

from __future__ import annotations

import numpy as np

from metasome.melting.processes import afc, batch, fractional, rayleigh


def process_isotope_curves(c0, ratio0, ca, ratio_a, d, r=(0.1, 0.3, 0.6),
                           f=None, melt_fraction=None, d_source=None):
    """Concentration and isotope-ratio curves for melting, FC and AFC of one element.

    Parameters
    ----------
    c0, ratio0 : float
        Parental magma concentration and isotope ratio (or delta/epsilon value).
        For the melting curves ``c0``/``ratio0`` are also used for the source.
    ca, ratio_a : float
        Assimilant concentration and ratio.
    d : float
        Bulk D during crystallisation / AFC.
    r : sequence of float
        AFC r values (assimilation/crystallisation rate).
    f : array_like, optional
        Magma fraction remaining (default 1 -> 0.3, 71 points).
    melt_fraction : array_like, optional
        Melt fractions for batch/fractional melting (default 0.001 -> 0.25).
    d_source : float, optional
        Bulk D of the melting source (default ``d``).

    Returns
    -------
    pandas.DataFrame
        Long table with columns ``process`` (batch melting, fractional melting,
        fractional crystallisation, AFC), ``r``, ``progress`` (F or f), ``c``
        and ``ratio``; ``attrs['conventions']`` states the assumptions.

    References
    ----------
    DePaolo (1981) EPSL 53, 189-202; Shaw (1970) GCA 34, 237-243.
    """
    import pandas as pd

    f = np.linspace(1.0, 0.3, 71) if f is None else np.asarray(f, float)
    mf = np.linspace(0.001, 0.25, 60) if melt_fraction is None else np.asarray(melt_fraction, float)
    ds = d if d_source is None else d_source
    parts = []
    cb = batch(c0, ds, mf)
    cf = fractional(c0, ds, mf, aggregate=True)
    for name, c, prog in (("batch melting", cb, mf), ("fractional melting", cf, mf),
                          ("fractional crystallisation", rayleigh(c0, d, f), f)):
        parts.append(pd.DataFrame({"process": name, "r": 0.0, "progress": prog, "c": c,
                                   "ratio": np.full(prog.shape, float(ratio0))}))
    for rv in np.atleast_1d(r):
        c, ratio = afc(c0, ca, d, rv, f, ratio0=ratio0, ratio_a=ratio_a)
        parts.append(pd.DataFrame({"process": "AFC", "r": float(rv), "progress": f, "c": c,
                                   "ratio": ratio}))
    out = pd.concat(parts, ignore_index=True)
    out.attrs["conventions"] = {
        "progress": "melt fraction produced (melting) or magma fraction remaining f (FC, AFC)",
        "closed_system": "isotope ratio of melt = source/parent (no high-T isotope fractionation)",
        "afc": "DePaolo (1981) eqs. 6a and 15b",
    }
    return out
