"""Rb-Sr and Sm-Nd: parent/daughter atom ratios, initial ratios, epsilon values, Nd model ages.

All functions are vectorised (numpy broadcasting), never mutate their inputs,
and return NaN where an input is missing. Ages are in Ma; decay constants per
year; ratios are atom ratios. Constants come from a
:class:`~metasome.isotopes.constants.Convention` (default presets, every
constant overridable).

References
----------
Faure, G. & Mensing, T.M. (2005) Isotopes: Principles and Applications, 3rd ed., Wiley
    (decay equation, initial ratios, epsilon notation, CHUR/UR evolution).
DePaolo, D.J. & Wasserburg, G.J. (1976) Nd isotopic variations and petrogenetic models.
    Geophys. Res. Lett. 3, 249-252 (epsilon Nd, CHUR evolution).
DePaolo, D.J. (1981) Neodymium isotopes in the Colorado Front Range and crust-mantle
    evolution in the Proterozoic. Nature 291, 193-196 (single-stage depleted-mantle model age).
Liew, T.C. & Hofmann, A.W. (1988) Contrib. Mineral. Petrol. 98, 129-138 (two-stage model age).
Keto, L.S. & Jacobsen, S.B. (1987) Nd and Sr isotopic variations of Early Paleozoic oceans.
    Earth Planet. Sci. Lett. 84, 27-41 (f-linearised two-stage model age, as used in the
    Chinese literature) [attribution not checked in the primary source].
Meija, J. et al. (2016) Pure Appl. Chem. 88, 293-306 (isotope abundances);
    Wang, M. et al. (2021) The AME 2020 atomic mass evaluation, Chinese Phys. C 45, 030003
    (nuclide masses, via the ``periodictable`` package).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.isotopes.constants import (
    Convention, abundances, check_decay_constant, default_convention, entry, isotope_mass,
)

#: 10^4, the epsilon scale (parts per ten thousand).
EPSILON_SCALE = 1e4
#: years per Ma.
YEARS_PER_MA = 1e6


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _conv(convention: Convention | None) -> Convention:
    return default_convention() if convention is None else convention


# ------------------------------------------------------------------ decay

def decay_factor(age_ma, decay_constant: float) -> np.ndarray:
    """``exp(lambda * t) - 1`` for ages in Ma and lambda per year (computed with ``expm1``).

    Raises :class:`~metasome.errors.MetasomeInputError` when ``decay_constant``
    is not a per-year value (e.g. IsoplotR's per-Myr 1.3972e-5).

    References
    ----------
    Faure & Mensing (2005), eq. 3.11 (law of radioactive decay, D* = N(e^{lambda t} - 1)).
    """
    lam = check_decay_constant(decay_constant)
    return np.expm1(lam * _arr(age_ma) * YEARS_PER_MA)


def initial_ratio(measured, parent_daughter, age_ma, decay_constant: float) -> np.ndarray:
    """Initial (age-corrected) ratio ``R_t = R_m - (P/D)_m (e^{lambda t} - 1)``.

    Parameters
    ----------
    measured : array_like
        Present-day radiogenic ratio (87Sr/86Sr or 143Nd/144Nd).
    parent_daughter : array_like
        Present-day parent/daughter atom ratio (87Rb/86Sr or 147Sm/144Nd).
    age_ma : array_like
        Age in Ma (NaN gives NaN: there is no default age).
    decay_constant : float
        Per year.

    References
    ----------
    Faure & Mensing (2005), eqs. 5.10 (Rb-Sr) and 9.7 (Sm-Nd).
    """
    return _arr(measured) - _arr(parent_daughter) * decay_factor(age_ma, decay_constant)


def present_ratio(initial, parent_daughter, age_ma, decay_constant: float) -> np.ndarray:
    """Inverse of :func:`initial_ratio`: ``R_m = R_t + (P/D)_m (e^{lambda t} - 1)``."""
    return _arr(initial) + _arr(parent_daughter) * decay_factor(age_ma, decay_constant)


# ------------------------------------------------------------------ atom fractions

@lru_cache(maxsize=None)
def _sr_constants() -> tuple:
    ab = abundances("Sr")
    r84 = ab[84] / ab[86]
    r88 = 1.0 / float(entry("normalisation", "Sr")["sr86_sr88"])
    m = {a: isotope_mass("Sr", a) for a in (84, 86, 87, 88)}
    return r84, r88, m


@lru_cache(maxsize=None)
def _nd_constants() -> tuple:
    ab = abundances("Nd")
    ratios = {a: ab[a] / ab[144] for a in (142, 145, 148, 150)}
    ratios[146] = float(entry("normalisation", "Nd")["nd146_nd144"])
    m = {a: isotope_mass("Nd", a) for a in (142, 143, 144, 145, 146, 148, 150)}
    return ratios, m


@lru_cache(maxsize=None)
def _parent_constants(element: str, nuclide: int) -> tuple[float, float]:
    """(atom fraction of ``nuclide``, atomic weight) for Rb or Sm from CIAAW abundances."""
    ab = abundances(element)
    total = sum(ab.values())
    weight = sum(f * isotope_mass(element, a) for a, f in ab.items()) / total
    return ab[nuclide] / total, weight


def sr86_atom_fraction(sr87_sr86) -> np.ndarray:
    """Atom fraction of 86Sr: ``1 / (84Sr/86Sr + 1 + 87Sr/86Sr + 88Sr/86Sr)``.

    The **86Sr** fraction is one over the sum of the ratios to 86Sr; taking
    ``87Sr/86Sr / sum`` instead gives the 87Sr fraction (science.md Part 4, pitfall 1).
    84Sr/86Sr from the CIAAW abundances, 88Sr/86Sr = 1/0.1194 (Steiger & Jaeger 1977).

    References
    ----------
    Meija, J. et al. (2016) Pure Appl. Chem. 88, 293-306.
    Steiger, R.H. & Jaeger, E. (1977) Earth Planet. Sci. Lett. 36, 359-362.
    """
    r84, r88, _ = _sr_constants()
    return 1.0 / (r84 + 1.0 + _arr(sr87_sr86) + r88)


def sr_atomic_weight(sr87_sr86) -> np.ndarray:
    """Atomic weight of Sr (g/mol) for the sample's 87Sr/86Sr (radiogenic 87Sr makes it variable).

    References
    ----------
    Meija, J. et al. (2016); nuclide masses from AME 2020 via ``periodictable``.
    """
    r84, r88, m = _sr_constants()
    r87 = _arr(sr87_sr86)
    return (r84 * m[84] + m[86] + r87 * m[87] + r88 * m[88]) / (r84 + 1.0 + r87 + r88)


def nd144_atom_fraction(nd143_nd144) -> np.ndarray:
    """Atom fraction of 144Nd for the sample's 143Nd/144Nd (other ratios CIAAW, 146/144 = 0.7219).

    References
    ----------
    Meija, J. et al. (2016) Pure Appl. Chem. 88, 293-306.
    """
    ratios, _ = _nd_constants()
    return 1.0 / (1.0 + _arr(nd143_nd144) + sum(ratios.values()))


def nd_atomic_weight(nd143_nd144) -> np.ndarray:
    """Atomic weight of Nd (g/mol) for the sample's 143Nd/144Nd."""
    ratios, m = _nd_constants()
    r143 = _arr(nd143_nd144)
    num = m[144] + r143 * m[143] + sum(r * m[a] for a, r in ratios.items())
    return num / (1.0 + r143 + sum(ratios.values()))


def rb_sr_factor(sr87_sr86) -> np.ndarray:
    """Factor ``k`` in ``87Rb/86Sr = k * (Rb/Sr)_ppm`` (about 2.89 for 87Sr/86Sr = 0.71).

    ``k = f(87Rb)/M_Rb * M_Sr/f(86Sr)``, exact atom-fraction relation with
    CIAAW abundances and AME masses; M_Sr and f(86Sr) follow the sample's 87Sr/86Sr.

    References
    ----------
    Faure & Mensing (2005), section 5.2 (conversion of concentrations to atom ratios).
    Meija, J. et al. (2016) Pure Appl. Chem. 88, 293-306.
    """
    f87, m_rb = _parent_constants("Rb", 87)
    return f87 / m_rb * sr_atomic_weight(sr87_sr86) / sr86_atom_fraction(sr87_sr86)


def sm_nd_factor(nd143_nd144) -> np.ndarray:
    """Factor ``k`` in ``147Sm/144Nd = k * (Sm/Nd)_ppm`` (about 0.604 for 143Nd/144Nd = 0.512).

    References
    ----------
    Faure & Mensing (2005), section 9.1; Meija, J. et al. (2016).
    """
    f147, m_sm = _parent_constants("Sm", 147)
    return f147 / m_sm * nd_atomic_weight(nd143_nd144) / nd144_atom_fraction(nd143_nd144)


def rb87_sr86_from_ppm(rb_ppm, sr_ppm, sr87_sr86) -> np.ndarray:
    """87Rb/86Sr atom ratio from Rb and Sr in ppm and the sample's 87Sr/86Sr (see :func:`rb_sr_factor`)."""
    return _arr(rb_ppm) / _arr(sr_ppm) * rb_sr_factor(sr87_sr86)


def sm147_nd144_from_ppm(sm_ppm, nd_ppm, nd143_nd144) -> np.ndarray:
    """147Sm/144Nd atom ratio from Sm and Nd in ppm and the sample's 143Nd/144Nd (see :func:`sm_nd_factor`)."""
    return _arr(sm_ppm) / _arr(nd_ppm) * sm_nd_factor(nd143_nd144)


def rb_sr_ppm_ratio(rb87_sr86, sr87_sr86) -> np.ndarray:
    """Inverse of :func:`rb87_sr86_from_ppm`: Rb/Sr by weight from 87Rb/86Sr."""
    return _arr(rb87_sr86) / rb_sr_factor(sr87_sr86)


def sm_nd_ppm_ratio(sm147_nd144, nd143_nd144) -> np.ndarray:
    """Inverse of :func:`sm147_nd144_from_ppm`: Sm/Nd by weight from 147Sm/144Nd."""
    return _arr(sm147_nd144) / sm_nd_factor(nd143_nd144)


# ------------------------------------------------------------------ reservoirs and epsilon

def chur_nd143_nd144(age_ma, convention: Convention | None = None) -> np.ndarray:
    """143Nd/144Nd of CHUR at ``age_ma``: ``I_CHUR,0 - (147Sm/144Nd)_CHUR (e^{lambda t} - 1)``.

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976) Geophys. Res. Lett. 3, 249-252.
    Jacobsen, S.B. & Wasserburg, G.J. (1980) Earth Planet. Sci. Lett. 50, 139-155 (default values).
    """
    c = _conv(convention)
    return initial_ratio(c.chur_nd143_nd144, c.chur_sm147_nd144, age_ma, c.lambda_sm)


def dm_nd143_nd144(age_ma, convention: Convention | None = None) -> np.ndarray:
    """143Nd/144Nd of the depleted mantle at ``age_ma`` (linear DM evolution of the chosen preset).

    References
    ----------
    Liew, T.C. & Hofmann, A.W. (1988) Contrib. Mineral. Petrol. 98, 129-138 (default values).
    """
    c = _conv(convention)
    return initial_ratio(c.dm_nd143_nd144, c.dm_sm147_nd144, age_ma, c.lambda_sm)


def ur_sr87_sr86(age_ma, convention: Convention | None = None) -> np.ndarray:
    """87Sr/86Sr of the uniform reservoir (UR) at ``age_ma``.

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976) Inferences about magma sources and mantle structure
    from variations of 143Nd/144Nd. Geophys. Res. Lett. 3, 743-746.
    Faure, G. (1986) Principles of Isotope Geology, 2nd ed. (UR values).
    """
    c = _conv(convention)
    return initial_ratio(c.ur_sr87_sr86, c.ur_rb87_sr86, age_ma, c.lambda_rb)


def epsilon_nd(nd143_nd144_t, age_ma, convention: Convention | None = None) -> np.ndarray:
    """eNd(t) = [(143Nd/144Nd)_t / (143Nd/144Nd)_CHUR(t) - 1] x 10^4.

    ``nd143_nd144_t`` is the sample's ratio at ``age_ma`` (use :func:`initial_ratio`);
    with ``age_ma = 0`` this is eNd(0).

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976) Geophys. Res. Lett. 3, 249-252.
    """
    return (_arr(nd143_nd144_t) / chur_nd143_nd144(age_ma, convention) - 1.0) * EPSILON_SCALE


def epsilon_sr(sr87_sr86_t, age_ma, convention: Convention | None = None) -> np.ndarray:
    """eSr(t) = [(87Sr/86Sr)_t / (87Sr/86Sr)_UR(t) - 1] x 10^4.

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976) Geophys. Res. Lett. 3, 743-746.
    """
    return (_arr(sr87_sr86_t) / ur_sr87_sr86(age_ma, convention) - 1.0) * EPSILON_SCALE


def f_sm_nd(sm147_nd144, convention: Convention | None = None) -> np.ndarray:
    """fSm/Nd = (147Sm/144Nd)_sample / (147Sm/144Nd)_CHUR - 1.

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976) Geophys. Res. Lett. 3, 249-252.
    """
    c = _conv(convention)
    return _arr(sm147_nd144) / c.chur_sm147_nd144 - 1.0


# ------------------------------------------------------------------ model ages

def _safe_log_age(arg, lam) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.log1p(arg) / lam / YEARS_PER_MA
    return np.where(np.isfinite(t), t, np.nan)


def tdm1(nd143_nd144, sm147_nd144, convention: Convention | None = None) -> np.ndarray:
    """Single-stage depleted-mantle Nd model age (Ma).

    ``TDM1 = 1/lambda ln(1 + (I_m - I_DM) / (R_m - R_DM))``. NaN where the
    logarithm is undefined (sample Sm/Nd at or above the DM's). Meaningless
    for samples little fractionated from the mantle (fSm/Nd > -0.2; see
    :func:`tdm1_flag`).

    References
    ----------
    DePaolo, D.J. (1981) Nature 291, 193-196.
    Liew, T.C. & Hofmann, A.W. (1988) (default DM parameters).
    """
    c = _conv(convention)
    with np.errstate(invalid="ignore", divide="ignore"):
        arg = (_arr(nd143_nd144) - c.dm_nd143_nd144) / (_arr(sm147_nd144) - c.dm_sm147_nd144)
    return _safe_log_age(arg, c.lambda_sm)


def tdm1_flag(sm147_nd144, convention: Convention | None = None) -> np.ndarray:
    """True where a single-stage model age is not meaningful: fSm/Nd > ``tdm1_f_threshold`` (-0.2).

    NaN 147Sm/144Nd gives False (nothing to flag).

    References
    ----------
    Arndt, N.T. & Goldstein, S.L. (1987) Use and abuse of crust-formation ages. Geology 15,
    893-895 (model ages need strong Sm/Nd fractionation from the mantle); the -0.2 cut-off
    is a literature convention (science.md B.6).
    """
    c = _conv(convention)
    f = f_sm_nd(sm147_nd144, c)
    with np.errstate(invalid="ignore"):
        return np.asarray(f > c.tdm1_f_threshold)


def tdm2(nd143_nd144, sm147_nd144, age_ma, convention: Convention | None = None,
         method: str = "exact") -> np.ndarray:
    """Two-stage depleted-mantle Nd model age (Ma).

    ``method="exact"`` (Liew & Hofmann 1988): the sample evolves with its own
    147Sm/144Nd back to ``t``, then with the crustal ratio R_cc::

        TDM2 = 1/lambda ln(1 + [I_m - (e^{lambda t} - 1)(R_m - R_cc) - I_DM] / (R_cc - R_DM))

    ``method="linearised"`` (Keto & Jacobsen 1987 form used in the Chinese literature)::

        TDM2 = TDM1 - (TDM1 - t)(f_cc - f_s)/(f_cc - f_DM),
        f = 147Sm/144Nd / (147Sm/144Nd)_CHUR - 1

    References
    ----------
    Liew, T.C. & Hofmann, A.W. (1988) Contrib. Mineral. Petrol. 98, 129-138.
    Keto, L.S. & Jacobsen, S.B. (1987) Earth Planet. Sci. Lett. 84, 27-41 [attribution unverified].
    """
    c = _conv(convention)
    im, rm = _arr(nd143_nd144), _arr(sm147_nd144)
    if method == "exact":
        g = decay_factor(age_ma, c.lambda_sm)
        arg = (im - g * (rm - c.crust_sm147_nd144) - c.dm_nd143_nd144) / (
            c.crust_sm147_nd144 - c.dm_sm147_nd144)
        return _safe_log_age(arg, c.lambda_sm)
    if method == "linearised":
        t1 = tdm1(im, rm, c)
        fs = f_sm_nd(rm, c)
        fcc = f_sm_nd(c.crust_sm147_nd144, c)
        fdm = f_sm_nd(c.dm_sm147_nd144, c)
        return t1 - (t1 - _arr(age_ma)) * (fcc - fs) / (fcc - fdm)
    raise MetasomeInputError(f"unknown TDM2 method {method!r}; use 'exact' or 'linearised'")


# ------------------------------------------------------------------ lines for figures

def nd_evolution_lines(ages_ma, convention: Convention | None = None) -> dict:
    """eNd of CHUR (0 by definition) and of the depleted mantle at ``ages_ma``, for eNd-vs-age figures.

    Returns ``{"age": ages, "CHUR": zeros, "DM": eNd_DM(t), "convention": dict}``.

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1976); Liew & Hofmann (1988) (default DM).
    """
    c = _conv(convention)
    ages = _arr(ages_ma)
    return {"age": ages, "CHUR": epsilon_nd(chur_nd143_nd144(ages, c), ages, c),
            "DM": epsilon_nd(dm_nd143_nd144(ages, c), ages, c), "convention": c.as_dict()}


def mantle_array(convention: Convention | None = None) -> dict:
    """End points of the present-day Nd-Sr mantle array, DMM to bulk silicate Earth.

    Returns ``{"87Sr/86Sr": (DMM, BSE), "eNd": (DMM, BSE), "citation": ...}`` with
    eNd computed against the convention's CHUR, and BSE = (UR 87Sr/86Sr, CHUR).

    References
    ----------
    DePaolo, D.J. & Wasserburg, G.J. (1979) Proc. Natl. Acad. Sci. USA 76, 3056-3060 (mantle array).
    Workman, R.K. & Hart, S.R. (2005) Earth Planet. Sci. Lett. 231, 53-72 (DMM) [values unverified].
    """
    c = _conv(convention)
    dmm = entry("fields", "DMM")
    sr = (float(dmm["sr87_sr86"]), c.ur_sr87_sr86)
    end = (float(epsilon_nd(dmm["nd143_nd144"], 0.0, c)), 0.0)
    return {"87Sr/86Sr": sr, "eNd": end, "citation": dmm["citation"]}
