"""Two-component mixing: forward, closed-form inversion, linearisations, curvature.

Conventions
-----------
``f`` is the **mass fraction of end-member A** in the mixture (``1 - f`` of B).
Concentrations are by mass (ppm). Isotope compositions ``r`` may be atom ratios,
delta values (per mil) or epsilon values: all are linear transforms of the atom
ratio at fixed reference, so the same concentration weights apply.

Two weightings are offered:

``"element"`` (default, the usual form)
    weights are the total element concentrations,
    ``r_M = [f C_A r_A + (1-f) C_B r_B] / [f C_A + (1-f) C_B]``.
``"denominator"`` (exact form)
    weights are the concentrations of the **denominator isotope** of the ratio
    (86Sr, 144Nd, 6Li, 134Ba ...). Writing the abundance of the denominator
    isotope relative to the element as ``w(R)``, the exact mixing rule weights
    by ``C w(R)``. For a ratio of two isotopes where the other isotopes of the
    element are constant relative to the denominator isotope,
    ``w(R) = 1 / (S + R)`` where ``S`` is the sum of the other isotope ratios
    (to the same denominator) excluding the numerator, so ``C_den ∝ C / (S + R)``.
    For a delta or epsilon value the atom ratio is rebuilt as
    ``R = R_std (1 + delta/1000)`` or ``R = R_std (1 + eps/1e4)`` before weighting,
    so the reference ratio ``r_std`` and ``s_other`` must be given.

References
----------
Faure, G. (1986) Principles of Isotope Geology, 2nd ed. Wiley, ch. 9 (mixing).
Faure, G. & Mensing, T. M. (2005) Isotopes: Principles and Applications, 3rd ed.
Wiley, ch. 19 (mixing theory: concentration mixing, isotope mixing hyperbolae,
linearisation against 1/C).
Vollmer, R. (1976) Rb-Sr and U-Th-Pb systematics of alkaline rocks: the alkaline
rocks from Italy. Geochim. Cosmochim. Acta 40, 283-295 (mixing with ratio weights).
Langmuir, C. H., Vocke, R. D., Hanson, G. N. & Hart, S. R. (1978) A general mixing
equation with applications to Icelandic basalts. Earth Planet. Sci. Lett. 37,
380-392 (hyperbola ``A x + B x y + C y + D = 0`` and curvature ``r``).
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError

#: Weightings accepted by :func:`binary`.
WEIGHTINGS = ("element", "denominator")

#: Scale of a composition given as delta (per mil), epsilon (parts per 10^4) or ratio.
SCALES = {"ratio": None, "delta": 1e3, "epsilon": 1e4}


def _arr(x):
    return np.asarray(x, dtype=float)


def to_ratio(r, *, kind: str = "ratio", r_std: float | None = None):
    """Atom ratio from a ratio, delta (per mil) or epsilon value.

    ``R = r_std (1 + delta / 1000)`` and ``R = r_std (1 + eps / 10^4)``.

    References
    ----------
    Coplen, T. B. (2011) Guidelines and recommended terms for expression of
    stable-isotope-ratio and gas-ratio measurement results. Rapid Commun. Mass
    Spectrom. 25, 2538-2560 (delta definition).
    DePaolo, D. J. & Wasserburg, G. J. (1976) Nd isotopic variations and
    petrogenetic models. Geophys. Res. Lett. 3, 249-252 (epsilon definition).
    """
    r = _arr(r)
    if kind not in SCALES:
        raise MetasomeInputError(f"kind must be one of {sorted(SCALES)}, got {kind!r}")
    if SCALES[kind] is None:
        return r
    if r_std is None:
        raise MetasomeInputError(f"r_std (reference atom ratio) is required to convert a {kind} value")
    return r_std * (1.0 + r / SCALES[kind])


def _weights(c, r, weighting, kind, r_std, s_other):
    c = _arr(c)
    if weighting == "element":
        return c
    if weighting == "denominator":
        ratio = to_ratio(r, kind=kind, r_std=r_std)
        return c / (s_other + ratio)
    raise MetasomeInputError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")


def binary(f, c_a, c_b, r_a, r_b, *, weighting: str = "element", kind: str = "ratio",
           r_std: float | None = None, s_other: float = 1.0):
    """Concentration and isotope composition of a binary mixture.

    Parameters
    ----------
    f : array_like
        Mass fraction of end-member A (0..1). Broadcast against the others.
    c_a, c_b : array_like
        Element concentrations of A and B (ppm).
    r_a, r_b : array_like
        Isotope composition of A and B: atom ratio, delta or epsilon (``kind``).
    weighting : {"element", "denominator"}
        ``"element"``: weights are total element concentrations (usual form).
        ``"denominator"``: exact weights by the denominator-isotope concentration
        ``C / (s_other + R)``; needs ``kind`` and, for deltas/epsilons, ``r_std``.
    kind : {"ratio", "delta", "epsilon"}
        What ``r_a``, ``r_b`` are (only used for ``weighting="denominator"``).
    r_std : float, optional
        Reference atom ratio of the delta/epsilon scale (e.g. 7Li/6Li of L-SVEC,
        143Nd/144Nd of CHUR at the stated age).
    s_other : float
        Sum of the ratios of the element's other isotopes (not the numerator) to
        the denominator isotope, **including the denominator itself (=1)**. For
        7Li/6Li ``s_other = 1``; for 87Sr/86Sr ``1 + 84Sr/86Sr + 88Sr/86Sr``.

    Returns
    -------
    c_mix, r_mix : numpy.ndarray
        Element concentration (linear in ``f``) and isotope composition in the
        unit of ``r_a``.

    References
    ----------
    Faure, G. & Mensing, T. M. (2005) Isotopes: Principles and Applications, ch. 19,
    eqs. for C_M = f C_A + (1-f) C_B and the concentration-weighted ratio.
    Vollmer, R. (1976) Geochim. Cosmochim. Acta 40, 283-295.
    Langmuir, C. H. et al. (1978) Earth Planet. Sci. Lett. 37, 380-392.
    """
    f = _arr(f)
    c_a, c_b, r_a, r_b = map(_arr, (c_a, c_b, r_a, r_b))
    c_mix = f * c_a + (1.0 - f) * c_b
    w_a = f * _weights(c_a, r_a, weighting, kind, r_std, s_other)
    w_b = (1.0 - f) * _weights(c_b, r_b, weighting, kind, r_std, s_other)
    with np.errstate(invalid="ignore", divide="ignore"):
        r_mix = (w_a * r_a + w_b * r_b) / (w_a + w_b)
    return c_mix, r_mix


def element_fraction(f, c_a, c_b):
    """Fraction of the element budget supplied by A: ``X_A = f C_A / (f C_A + (1-f) C_B)``.

    Isotope compositions (element weighting) are linear in ``X_A``:
    ``r_M = r_B + X_A (r_A - r_B)``.

    References
    ----------
    Faure & Mensing (2005) ch. 19; Langmuir et al. (1978) EPSL 37, 380-392.
    """
    f, c_a, c_b = map(_arr, (f, c_a, c_b))
    with np.errstate(invalid="ignore", divide="ignore"):
        return f * c_a / (f * c_a + (1.0 - f) * c_b)


def invert_binary(r_mix, c_a, c_b, r_a, r_b):
    """Mass fraction of A from a mixture's isotope composition (closed form).

    ``f = C_B (r_M - r_B) / [C_B (r_M - r_B) + C_A (r_A - r_M)]``, the inverse of
    :func:`binary` with element weighting. Values outside 0..1 mean the sample
    lies outside the A-B segment and are returned as computed (not clipped);
    NaN where A and B have the same composition.

    References
    ----------
    Faure & Mensing (2005) ch. 19; Janoušek, V. et al. (2016) Geochemical Modelling
    of Igneous Processes - Principles and Recipes in R Language. Springer, ch. 18.
    """
    r_mix, c_a, c_b, r_a, r_b = map(_arr, (r_mix, c_a, c_b, r_a, r_b))
    num = c_b * (r_mix - r_b)
    den = num + c_a * (r_a - r_mix)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    return np.where(np.isclose(r_a, r_b) | (den == 0), np.nan, out)


def invert_concentration(c_mix, c_a, c_b, *, axis: int = -1):
    """Least-squares mass fraction of A from several concentrations (no isotopes).

    Minimises ``Σ_k [(C_M,k - C_B,k) - f (C_A,k - C_B,k)]²`` over the elements
    ``k`` along ``axis``: ``f = Σ (C_A-C_B)(C_M-C_B) / Σ (C_A-C_B)²``. With one
    element this is ``(C_M - C_B)/(C_A - C_B)``. Valid only when concentrations
    were not changed after mixing.

    References
    ----------
    Fourcade, S. & Allègre, C. J. (1981) Trace elements behavior in granite genesis:
    a case study. Contrib. Mineral. Petrol. 76, 177-195 (mixing test C_M - C_B vs C_A - C_B).
    Janoušek, V. et al. (2016) Geochemical Modelling of Igneous Processes, Springer,
    ch. 21 (eq. 21.13, least-squares slope).
    """
    c_mix, c_a, c_b = map(_arr, (c_mix, c_a, c_b))
    d_ab = c_a - c_b
    d_mb = c_mix - c_b
    return np.sum(d_ab * d_mb, axis=axis) / np.sum(d_ab * d_ab, axis=axis)


def inverse_concentration_line(c_a, c_b, r_a, r_b):
    """Intercept ``a`` and slope ``b`` of the straight line ``r_M = a + b / C_M``.

    ``a = (C_A r_A - C_B r_B)/(C_A - C_B)``, ``b = C_A C_B (r_B - r_A)/(C_A - C_B)``.

    References
    ----------
    Faure & Mensing (2005) ch. 19; Langmuir et al. (1978) EPSL 37, 380-392.
    """
    c_a, c_b, r_a, r_b = map(_arr, (c_a, c_b, r_a, r_b))
    with np.errstate(invalid="ignore", divide="ignore"):
        a = (c_a * r_a - c_b * r_b) / (c_a - c_b)
        b = c_a * c_b * (r_b - r_a) / (c_a - c_b)
    return a, b


def curvature(den_x_a, den_x_b, den_y_a, den_y_b):
    """Langmuir curvature ``r`` of a ratio-ratio mixing hyperbola.

    For y = a/b and x = c/d: ``r = (b_A d_B) / (b_B d_A)``; for isotope-isotope
    plots the denominators are the element concentrations, so for x on element
    X and y on element Y: ``r = (X_A / X_B) / (Y_A / Y_B)``. The element
    fractions obey ``X/(1-X) = r Y/(1-Y)``; ``r = 1`` gives a straight line.

    Parameters are the x-axis and y-axis denominator concentrations of A and B.

    References
    ----------
    Langmuir, C. H. et al. (1978) Earth Planet. Sci. Lett. 37, 380-392.
    """
    den_x_a, den_x_b, den_y_a, den_y_b = map(_arr, (den_x_a, den_x_b, den_y_a, den_y_b))
    return (den_x_a / den_x_b) / (den_y_a / den_y_b)


def hyperbola_coefficients(x_a, x_b, y_a, y_b, cx_a, cx_b, cy_a, cy_b):
    """Coefficients of ``A x + B x y + C y + D = 0`` through a binary isotope-isotope curve.

    x is on element with concentrations ``cx_a, cx_b``, y on ``cy_a, cy_b``.

    References
    ----------
    Langmuir, C. H. et al. (1978) Earth Planet. Sci. Lett. 37, 380-392, eq. (5):
    A = a2 b1 y2 - a1 b2 y1, B = a1 b2 - a2 b1, C = a2 b1 x1 - a1 b2 x2,
    D = a1 b2 x2 y1 - a2 b1 x1 y2 (a = y-denominator, b = x-denominator
    concentrations; 1 = A, 2 = B).
    """
    x1, x2, y1, y2 = map(_arr, (x_a, x_b, y_a, y_b))
    a1, a2, b1, b2 = map(_arr, (cy_a, cy_b, cx_a, cx_b))
    A = a2 * b1 * y2 - a1 * b2 * y1
    B = a1 * b2 - a2 * b1
    C = a2 * b1 * x1 - a1 * b2 * x2
    D = a1 * b2 * x2 * y1 - a2 * b1 * x1 * y2
    return A, B, C, D
