"""Packaged sulfide partition coefficients (D sulfide liquid/silicate melt, D mss/sulfide liquid).

Data: ``reference/data/sulfide_partition.csv``, one cited row per value with
range and status. Presets: ``Holwell2019`` (Cu 421-1108, Te 1005-10000, Au
11200, Pt 3e5, Pd 5e5 from the seed, other elements from the cited sources),
``Lee2012``, ``KiseevaWood2015`` and ``Fleet1993`` (D mss/SL of Os, Ir, Ru, Rh, Pt, Pd,
Au). Values that could not be checked against a primary source (Os, Rh
D_SL_SM; Li & Audetat 2012 Ni; D mss/SL of Ni, Cu, Co, Te, Se) are not in the
library: pass them with ``overrides=``.

References
----------
Brenan, J.M. (2015) Se-Te fractionation by sulfide-silicate melt
partitioning. Earth Planet. Sci. Lett. 422, 45-57.
Other sources: ``citation`` column of the data file.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from metasome.errors import MetasomeInputError


@lru_cache(maxsize=1)
def _load():
    import pandas as pd

    from metasome.reference._files import data_file

    return pd.read_csv(data_file("sulfide_partition.csv"), comment="#")


def sulfide_partition_table():
    """All packaged sulfide partition records (a copy)."""
    return _load().copy()


def sulfide_d(preset: str = "Holwell2019", quantity: str = "D_SL_SM", elements=None, overrides=None):
    """Partition coefficients of one preset as a pandas Series (element -> value).

    Parameters
    ----------
    preset : str
        Preset name (``Holwell2019``, ``Lee2012``, ``KiseevaWood2015``, ``Fleet1993``).
    quantity : str
        ``D_SL_SM`` (sulfide liquid/silicate melt), ``D_MSS_SL`` (mss/sulfide
        liquid) or ``D_MSS_SM``.
    elements : sequence, optional
        Elements wanted, in order; missing ones raise MetasomeInputError.
    overrides : dict, optional
        element -> value replacing the preset.

    Returns
    -------
    pandas.Series
        ``attrs`` carry ``min``, ``max``, ``citation`` and ``status`` per element.
    """
    import pandas as pd

    t = _load()
    sel = t[(t["preset"] == preset) & (t["quantity"] == quantity)]
    if sel.empty:
        raise MetasomeInputError(f"no {quantity} values for preset {preset!r}; presets: {sorted(t['preset'].unique())}")
    s = pd.Series(sel["value"].to_numpy(float), index=sel["element"].to_list(), name=quantity)
    if overrides:
        for k, v in overrides.items():
            s.loc[k] = float(v)
    if elements is not None:
        missing = [e for e in elements if e not in s.index]
        if missing:
            raise MetasomeInputError(f"preset {preset!r} has no {quantity} for {missing}; pass overrides=")
        s = s.loc[list(elements)]
    meta = sel.set_index("element")
    s.attrs = {"preset": preset, "quantity": quantity,
               "min": meta["min"].to_dict(), "max": meta["max"].to_dict(),
               "citation": meta["citation"].to_dict(), "status": meta["status"].to_dict()}
    return s


def d_te_brenan2015(feo):
    """D(sulfide liquid/silicate melt) of Te: ``log10 D = 4.3 - 2.58e-3 FeO^2`` (FeO wt%).

    References
    ----------
    Brenan, J.M. (2015) Earth Planet. Sci. Lett. 422, 45-57.
    """
    feo = np.asarray(feo, float)
    return 10.0 ** (4.3 - 2.58e-3 * feo ** 2)


def d_se_brenan2015(feo):
    """D(sulfide liquid/silicate melt) of Se: ``log10 D = 3.47 - 0.0307 FeO - 9.13e-4 FeO^2``.

    References
    ----------
    Brenan, J.M. (2015) Earth Planet. Sci. Lett. 422, 45-57.
    """
    feo = np.asarray(feo, float)
    return 10.0 ** (3.47 - 0.0307 * feo - 9.13e-4 * feo ** 2)
