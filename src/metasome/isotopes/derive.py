"""``derive``: the isotope columns ``metasome compute`` adds to a canonical table.

References
----------
See :mod:`metasome.isotopes.radiogenic`, :mod:`metasome.isotopes.stable` and
:mod:`metasome.isotopes.uncertainty` for the formulas and their sources.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from metasome.errors import InputWarning, MetasomeInputError
from metasome.isotopes import radiogenic as rg
from metasome.isotopes import stable as st
from metasome.isotopes.constants import Convention
from metasome.isotopes.uncertainty import initial_ratio_sigma, linear_sigma, monte_carlo, sigma_column

#: Conversion of age units to Ma.
AGE_UNITS = {"Ma": 1.0, "a": 1e-6, "yr": 1e-6, "ka": 1e-3, "Ga": 1e3}


def _convention(convention, decay, chur, ur, dm, overrides) -> Convention:
    if isinstance(convention, Convention):
        return convention.with_overrides(**overrides) if overrides else convention
    presets = {"decay": decay, "chur": chur, "ur": ur, "dm": dm}
    if isinstance(convention, Mapping):
        presets.update({k: v for k, v in convention.items() if k in presets})
        overrides = {**{k: v for k, v in convention.items() if k not in presets}, **overrides}
    elif convention is not None:
        raise MetasomeInputError("convention must be a Convention, a mapping of preset names, or None")
    return Convention.from_presets(**{k: v for k, v in presets.items() if v is not None}, **overrides)


def derive(values, *, age=None, age_unit: str = "Ma", convention=None, decay: str | None = None,
           chur: str | None = None, ur: str | None = None, dm: str | None = None,
           tdm2_method: str = "exact", seed: int = 0, n_draws: int = 4000, row_offset: int = 0,
           li_standard_ratio: float | None = None, ba_standard_ratio: float | None = None,
           **overrides):
    """Derived isotope columns for a canonical table (only new columns, same index).

    Parameters
    ----------
    values : pandas.DataFrame
        Canonical columns: ``87Sr/86Sr``, ``87Rb/86Sr``, ``Rb``, ``Sr``, ``143Nd/144Nd``,
        ``147Sm/144Nd``, ``Sm``, ``Nd`` (ppm), ``age``, ``7Li/6Li``, ``d6Li``,
        ``138Ba/134Ba``, ``d137/134Ba`` and their uncertainty columns (``"... 2SD"`` etc.).
    age : float, optional
        One age for the whole table (in ``age_unit``). None uses the ``age`` column per
        sample; without either, age-corrected values are NaN (there is no default age).
    age_unit : {"Ma", "ka", "a", "yr", "Ga"}
    convention : Convention or mapping, optional
        A full :class:`~metasome.isotopes.constants.Convention`, or a mapping of preset names
        (``decay``, ``chur``, ``ur``, ``dm``) and constant overrides.
    decay, chur, ur, dm : str, optional
        Preset names (defaults ``SteigerJager1977``, ``JacobsenWasserburg1980``,
        ``Faure1986``, ``LiewHofmann1988``).
    tdm2_method : {"exact", "linearised"}
    seed, n_draws : int
        Monte Carlo settings for the non-linear uncertainties.
    row_offset : int
        Position of the first row of ``values`` in the whole table when ``values`` is one
        block of it (a multiple of 2000, the Monte Carlo chunk): every row then gets the
        random stream it has in the whole table (:func:`~metasome.isotopes.uncertainty.monte_carlo`).
    li_standard_ratio, ba_standard_ratio : float, optional
        Session values of the standards' 7Li/6Li (default L-SVEC, IAEA) and 138Ba/134Ba
        (needed to turn a raw 138Ba/134Ba into d138/134Ba).
    **overrides
        Any constant of the convention, e.g. ``lambda_sm=6.524e-12``, ``crust_sm147_nd144=0.118``.

    Returns
    -------
    pandas.DataFrame
        Columns (when their inputs exist): ``87Rb/86Sr (calc)``, ``87Rb/86Sr source``,
        ``147Sm/144Nd (calc)``, ``147Sm/144Nd source``, ``87Sr/86Sr(t)``, ``eSr(t)``,
        ``143Nd/144Nd(t)``, ``eNd(0)``, ``eNd(t)``, ``fSm/Nd``, ``TDM1 (Ma)``, ``TDM1 flag``,
        ``TDM2 (Ma)``, ``d7Li (calc)``, ``d138/134Ba (calc)`` and ``"... 2SD"`` columns where
        input uncertainties exist. ``attrs["conventions"]`` records every constant, preset,
        age source and method; ``attrs["warnings"]`` lists :class:`~metasome.errors.InputWarning`.
    """
    import pandas as pd

    conv = _convention(convention, decay, chur, ur, dm, overrides)
    if age_unit not in AGE_UNITS:
        raise MetasomeInputError(f"unknown age unit {age_unit!r}; use one of {sorted(AGE_UNITS)}")
    n = len(values)
    idx = values.index
    cols = set(values.columns)
    nan = np.full(n, np.nan)
    warnings_: list[InputWarning] = []

    def col(name):
        return values[name].to_numpy(dtype=float) if name in cols else nan.copy()

    def sig(name):
        return sigma_column(values, name)[0]

    # ---- ages
    if age is not None:
        t = np.full(n, float(age) * AGE_UNITS[age_unit])
        age_source = f"one age for the table: {float(age) * AGE_UNITS[age_unit]:g} Ma"
        sig_t = None
    elif "age" in cols:
        t = col("age") * AGE_UNITS[age_unit]
        age_source = "per sample, column 'age'" + (f" (converted from {age_unit})" if age_unit != "Ma" else " (Ma)")
        s = sig("age")
        sig_t = None if s is None else s * AGE_UNITS[age_unit]
    else:
        t = nan.copy()
        age_source = "none: no age given, age-corrected values are NaN"
        sig_t = None
    if np.any(t < 0):
        raise MetasomeInputError("negative age", column="age")

    out: dict[str, np.ndarray] = {}
    record: dict = {"age": age_source, "tdm2_method": tdm2_method}

    # ---- parent/daughter ratios
    def parent_daughter(meas_name, p, d, radio, factor_fn, label):
        measured = col(meas_name)
        has_meas = np.isfinite(measured)
        daughter = col(d)
        # a daughter concentration of 0 (often "not detected" in compilations) has no ratio
        calc = np.divide(col(p), daughter, out=np.full_like(daughter, np.nan), where=daughter > 0) \
            * factor_fn(col(radio))
        use = np.where(has_meas, measured, calc)
        s_meas = sig(meas_name)
        s_p, s_d = sig(p), sig(d)
        s_calc = None
        if s_p is not None or s_d is not None:
            rel = linear_sigma(nan if s_p is None else s_p / col(p), nan if s_d is None else s_d / col(d))
            s_calc = np.abs(calc) * rel
        s_use = None
        if s_meas is not None or s_calc is not None:
            s_use = np.where(has_meas, nan if s_meas is None else s_meas, nan if s_calc is None else s_calc)
        if p in cols and d in cols:
            out[f"{label} (calc)"] = np.where(has_meas, np.nan, calc)
            if s_calc is not None:
                out[f"{label} (calc) 2SD"] = np.where(has_meas, np.nan, 2 * s_calc)
        if meas_name in cols or (p in cols and d in cols):
            # categorical: a text column of a million rows costs 0.07 s to build, codes almost nothing
            codes = np.where(has_meas, 2, np.where(np.isfinite(calc), 1, 0)).astype(np.int8)
            out[f"{label} source"] = pd.Categorical.from_codes(codes, ["", "calc", "measured"])
        record[label] = {
            "measured rows": int(has_meas.sum()),
            "calculated rows": int((~has_meas & np.isfinite(calc)).sum()),
            "rule": f"measured {label} used where given; otherwise ({p}/{d})_ppm x exact atom-fraction "
                    f"factor at the sample's {radio} (CIAAW abundances, AME masses)",
        }
        return use, s_use

    rbsr, s_rbsr = parent_daughter("87Rb/86Sr", "Rb", "Sr", "87Sr/86Sr", rg.rb_sr_factor, "87Rb/86Sr")
    smnd, s_smnd = parent_daughter("147Sm/144Nd", "Sm", "Nd", "143Nd/144Nd", rg.sm_nd_factor, "147Sm/144Nd")

    have_sr = "87Sr/86Sr" in cols
    have_nd = "143Nd/144Nd" in cols
    sr, nd = col("87Sr/86Sr"), col("143Nd/144Nd")
    s_sr, s_nd = sig("87Sr/86Sr"), sig("143Nd/144Nd")
    zero = np.zeros(n)

    if have_sr:
        sr_t = rg.initial_ratio(sr, rbsr, t, conv.lambda_rb)
        out["87Sr/86Sr(t)"] = sr_t
        out["eSr(t)"] = rg.epsilon_sr(sr_t, t, conv)
        if any(s is not None for s in (s_sr, s_rbsr, sig_t)):
            out["87Sr/86Sr(t) 2SD"] = 2 * initial_ratio_sigma(
                zero if s_sr is None else s_sr, rbsr, zero if s_rbsr is None else s_rbsr, t,
                zero if sig_t is None else sig_t, conv.lambda_rb)
            out["87Sr/86Sr(t) 2SD"] = np.where(np.isfinite(sr_t), out["87Sr/86Sr(t) 2SD"], np.nan)

    if have_nd:
        nd_t = rg.initial_ratio(nd, smnd, t, conv.lambda_sm)
        out["143Nd/144Nd(t)"] = nd_t
        out["eNd(0)"] = rg.epsilon_nd(nd, 0.0, conv)
        out["eNd(t)"] = rg.epsilon_nd(nd_t, t, conv)
        out["fSm/Nd"] = rg.f_sm_nd(smnd, conv)
        out["TDM1 (Ma)"] = rg.tdm1(nd, smnd, conv)
        out["TDM1 flag"] = rg.tdm1_flag(smnd, conv)
        out["TDM2 (Ma)"] = rg.tdm2(nd, smnd, t, conv, method=tdm2_method)
        if any(s is not None for s in (s_nd, s_smnd, sig_t)):
            s_ndt = initial_ratio_sigma(zero if s_nd is None else s_nd, smnd,
                                        zero if s_smnd is None else s_smnd, t,
                                        zero if sig_t is None else sig_t, conv.lambda_sm)
            out["143Nd/144Nd(t) 2SD"] = np.where(np.isfinite(nd_t), 2 * s_ndt, np.nan)
            if s_nd is not None:
                out["eNd(0) 2SD"] = 2 * s_nd / conv.chur_nd143_nd144 * rg.EPSILON_SCALE
            if s_smnd is not None:
                out["fSm/Nd 2SD"] = 2 * s_smnd / conv.chur_sm147_nd144

    # ---- Monte Carlo for the non-linear quantities
    mc_inputs = {"nd": (nd, s_nd), "smnd": (smnd, s_smnd), "sr": (sr, s_sr), "rbsr": (rbsr, s_rbsr),
                 "t": (t, sig_t)}
    if (have_nd or have_sr) and any(s is not None for _, s in mc_inputs.values()):
        def model(nd, smnd, sr, rbsr, t):
            res = {}
            if have_nd:
                res["eNd(t)"] = rg.epsilon_nd(rg.initial_ratio(nd, smnd, t, conv.lambda_sm), t, conv)
                res["TDM1 (Ma)"] = rg.tdm1(nd, smnd, conv)
                res["TDM2 (Ma)"] = rg.tdm2(nd, smnd, t, conv, method=tdm2_method)
            if have_sr:
                res["eSr(t)"] = rg.epsilon_sr(rg.initial_ratio(sr, rbsr, t, conv.lambda_rb), t, conv)
            return res

        spread = monte_carlo(model, {k: v[0] for k, v in mc_inputs.items()},
                             {k: v[1] for k, v in mc_inputs.items()}, n_draws=n_draws, seed=seed,
                             row_offset=row_offset)
        for key, val in spread.items():
            out[f"{key} 2SD"] = np.where(np.isfinite(out[key]), val, np.nan)
        record["uncertainty"] = {
            "linear (first order, GUM)": "87Rb/86Sr (calc), 147Sm/144Nd (calc), initial ratios, eNd(0), fSm/Nd",
            "Monte Carlo (GUM Suppl. 1)": "eNd(t), eSr(t), TDM1, TDM2",
            "seed": seed, "n_draws": n_draws,
            "inputs": "2SD/2SE halved, 1SD/1SE as is; missing uncertainties taken as zero",
        }

    # ---- stable isotopes
    if "7Li/6Li" in cols and "d7Li" not in cols:
        std = st.lsvec_li7_li6() if li_standard_ratio is None else float(li_standard_ratio)
        out["d7Li (calc)"] = st.d7li_from_ratio(col("7Li/6Li"), std)
        s = sig("7Li/6Li")
        if s is not None:
            out["d7Li (calc) 2SD"] = 2 * s / std * st.PERMIL
        record["d7Li"] = {"from": "7Li/6Li", "standard": "L-SVEC", "standard 7Li/6Li": std}
    elif "d6Li" in cols and "d7Li" not in cols:
        out["d7Li (calc)"] = st.d7li_from_d6li(col("d6Li"), warn=False)
        warnings_.append(InputWarning("d6Li (discontinued convention) converted to d7Li = "
                                      "-d6Li/(1 + d6Li/1000)", column="d6Li", code="d6Li"))
        s = sig("d6Li")
        if s is not None:  # |d d7Li / d d6Li| = 1/(1 + d6/1000)^2
            out["d7Li (calc) 2SD"] = 2 * s / (1 + col("d6Li") / st.PERMIL) ** 2
        record["d7Li"] = {"from": "d6Li", "relation": "d7Li = -d6Li/(1 + d6Li/1000)"}
    if "d138/134Ba" not in cols:
        if "138Ba/134Ba" in cols and ba_standard_ratio is not None:
            out["d138/134Ba (calc)"] = st.d138ba_from_ratio(col("138Ba/134Ba"), ba_standard_ratio)
            s = sig("138Ba/134Ba")
            if s is not None:
                out["d138/134Ba (calc) 2SD"] = 2 * s / float(ba_standard_ratio) * st.PERMIL
            record["d138/134Ba"] = {"from": "138Ba/134Ba", "standard": "NIST SRM 3104a",
                                   "standard 138Ba/134Ba": float(ba_standard_ratio)}
        elif "d137/134Ba" in cols:
            beta = st.ba_137_to_138_exponent()
            d137 = col("d137/134Ba")
            out["d138/134Ba (calc)"] = st.d138ba_from_d137ba(d137, exponent=beta)
            s = sig("d137/134Ba")
            if s is not None:
                out["d138/134Ba (calc) 2SD"] = 2 * s * beta * (1 + d137 / st.PERMIL) ** (beta - 1)
            record["d138/134Ba"] = {"from": "d137/134Ba", "law": "exponential", "exponent": beta}
        elif "138Ba/134Ba" in cols:
            warnings_.append(InputWarning(
                "138Ba/134Ba given without the SRM 3104a ratio of the session (ba_standard_ratio): "
                "d138/134Ba not computed", column="138Ba/134Ba", code="ba-standard"))

    frame = pd.DataFrame(out, index=idx)
    frame.attrs["conventions"] = {"isotopes": {**conv.as_dict(), **record}}
    frame.attrs["warnings"] = warnings_
    return frame
