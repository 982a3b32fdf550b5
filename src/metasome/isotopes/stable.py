"""Stable-isotope delta values: d7Li, d138/134Ba, and conversions between delta conventions.

Delta values are in per mil. ``delta = (R_sample / R_standard - 1) x 1000``.

References
----------
Coplen, T.B. (2011) Guidelines and recommended terms for expression of stable-isotope-ratio
    and gas-ratio measurement results. Rapid Commun. Mass Spectrom. 25, 2538-2560 (delta notation;
    IUPAC recommends d7Li in n(7Li)/n(6Li) and discontinues d6Li).
Coplen, T.B. et al. (2002) Isotope-abundance variations of selected elements (IUPAC Technical
    Report). Pure Appl. Chem. 74, 1987-2017 (L-SVEC as the zero of d7Li).
Young, E.D., Galy, A. & Nagahara, H. (2002) Kinetic and equilibrium mass-dependent isotope
    fractionation laws in nature and their geochemical and cosmochemical significance.
    Geochim. Cosmochim. Acta 66, 1095-1104 (exponential law: ln-ratios scale with ln mass ratios).
Qiu et al. (2025) Nat. Commun. (Methods: d7Li vs L-SVEC, d138/134Ba vs NIST SRM 3104a).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.isotopes.constants import entry, isotope_mass

#: per mil.
PERMIL = 1e3


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def delta(ratio, standard_ratio: float) -> np.ndarray:
    """Delta value (per mil) of an isotope ratio against a standard's ratio.

    References
    ----------
    Coplen, T.B. (2011) Rapid Commun. Mass Spectrom. 25, 2538-2560, eq. 1.
    """
    std = float(standard_ratio)
    if not (std > 0 and math.isfinite(std)):
        raise MetasomeInputError(f"standard ratio must be a positive number, got {standard_ratio!r}")
    return (_arr(ratio) / std - 1.0) * PERMIL


def ratio_from_delta(delta_permil, standard_ratio: float) -> np.ndarray:
    """Inverse of :func:`delta`: ``R = R_std (1 + delta/1000)``."""
    return float(standard_ratio) * (1.0 + _arr(delta_permil) / PERMIL)


def lsvec_li7_li6() -> float:
    """7Li/6Li of L-SVEC (NIST RM 8545) as recorded in the constants file (IAEA reference sheet)."""
    return float(entry("standards", "L-SVEC")["value"])


def d7li_from_ratio(li7_li6, standard_ratio: float | None = None) -> np.ndarray:
    """d7Li (per mil) from a measured 7Li/6Li against L-SVEC.

    Parameters
    ----------
    li7_li6 : array_like
    standard_ratio : float, optional
        7Li/6Li of L-SVEC as measured in the same session; default the IAEA value
        1/0.08215 = 12.1729.

    References
    ----------
    Coplen et al. (2002) Pure Appl. Chem. 74, 1987-2017 (L-SVEC = 0 per mil).
    IAEA reference sheet LSVEC: n(6Li)/n(7Li) = 0.08215.
    """
    return delta(li7_li6, lsvec_li7_li6() if standard_ratio is None else standard_ratio)


def d138ba_from_ratio(ba138_ba134, standard_ratio: float) -> np.ndarray:
    """d138/134Ba (per mil) from a measured 138Ba/134Ba against NIST SRM 3104a.

    ``standard_ratio`` is required: SRM 3104a has no certified isotope ratio, so the
    standard's 138Ba/134Ba measured in the same session must be given.

    References
    ----------
    Qiu et al. (2025) Nat. Commun., Methods (definition against SRM 3104a).
    """
    return delta(ba138_ba134, standard_ratio)


def d7li_from_d6li(d6li, *, warn: bool = True) -> np.ndarray:
    """Convert the discontinued d6Li convention to d7Li exactly.

    ``d6Li = [(6Li/7Li)_s / (6Li/7Li)_std - 1] x 1000``, so
    ``(7Li/6Li)_s / (7Li/6Li)_std = 1 / (1 + d6Li/1000)`` and::

        d7Li = -d6Li / (1 + d6Li/1000)

    which is close to, but not exactly, ``-d6Li`` (0.5 % off at 5 per mil, 3 % at 30).

    References
    ----------
    Coplen, T.B. (2011) Rapid Commun. Mass Spectrom. 25, 2538-2560 (d6Li discontinued).
    """
    if warn:
        warnings.warn("d6Li (old sign convention) converted to d7Li = -d6Li/(1 + d6Li/1000)",
                      UserWarning, stacklevel=2)
    d6 = _arr(d6li)
    return -d6 / (1.0 + d6 / PERMIL)


def exponential_law_exponent(m_light: float, m_mid: float, m_heavy: float) -> float:
    """Exponent ``beta = ln(m_heavy/m_light) / ln(m_mid/m_light)`` of the exponential law.

    References
    ----------
    Young, Galy & Nagahara (2002) Geochim. Cosmochim. Acta 66, 1095-1104.
    """
    return math.log(m_heavy / m_light) / math.log(m_mid / m_light)


def ba_137_to_138_exponent() -> float:
    """beta for d137/134Ba -> d138/134Ba from nuclide masses (about 1.328)."""
    return exponential_law_exponent(isotope_mass("Ba", 134), isotope_mass("Ba", 137),
                                    isotope_mass("Ba", 138))


def d138ba_from_d137ba(d137, *, exponent: float | None = None, linear: bool = False) -> np.ndarray:
    """Convert d137/134Ba to d138/134Ba assuming mass-dependent (exponential-law) fractionation.

    Exact form: ``1 + d138/1000 = (1 + d137/1000) ** beta``; ``linear=True`` gives the
    first-order ``d138 = beta * d137``. ``beta`` defaults to the mass-derived value (~1.328).

    References
    ----------
    Young, Galy & Nagahara (2002) Geochim. Cosmochim. Acta 66, 1095-1104.
    """
    beta = ba_137_to_138_exponent() if exponent is None else float(exponent)
    d = _arr(d137)
    if linear:
        return beta * d
    return (np.power(1.0 + d / PERMIL, beta) - 1.0) * PERMIL
