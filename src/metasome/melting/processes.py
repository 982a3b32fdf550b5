"""Trace-element melting, crystallisation and AFC models (closed forms, vectorised).

Broadcasting convention used by every function here: the element arguments
(``c0``, ``d``, ``p``, ``ca``, ``r``, ratios) broadcast together to an element
shape ``E``; the melt-fraction argument ``F`` has shape ``S``; results have
shape ``S + E`` (``F`` of shape ``(n,)`` and ``d`` of shape ``(m,)`` give
``(n, m)``). Scalars give scalars (0-d arrays). Concentrations are by mass,
in any one unit (metasome's canonical unit is ppm); results are in the unit
of ``c0``.

``F`` means *melt fraction produced* in the melting functions and *melt
fraction remaining* (M_melt / M_melt,0) in the crystallisation and AFC
functions; :data:`CONVENTIONS` records this, and the report copies it.

References
----------
Shaw, D.M. (1970) Trace element fractionation during anatexis. Geochim.
Cosmochim. Acta 34, 237-243.
Gast, P.W. (1968) Trace element fractionation and the origin of tholeiitic and
alkaline magma types. Geochim. Cosmochim. Acta 32, 1057-1086.
Rayleigh, J.W.S. (1896) Theoretical considerations respecting the separation
of gases by diffusion and similar processes. Phil. Mag. 42, 493-498.
DePaolo, D.J. (1981) Trace element and isotopic effects of combined wallrock
assimilation and fractional crystallization. Earth Planet. Sci. Lett. 53,
189-202.
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError

#: Conventions of this module, recorded with every model output.
CONVENTIONS: dict = {
    "F_melting": "melt fraction produced, mass of melt / initial mass of source (0..1)",
    "F_crystallisation": "melt fraction remaining, M_melt / M_melt,0 (0..1]",
    "F_afc": "f = M_magma / M_magma,0 (DePaolo 1981); or `crystallised` = M_cryst / M_magma,0",
    "d": "bulk mineral/melt partition coefficient D0 of the starting solid (melting) or of "
         "the crystallising assemblage (crystallisation)",
    "p": "P = sum p_j D_j, p_j = proportions in which phases enter the melt (Shaw 1970); "
         "p=None means modal melting (P = D0)",
    "concentration": "by mass, unit of c0",
    "shape": "F.shape + broadcast(element arguments).shape",
    "fractional_validity": "non-modal fractional forms need P*F <= D0; NaN beyond (a phase is "
                           "exhausted: restart with new D0 and P)",
}


def _arr(x, name):
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise MetasomeInputError(f"{name} must be numeric: {exc}") from None
    return a


def _grid(F, fname, *elements):
    """Return F reshaped to broadcast against the element arrays (shape S + E)."""
    F = _arr(F, fname)
    names = [n for n, _ in elements]
    arrs = [_arr(v, n) for n, v in elements]
    try:
        arrs = np.broadcast_arrays(*arrs)
    except ValueError:
        raise MetasomeInputError(
            f"element arguments {names} have shapes {[a.shape for a in arrs]} that do not broadcast"
        ) from None
    eshape = arrs[0].shape
    return F.reshape(F.shape + (1,) * len(eshape)), arrs


def _check_range(a, name, lo=None, hi=None, lo_open=False):
    a = np.asarray(a)
    finite = a[np.isfinite(a)]
    if lo is not None:
        bad = finite <= lo if lo_open else finite < lo
        if bad.any():
            raise MetasomeInputError(f"{name} must be {'>' if lo_open else '>='} {lo}; got {finite[bad][0]}")
    if hi is not None and (finite > hi).any():
        raise MetasomeInputError(f"{name} must be <= {hi}; got {finite[finite > hi][0]}")


def _melting_inputs(c0, d, F, p):
    el = [("c0", c0), ("d", d)] + ([("p", p)] if p is not None else [])
    Fb, arrs = _grid(F, "F", *el)
    c0, d = arrs[0], arrs[1]
    P = arrs[2] if p is not None else d
    _check_range(Fb, "F (melt fraction)", 0.0, 1.0)
    _check_range(d, "d", 0.0)
    _check_range(P, "p", 0.0)
    return c0, d, Fb, P


def batch(c0, d, F, p=None):
    """Melt composition for batch (equilibrium) melting, modal or non-modal.

    ``C_L = C0 / [D0 + F (1 - P)]``; modal melting (``p=None``) uses ``P = D0``.

    Parameters
    ----------
    c0 : array_like
        Source concentrations (element axis).
    d : array_like
        Bulk D0 of the source assemblage, ``sum X_j D_j`` (see :func:`bulk_d`).
    F : array_like
        Melt fraction produced, 0..1.
    p : array_like, optional
        Bulk P of the melting reaction, ``sum p_j D_j`` (Shaw 1970).

    Returns
    -------
    numpy.ndarray
        Melt concentrations, shape ``F.shape + E``.

    References
    ----------
    Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243, eq. for batch
    (equilibrium) melting.
    """
    c0, d, F, P = _melting_inputs(c0, d, F, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        return c0 / (d + F * (1.0 - P))


def _log_residual_mass(d, F, P):
    """ln[(1-F) C_s / C0] for Shaw fractional melting = ln(1 - P F / D0) / P.

    P -> 0 limit is -F/D0; D0 = 0 gives -inf for F > 0. NaN where P F > D0.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        x = -P * F / d
        g = np.where(P > 0, np.log1p(x) / np.where(P > 0, P, 1.0), -F / d)
        g = np.where(d == 0, np.where(F > 0, -np.inf, 0.0), g)
        g = np.where(P * F > d * (1 + 1e-15), np.nan, g)
    return g


def fractional(c0, d, F, p=None, aggregate=False):
    """Melt composition for fractional (Rayleigh) melting, modal or non-modal.

    Instantaneous melt ``C_L/C0 = (1/D0)(1 - P F/D0)^(1/P - 1)``; aggregated
    (pooled) melt ``C_L/C0 = [1 - (1 - P F/D0)^(1/P)] / F``. With ``p=None``
    (modal, P = D0) these reduce to ``(1/D)(1-F)^(1/D-1)`` and
    ``[1-(1-F)^(1/D)]/F``. Computed in log space so that P -> 0 and F -> 0
    are exact limits (aggregate at F = 0 is the first drop, C0/D0).

    Parameters
    ----------
    c0, d, F, p : array_like
        As in :func:`batch`.
    aggregate : bool
        False: instantaneous melt; True: aggregated melt of 0..F.

    Returns
    -------
    numpy.ndarray
        Shape ``F.shape + E``. NaN where ``P F > D0`` (a phase exhausted).

    References
    ----------
    Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243.
    Gast, P.W. (1968) Geochim. Cosmochim. Acta 32, 1057-1086 (modal case).
    """
    c0, d, F, P = _melting_inputs(c0, d, F, p)
    g = _log_residual_mass(d, F, P)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if aggregate:
            out = np.where(F > 0, -np.expm1(g) / np.where(F > 0, F, 1.0), 1.0 / d)
        else:
            modal = P == d
            lg = np.where(modal, (1.0 / d - 1.0) * np.log1p(-F) - np.log(d),
                          g - np.log(d - P * F))
            lg = np.where((d == 0) & (F == 0), np.inf, lg)
            lg = np.where(modal & (d == 1), 0.0, lg)
            out = np.exp(lg)
    return c0 * out


def residue(c0, d, F, p=None, mode="batch"):
    """Residual solid composition after batch or fractional melting.

    Batch: ``C_s = C_L (D0 - P F)/(1 - F)`` (the bulk D of the residue times
    the melt). Fractional: ``C_s/C0 = (1 - P F/D0)^(1/P) / (1 - F)``; modal
    ``(1-F)^(1/D - 1)``.

    Parameters
    ----------
    c0, d, F, p : array_like
        As in :func:`batch`.
    mode : {"batch", "fractional"}

    References
    ----------
    Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243.
    """
    if mode not in ("batch", "fractional"):
        raise MetasomeInputError(f"mode must be 'batch' or 'fractional', not {mode!r}")
    c0, d, F, P = _melting_inputs(c0, d, F, p)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if mode == "batch":
            cl = c0 / (d + F * (1.0 - P))
            ratio = np.where(P == d, d, (d - P * F) / (1.0 - F))
            return cl * ratio
        g = _log_residual_mass(d, F, P)
        lg = np.where(P == d, (1.0 / d - 1.0) * np.log1p(-F), g - np.log1p(-F))
        lg = np.where((P == d) & (d == 1), 0.0, lg)
        return c0 * np.exp(lg)


def rayleigh(c0, d, F, phase="melt"):
    """Rayleigh fractional crystallisation; ``F`` = melt fraction remaining.

    ``C_L/C0 = F^(D-1)``; instantaneous solid ``D C_L``; aggregate cumulate
    ``C0 (1 - F^D)/(1 - F)`` (limit ``D C0`` at F = 1).

    Parameters
    ----------
    c0 : array_like
        Parental melt concentrations.
    d : array_like
        Bulk D of the crystallising assemblage.
    F : array_like
        Melt fraction remaining, (0, 1].
    phase : {"melt", "solid", "cumulate"}

    References
    ----------
    Rayleigh, J.W.S. (1896) Phil. Mag. 42, 493-498; Gast, P.W. (1968)
    Geochim. Cosmochim. Acta 32, 1057-1086; Shaw, D.M. (1970) Geochim.
    Cosmochim. Acta 34, 237-243.
    """
    F, (c0, d) = _grid(F, "F", ("c0", c0), ("d", d))
    _check_range(F, "F (melt fraction remaining)", 0.0, 1.0)
    _check_range(d, "d", 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cl = c0 * np.exp((d - 1.0) * np.log(F))
        if phase == "melt":
            return cl
        if phase == "solid":
            return d * cl
        if phase == "cumulate":
            return np.where(F < 1, c0 * -np.expm1(d * np.log(F)) / (1.0 - F), d * c0)
    raise MetasomeInputError(f"phase must be 'melt', 'solid' or 'cumulate', not {phase!r}")


def equilibrium_crystallisation(c0, d, F, phase="melt"):
    """Equilibrium crystallisation; ``F`` = melt fraction remaining.

    ``C_L/C0 = 1/[D + F(1 - D)]``; solid ``D C_L``.

    References
    ----------
    Shaw, D.M. (1970) Geochim. Cosmochim. Acta 34, 237-243 (the same mass
    balance as batch melting, read with F the melt fraction).
    """
    F, (c0, d) = _grid(F, "F", ("c0", c0), ("d", d))
    _check_range(F, "F (melt fraction remaining)", 0.0, 1.0)
    _check_range(d, "d", 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cl = c0 / (d + F * (1.0 - d))
    if phase == "melt":
        return cl
    if phase == "solid":
        return d * cl
    raise MetasomeInputError(f"phase must be 'melt' or 'solid', not {phase!r}")


def _phi(k, h):
    """(1 - exp(-k h)) / k with its exact limit h at k = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = np.where(k == 0, 1.0, k)
        return np.where(k == 0, h, -np.expm1(-k * h) / safe)


def afc(c0, ca, d, r, F=None, ratio0=None, ratio_a=None, *, crystallised=None):
    """Assimilation-fractional crystallisation (DePaolo 1981): concentration and isotope ratio.

    With ``f = M_m/M_m0``, ``z = (r + D - 1)/(r - 1)`` DePaolo's eq. 6a is
    ``C_m/C_m0 = f^-z + [r/(r-1)] [C_a/(z C_m0)] (1 - f^-z)`` and eq. 15b
    gives the ratio as the concentration-weighted mean of the two terms. We
    evaluate it as ``C_m = A + B`` with ``B = C_m0 f^-z`` and
    ``A = r C_a (1 - exp(-k h))/k``, ``k = r + D - 1`` and
    ``h = ln f / (r - 1)`` (identical algebra), so that:

    * z = 0 (r + D = 1) is the exact limit ``C_m = C_m0 + r C_a ln(1/f)/(1-r)``
      (as z -> 0, ``(1 - f^-z)/z -> ln f`` in eq. 6a; science.md §3.4 prints
      ``[r/(r-1)] C_a ln(1/f)``, which has the wrong sign);
    * r = 1 is exact when progress is given as ``crystallised``
      (x = M_c/M_m0, so ``f = 1 - (1 - r) x`` and ``h = ln(1+(r-1)x)/(r-1)``
      -> x): ``C_m = C_a/D + (C_m0 - C_a/D) e^{-D x}`` (magma mass constant).

    Parameters
    ----------
    c0 : array_like
        Initial magma concentration C_m0.
    ca : array_like
        Assimilant concentration C_a.
    d : array_like
        Bulk D of the crystallising assemblage.
    r : array_like
        Ratio of assimilation to crystallisation rate, r >= 0.
    F : array_like, optional
        f = M_m/M_m0, fraction of magma remaining (> 0; > 1 when r > 1).
        Give either ``F`` or ``crystallised``. With r = 1, f stays 1:
        use ``crystallised``.
    ratio0, ratio_a : array_like, optional
        Isotope ratio (or epsilon/delta value) of the magma and assimilant.
    crystallised : array_like, optional
        Mass crystallised per unit initial magma, x >= 0.

    Returns
    -------
    (c, ratio)
        Magma concentration and ratio (None if ``ratio0`` is None), shape
        ``F.shape + E``.

    References
    ----------
    DePaolo, D.J. (1981) Earth Planet. Sci. Lett. 53, 189-202, eqs. 6a, 15a,b.
    """
    if (F is None) == (crystallised is None):
        raise MetasomeInputError("give exactly one of F (magma fraction remaining) or crystallised")
    prog = F if F is not None else crystallised
    elems = [("c0", c0), ("ca", ca), ("d", d), ("r", r)]
    with_ratio = ratio0 is not None
    if with_ratio:
        if ratio_a is None:
            raise MetasomeInputError("ratio_a is required with ratio0")
        elems += [("ratio0", ratio0), ("ratio_a", ratio_a)]
    X, arrs = _grid(prog, "F" if F is not None else "crystallised", *elems)
    c0, ca, d, r = arrs[:4]
    _check_range(d, "d", 0.0)
    _check_range(r, "r", 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rm1 = r - 1.0
        if F is not None:
            _check_range(X, "F (magma fraction remaining)", 0.0, lo_open=True)
            if np.any(r == 1):
                raise MetasomeInputError(
                    "with r = 1 the magma mass is constant (f = 1): give progress as "
                    "crystallised=M_c/M_m0 instead of F")
            h = np.log(X) / rm1
        else:
            _check_range(X, "crystallised", 0.0)
            arg = rm1 * X
            if np.any((1.0 + arg) <= 0):
                raise MetasomeInputError("crystallised exceeds the magma available (1 - (1-r) x <= 0)")
            h = np.where(rm1 == 0, X, np.log1p(arg) / np.where(rm1 == 0, 1.0, rm1))
        k = r + d - 1.0
        B = c0 * np.exp(-k * h)
        A = r * ca * _phi(k, h)
        c = A + B
        if not with_ratio:
            return c, None
        e0, ea = arrs[4], arrs[5]
        ratio = np.where(c > 0, (A * ea + B * e0) / np.where(c > 0, c, 1.0), e0)
    return c, ratio


def magma_fraction(r, crystallised):
    """f = M_m/M_m0 = 1 - (1 - r) x for mass crystallised x (DePaolo 1981, definition of f)."""
    r = _arr(r, "r")
    x = _arr(crystallised, "crystallised")
    return 1.0 - (1.0 - r) * x
