"""Element anomalies on normalised multi-element patterns.

An anomaly compares the normalised value of an element X_N with the value
X_N* interpolated from its neighbours in the normalised pattern:
``X/X* = X_N / X_N*``. The interpolation is arithmetic (mean of the
neighbours) or geometric (their geometric mean, i.e. linear interpolation in
log space, appropriate for the log axis of REE and spider diagrams).

All functions take a *normalised* table (from :func:`metasome.trace.normalise`),
return a float Series named like ``"Ce/Ce*"`` whose ``attrs["convention"]``
states the formula and ``attrs["normalised_to"]`` the reference, and give NaN
wherever a term is missing, NaN, zero or negative.

References
----------
Qiu, K. et al. (2025) Nature Communications (seed study): Ce/Ce* = 2 Ce_N / (La_N + Pr_N).
Taylor, S.R. & McLennan, S.M. (1985) The Continental Crust: its Composition
and Evolution. Blackwell, Oxford (Eu/Eu* = Eu_N / sqrt(Sm_N Gd_N)).
McLennan, S.M. (1989) Rare earth elements in sedimentary rocks: influence of
provenance and sedimentary processes. Reviews in Mineralogy 21, 169-200
(geometric Ce/Ce* and Eu/Eu*).
Rollinson, H.R. (1993) Using Geochemical Data. Longman, Harlow, ch. 4
(arithmetic and geometric interpolations; anomalies on spider diagrams).
Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345
(element order defining the neighbours of Nb, Pb and Ti).
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.names import column_values

FORMS = ("arithmetic", "geometric")


def _column(normalised, element):
    arr = column_values(normalised, element)
    return np.where(arr > 0, arr, np.nan)


def interpolated_anomaly(normalised, element: str, left: str, right: str, *,
                         form: str = "geometric", name: str | None = None):
    """Generic anomaly ``X_N / X_N*`` with X_N* from two neighbours.

    ``geometric``: X_N* = sqrt(left_N * right_N); ``arithmetic``:
    X_N* = (left_N + right_N) / 2.

    References
    ----------
    Rollinson, H.R. (1993) Using Geochemical Data. Longman, ch. 4.
    """
    import pandas as pd

    if form not in FORMS:
        raise MetasomeInputError(f"anomaly form must be one of {FORMS}, not {form!r}")
    x, a, b = (_column(normalised, e) for e in (element, left, right))
    with np.errstate(invalid="ignore", divide="ignore"):
        star = np.sqrt(a * b) if form == "geometric" else 0.5 * (a + b)
        value = x / star
    name = name or f"{element}/{element}*"
    formula = (f"{element}_N/sqrt({left}_N*{right}_N)" if form == "geometric"
               else f"2*{element}_N/({left}_N+{right}_N)")
    out = pd.Series(value, index=normalised.index, name=name)
    out.attrs.update({"convention": formula, "form": form,
                      "normalised_to": normalised.attrs.get("normalised_to")})
    return out


def ce_anomaly(normalised, form: str = "arithmetic"):
    """Ce anomaly.

    ``arithmetic`` (default, the seed study's definition, Qiu et al. 2025):
    Ce/Ce* = 2 Ce_N / (La_N + Pr_N). ``geometric``: Ce/Ce* = Ce_N / sqrt(La_N Pr_N)
    (McLennan 1989).

    References
    ----------
    Qiu, K. et al. (2025) Nature Communications (seed study, Discussion).
    McLennan, S.M. (1989) Reviews in Mineralogy 21, 169-200.
    """
    return interpolated_anomaly(normalised, "Ce", "La", "Pr", form=form, name="Ce/Ce*")


def eu_anomaly(normalised, form: str = "geometric"):
    """Eu anomaly.

    ``geometric`` (default): Eu/Eu* = Eu_N / sqrt(Sm_N Gd_N) (Taylor & McLennan
    1985). ``arithmetic``: Eu/Eu* = 2 Eu_N / (Sm_N + Gd_N) (Rollinson 1993).

    References
    ----------
    Taylor, S.R. & McLennan, S.M. (1985) The Continental Crust. Blackwell.
    Rollinson, H.R. (1993) Using Geochemical Data. Longman, ch. 4.
    """
    return interpolated_anomaly(normalised, "Eu", "Sm", "Gd", form=form, name="Eu/Eu*")


def nb_anomaly(normalised, form: str = "geometric", neighbours: tuple[str, str] = ("Th", "La")):
    """Nb anomaly on a primitive-mantle-normalised pattern.

    Nb/Nb* = Nb_N / sqrt(Th_N La_N) (default neighbours Th and La: the nearest
    elements of the Sun & McDonough 1989 order other than U, Nb's twin Ta and
    the fluid-mobile K). The neighbours are an overridable keyword and are
    recorded in ``attrs["convention"]``; published studies use other pairs
    (e.g. K and La), so state the convention when comparing.

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    Rollinson, H.R. (1993) Using Geochemical Data. Longman, ch. 4.
    """
    return interpolated_anomaly(normalised, "Nb", *neighbours, form=form, name="Nb/Nb*")


def pb_anomaly(normalised, form: str = "geometric", neighbours: tuple[str, str] = ("Ce", "Pr")):
    """Pb anomaly: Pb/Pb* = Pb_N / sqrt(Ce_N Pr_N) (Pb's neighbours in the
    Sun & McDonough 1989 order; overridable, recorded in ``attrs``).

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    """
    return interpolated_anomaly(normalised, "Pb", *neighbours, form=form, name="Pb/Pb*")


def ti_anomaly(normalised, form: str = "geometric", neighbours: tuple[str, str] = ("Eu", "Gd")):
    """Ti anomaly: Ti/Ti* = Ti_N / sqrt(Eu_N Gd_N) (Ti's neighbours in the
    Sun & McDonough 1989 order; overridable, recorded in ``attrs``). Ti can
    come from TiO2 through :func:`metasome.trace.normalise`.

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    """
    return interpolated_anomaly(normalised, "Ti", *neighbours, form=form, name="Ti/Ti*")
