"""Isotope constants and named convention presets, loaded from ``reference/data/isotopes.toml``.

Every constant a calculation uses comes from one frozen :class:`Convention`,
built from named presets (decay constants, CHUR, UR, depleted mantle) and
optional keyword overrides. ``Convention.as_dict()`` is what every output
records in ``DataFrame.attrs["conventions"]``.

Decay constants are held per **year**. Tools such as IsoplotR store them per
Myr; :func:`decay_constant_per_year` converts explicitly, and
:func:`check_decay_constant` refuses values whose magnitude shows a unit slip.

References
----------
Steiger, R.H. & Jaeger, E. (1977) Earth Planet. Sci. Lett. 36, 359-362.
Lugmair, G.W. & Marti, K. (1978) Earth Planet. Sci. Lett. 39, 349-357.
Villa, I.M. et al. (2015) Geochim. Cosmochim. Acta 164, 382-385.
Villa, I.M. et al. (2020) Geochim. Cosmochim. Acta 285, 70-77.
Jacobsen, S.B. & Wasserburg, G.J. (1980) Earth Planet. Sci. Lett. 50, 139-155.
Bouvier, A., Vervoort, J.D. & Patchett, P.J. (2008) Earth Planet. Sci. Lett. 273, 48-57.
Liew, T.C. & Hofmann, A.W. (1988) Contrib. Mineral. Petrol. 98, 129-138.
Jahn, B.-M. & Condie, K.C. (1995) Geochim. Cosmochim. Acta 59, 2239-2258.
Meija, J. et al. (2016) Isotopic compositions of the elements 2013. Pure Appl. Chem. 88, 293-306.
"""

from __future__ import annotations

import copy
import math
import tomllib
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from metasome.errors import MetasomeInputError

#: Default preset names.
DEFAULT_DECAY = "SteigerJager1977"
DEFAULT_CHUR = "JacobsenWasserburg1980"
DEFAULT_DM = "LiewHofmann1988"
DEFAULT_UR = "Faure1986"

_PER_YEAR = {"1/a": 1.0, "1/yr": 1.0, "1/year": 1.0, "1/Ma": 1e-6, "1/Myr": 1e-6, "1/Ga": 1e-9,
             "1/Gyr": 1e-9}


@lru_cache(maxsize=1)
def _raw() -> dict:
    from metasome.reference._files import data_file

    with open(data_file("isotopes.toml"), "rb") as fh:
        return tomllib.load(fh)


def table() -> dict:
    """A deep copy of the whole constants file (callers may modify it freely)."""
    return copy.deepcopy(_raw())


def entry(*path: str) -> MappingProxyType:
    """One entry of the constants file as a read-only mapping, e.g. ``entry("presets", "chur", "Bouvier2008")``."""
    node = _raw()
    for key in path:
        try:
            node = node[key]
        except KeyError:
            raise MetasomeInputError(
                f"unknown isotope constant {'.'.join(path)!r}; known at this level: {sorted(node)}"
            ) from None
    return MappingProxyType(copy.deepcopy(node))


def preset_names(kind: str) -> tuple[str, ...]:
    """Names of the presets of one kind (``decay``, ``chur``, ``ur``, ``dm``)."""
    return tuple(_raw()["presets"][kind])


def decay_constant_per_year(value: float, unit: str) -> float:
    """Convert a decay constant to per year.

    Parameters
    ----------
    value : float
    unit : {"1/a", "1/yr", "1/Ma", "1/Myr", "1/Ga", "1/Gyr"}

    Examples
    --------
    IsoplotR stores lambda(87Rb) = 1.3972e-5 per Myr:

    >>> decay_constant_per_year(1.3972e-5, "1/Myr")  # doctest: +ELLIPSIS
    1.3972e-11
    """
    try:
        return float(value) * _PER_YEAR[unit]
    except KeyError:
        raise MetasomeInputError(f"unknown decay-constant unit {unit!r}; use one of {sorted(_PER_YEAR)}") from None


def check_decay_constant(value: float, name: str = "decay constant") -> float:
    """Return ``value`` if it is plausible for 87Rb or 147Sm **per year**, else raise.

    Long-lived geochronometers have lambda between 1e-13 and 1e-9 per year; a
    value per Myr (1e-5) or per Ga (1e-2) is a unit slip (science.md Part 4,
    pitfall 10), reported as :class:`~metasome.errors.MetasomeInputError`.
    """
    v = float(value)
    if not (1e-13 <= v <= 1e-9):
        raise MetasomeInputError(
            f"{name} = {v:g} is not a per-year decay constant of 87Rb/147Sm (expected ~1e-11); "
            "convert values per Myr or Ga with decay_constant_per_year()"
        )
    return v


@dataclass(frozen=True)
class Convention:
    """Every constant used by the radiogenic-isotope calculations.

    Build with :meth:`from_presets`; all fields can be overridden by keyword.
    Ratios are atom ratios, decay constants per year.
    """

    lambda_rb: float
    lambda_sm: float
    chur_nd143_nd144: float
    chur_sm147_nd144: float
    ur_sr87_sr86: float
    ur_rb87_sr86: float
    dm_nd143_nd144: float
    dm_sm147_nd144: float
    crust_sm147_nd144: float
    tdm1_f_threshold: float = -0.2
    decay_preset: str = DEFAULT_DECAY
    chur_preset: str = DEFAULT_CHUR
    ur_preset: str = DEFAULT_UR
    dm_preset: str = DEFAULT_DM
    overridden: tuple[str, ...] = ()
    citations: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def from_presets(cls, *, decay: str = DEFAULT_DECAY, chur: str = DEFAULT_CHUR,
                     ur: str = DEFAULT_UR, dm: str = DEFAULT_DM, **overrides) -> "Convention":
        """Assemble a convention from named presets, then apply keyword overrides.

        Parameters
        ----------
        decay : {"SteigerJager1977", "Villa2015_2020"}
        chur : {"JacobsenWasserburg1980", "Bouvier2008", "JacobsenWasserburg1980_150Nd142Nd"}
        ur : {"Faure1986", "GCDkit"}
        dm : {"LiewHofmann1988", "NCC_literature"}
        **overrides
            Any field of :class:`Convention` (e.g. ``lambda_sm=6.524e-12``,
            ``crust_sm147_nd144=0.118``). Decay constants must be per year.
        """
        d = entry("presets", "decay", decay)
        rb = entry("decay", "Rb87", d["Rb87"])
        sm = entry("decay", "Sm147", d["Sm147"])
        c = entry("presets", "chur", chur)
        u = entry("presets", "ur", ur)
        m = entry("presets", "dm", dm)
        base = cls(
            lambda_rb=decay_constant_per_year(rb["value"], rb["unit"]),
            lambda_sm=decay_constant_per_year(sm["value"], sm["unit"]),
            chur_nd143_nd144=c["nd143_nd144"], chur_sm147_nd144=c["sm147_nd144"],
            ur_sr87_sr86=u["sr87_sr86"], ur_rb87_sr86=u["rb87_sr86"],
            dm_nd143_nd144=m["nd143_nd144"], dm_sm147_nd144=m["sm147_nd144"],
            crust_sm147_nd144=m["crust_sm147_nd144"],
            decay_preset=decay, chur_preset=chur, ur_preset=ur, dm_preset=dm,
            citations=(rb["citation"], sm["citation"], c["citation"], u["citation"], m["citation"]),
        )
        return base.with_overrides(**overrides)

    def with_overrides(self, **overrides) -> "Convention":
        """A copy with some constants replaced (recorded in ``overridden``)."""
        allowed = {f for f in self.__dataclass_fields__} - {
            "decay_preset", "chur_preset", "ur_preset", "dm_preset", "overridden", "citations"}
        unknown = set(overrides) - allowed
        if unknown:
            raise MetasomeInputError(
                f"unknown isotope constant(s) {sorted(unknown)}; overridable: {sorted(allowed)}")
        clean = {k: float(v) for k, v in overrides.items() if v is not None}
        new = replace(self, **clean, overridden=tuple(sorted(set(self.overridden) | set(clean))))
        check_decay_constant(new.lambda_rb, "lambda_rb")
        check_decay_constant(new.lambda_sm, "lambda_sm")
        for k in ("chur_nd143_nd144", "chur_sm147_nd144", "ur_sr87_sr86", "ur_rb87_sr86",
                  "dm_nd143_nd144", "dm_sm147_nd144", "crust_sm147_nd144"):
            if not (getattr(new, k) > 0 and math.isfinite(getattr(new, k))):
                raise MetasomeInputError(f"isotope constant {k} must be a positive number")
        return new

    def as_dict(self) -> dict:
        """Plain dict of every constant and preset name (for ``attrs['conventions']``)."""
        d = asdict(self)
        d["overridden"] = list(self.overridden)
        d["citations"] = list(self.citations)
        d["units"] = {"lambda_rb": "1/a", "lambda_sm": "1/a", "ratios": "atom ratio"}
        return d


def default_convention() -> Convention:
    """The default convention (Steiger & Jaeger 1977 / Lugmair & Marti 1978, CHUR JW80, UR Faure 1986, DM Liew & Hofmann 1988)."""
    return Convention.from_presets()


def abundances(element: str) -> dict[int, float]:
    """IUPAC/CIAAW representative atom fractions of ``element`` (Rb, Sr, Sm, Nd), mass number -> fraction."""
    e = entry("abundance", element)
    return {int(k): float(v) for k, v in e.items() if k.isdigit()}


def isotope_mass(element: str, mass_number: int) -> float:
    """Atomic mass (u) of one nuclide, from the ``periodictable`` package (AME values)."""
    import periodictable

    return float(getattr(periodictable, element)[mass_number].mass)


def reference_fields() -> dict:
    """Reference fields for the isotope figures (values, citations), as a fresh dict."""
    return copy.deepcopy(_raw()["fields"])
