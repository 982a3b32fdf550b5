"""Sulfur budget: SCSS, the S6+ correction, and sulfide exhaustion during melting.

References
----------
Fortin, M.-A., Riddle, J., Desjardins-Langlais, Y. & Baker, D.R. (2015) The
effect of water on the sulfur concentration at sulfide saturation (SCSS) in
natural melts. Geochim. Cosmochim. Acta 160, 100-116.
Jugo, P.J., Wilke, M. & Botcharnikov, R.E. (2010) Sulfur K-edge XANES
analysis of natural and synthetic basaltic glasses: implications for S
speciation and S content as function of oxygen fugacity. Geochim. Cosmochim.
Acta 74, 5926-5938.
Lee, C.-T.A., Luffi, P., Chin, E.J., et al. (2012) Copper systematics in arc
magmas and implications for crust-mantle differentiation. Science 336, 64-68
(supplementary workbook: melt carries S = SCSS x (1 + S6+ correction)).
"""

from __future__ import annotations

import numpy as np

from metasome.errors import MetasomeInputError

#: Fortin et al. (2015) coefficients: ln SCSS(ppm) = A + B/T + C P/T + sum_i c_i X_i,
#: T in K, P in GPa, X_i = oxide mole fractions of the hydrous melt (single oxide basis).
FORTIN2015 = {
    "A": 34.7837, "B": -5772.322, "C": -346.5377,
    "SiO2": -25.4986, "TiO2": -18.3435, "Al2O3": -27.3807, "FeOt": -17.2752, "MnO": 0.0,
    "MgO": -22.3975, "CaO": -20.3778, "Na2O": -18.9539, "K2O": -32.1944, "P2O5": 0.0,
    "H2O": -20.3934,
}

#: Molar masses (g/mol) of the oxides (IUPAC 2013 standard atomic weights).
OXIDE_MASS = {
    "SiO2": 60.0843, "TiO2": 79.8658, "Al2O3": 101.9613, "FeOt": 71.8444, "MnO": 70.9374,
    "MgO": 40.3044, "CaO": 56.0774, "Na2O": 61.9789, "K2O": 94.1960, "P2O5": 141.9445,
    "H2O": 18.0153,
}

#: Sulfide S content (ppm) of stoichiometric FeS, the default of the Lee et al. (2012) workbook.
S_SULFIDE_FES = 363636.0


def scss_fortin2015(composition, T_K, P_kbar, coefficients=FORTIN2015):
    """SCSS (ppm S2-) of a silicate melt after Fortin et al. (2015).

    ``ln SCSS = 34.784 - 5772.3/T - 346.54 P/T + sum c_i X_i`` with T in K,
    P in GPa and X_i the mole fractions of SiO2, TiO2, Al2O3, FeOt, MnO, MgO,
    CaO, Na2O, K2O, P2O5 and H2O (normalised over these oxides, hydrous).

    Parameters
    ----------
    composition : mapping or DataFrame
        Oxide wt% with canonical names (``FeOt`` = total Fe as FeO; ``FeO``
        accepted when ``FeOt`` is absent). Missing oxides count as zero.
    T_K : float or array_like
        Temperature, K.
    P_kbar : float or array_like
        Pressure, kbar.
    coefficients : dict
        Override the published coefficients.

    Returns
    -------
    numpy.ndarray
        SCSS in ppm (S2- only; see :func:`total_s_at_saturation` for S6+).

    References
    ----------
    Fortin, M.-A. et al. (2015) Geochim. Cosmochim. Acta 160, 100-116.
    """
    get = (lambda k: np.asarray(composition[k], float)) if hasattr(composition, "__getitem__") else None
    moles = {}
    for ox, mm in OXIDE_MASS.items():
        key = ox
        if ox == "FeOt" and "FeOt" not in composition and "FeO" in composition:
            key = "FeO"
        moles[ox] = (get(key) if key in composition else np.asarray(0.0)) / mm
    total = sum(moles.values())
    if np.any(np.asarray(total) <= 0):
        raise MetasomeInputError("composition has no oxides for the SCSS model")
    T = np.asarray(T_K, float)
    if np.any(T <= 0):
        raise MetasomeInputError("T_K must be > 0 (kelvin)")
    P_GPa = np.asarray(P_kbar, float) / 10.0
    c = coefficients
    ln = c["A"] + c["B"] / T + c["C"] * P_GPa / T
    for ox in OXIDE_MASS:
        ln = ln + c.get(ox, 0.0) * moles[ox] / total
    return np.exp(ln)


def scss_pressure_factor(P_from_kbar, P_to_kbar, T_K, C=FORTIN2015["C"]):
    """Ratio SCSS(P_to)/SCSS(P_from) at fixed T and melt composition (Fortin et al. 2015 pressure term).

    ``exp[C (P_to - P_from)/T]`` with P in GPa, C = -346.54 K/GPa.

    References
    ----------
    Fortin, M.-A. et al. (2015) Geochim. Cosmochim. Acta 160, 100-116.
    """
    dP = (np.asarray(P_to_kbar, float) - np.asarray(P_from_kbar, float)) / 10.0
    return np.exp(C * dP / np.asarray(T_K, float))


def s6_fraction_jugo2010(delta_fmq):
    """S6+/sum S of a basaltic melt: ``1 / (1 + 10^(2.1 - 2 dFMQ))``.

    References
    ----------
    Jugo, P.J., Wilke, M. & Botcharnikov, R.E. (2010) Geochim. Cosmochim. Acta
    74, 5926-5938.
    """
    return 1.0 / (1.0 + 10.0 ** (2.1 - 2.0 * np.asarray(delta_fmq, float)))


def total_s_at_saturation(scss, delta_fmq=None, s6_fraction=None):
    """Total S of a sulfide-saturated melt: ``S = SCSS / (1 - S6+/sum S)``.

    Give ``delta_fmq`` (Jugo et al. 2010 speciation) or ``s6_fraction``
    directly; neither means S6+ = 0. Equivalent to ``SCSS (1 + 10^(2 dFMQ - 2.1))``.

    References
    ----------
    Jugo, P.J. et al. (2010) Geochim. Cosmochim. Acta 74, 5926-5938;
    Lee, C.-T.A. et al. (2012) Science 336, 64-68 (workbook usage).
    """
    if delta_fmq is not None and s6_fraction is not None:
        raise MetasomeInputError("give delta_fmq or s6_fraction, not both")
    if delta_fmq is not None:
        return np.asarray(scss, float) * (1.0 + 10.0 ** (2.0 * np.asarray(delta_fmq, float) - 2.1))
    x = 0.0 if s6_fraction is None else np.asarray(s6_fraction, float)
    if np.any(np.asarray(x) >= 1) or np.any(np.asarray(x) < 0):
        raise MetasomeInputError("s6_fraction must be in [0, 1)")
    return np.asarray(scss, float) / (1.0 - x)


def exhaustion_melt_fraction(s_source, s_melt):
    """Melt fraction at which mantle sulfide is exhausted, ``F_ex = S_source / S_melt``.

    References
    ----------
    Lee, C.-T.A. et al. (2012) Science 336, 64-68 (S mass balance of the
    workbook: the melt carries S_melt of S per unit melt).
    """
    return np.asarray(s_source, float) / np.asarray(s_melt, float)


def residual_sulfide(F, s_source, s_melt, s_sulfide=S_SULFIDE_FES):
    """Sulfide left in the residue: mass per unit source and mass fraction of the residue.

    ``X_m = max(0, S0 - S_melt F)/S_sul`` and ``X = X_m/(1 - F)``.

    Returns
    -------
    (X_m, X) : tuple of numpy.ndarray

    References
    ----------
    Lee, C.-T.A. et al. (2012) Science 336, 64-68 (workbook eqs. 3-4).
    """
    F = np.asarray(F, float)
    xm = np.maximum(0.0, np.asarray(s_source, float) - np.asarray(s_melt, float) * F) / s_sulfide
    with np.errstate(divide="ignore", invalid="ignore"):
        return xm, xm / (1.0 - F)
