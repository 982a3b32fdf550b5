"""Project configuration (``project.toml``), validated in one place with pydantic.

Every option of a report run lives here with its default, so that the
``project.toml`` written beside a report repeats the run exactly. Unknown keys
and bad values are :class:`~metasome.errors.MetasomeInputError` naming the key
and the allowed values.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import MetasomeInputError
from ..io.table import censoring_factor


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InputConfig(_Strict):
    path: str
    label: Optional[str] = None
    group: list[str] = Field(default_factory=list, description="Group column(s) for this input only.")
    sheet: Optional[Union[str, int]] = None
    negative_is_censored: bool = False
    columns: dict[str, dict[str, Optional[str]]] = Field(default_factory=dict)


class DepositsConfig(_Strict):
    """A second table of ore deposits or occurrences, drawn on the maps and in the age figures."""

    path: str
    sheet: Optional[Union[str, int]] = None
    columns: dict[str, Union[str, list[str]]] = Field(
        default_factory=dict, description="Role -> header overrides (name, deposit_type, commodity, latitude, "
        "longitude, age as one header or [min, max], age_unit).")


class ReferenceConfig(_Strict):
    spider: str = "PM_SunMcDonough1989"
    chalcophile: str = "PM_PalmeONeill2014"
    ree: str = "CI_SunMcDonough1989"
    curves: list[str] = Field(default_factory=lambda: ["OIB_SunMcDonough1989", "NMORB_SunMcDonough1989"])


class IsotopeConfig(_Strict):
    decay: Literal["SteigerJager1977", "Villa2015_2020"] = "SteigerJager1977"
    chur: Literal["JacobsenWasserburg1980", "JacobsenWasserburg1980_150Nd142Nd", "Bouvier2008"] = \
        "JacobsenWasserburg1980"
    ur: Literal["Faure1986", "GCDkit"] = "Faure1986"
    dm: Literal["LiewHofmann1988", "NCC_literature"] = "LiewHofmann1988"
    tdm2_method: Literal["exact", "linearised"] = "exact"


#: The scenarios of :func:`metasome.mixing.montecarlo.default_scenarios` (kept equal by a test).
Scenario = Literal["mantle + AOC", "mantle + continental crust", "mantle + sediment"]


class MonteCarloConfig(_Strict):
    """Qiu et al. (2025) Fig. 6 Monte Carlo of the report: draws per scenario, largest recycled fraction
    and the scenarios run (with ``--backend processes|dask`` the draws run on that backend)."""

    draws: int = Field(200_000, ge=1_000, le=1_000_000_000)
    recycled_cap: float = Field(0.30, gt=0.0, le=1.0)
    scenarios: list[Scenario] = Field(default_factory=lambda: list(Scenario.__args__), min_length=1)


class ModelConfig(_Strict):
    qiu2025_mixing: bool = True
    holwell2019_continuum: bool = True


class FigureConfig(_Strict):
    formats: list[Literal["png", "svg", "pdf"]] = Field(default_factory=lambda: ["png", "svg", "pdf"])


class ProjectConfig(_Strict):
    """Everything a report run needs besides the data files."""

    title: str = "metasome report"
    inputs: list[InputConfig] = Field(default_factory=list)
    deposits: Optional[DepositsConfig] = None
    group: list[str] = Field(default_factory=list, description="Column(s) whose values define groups.")
    age: Optional[float] = Field(None, description="One age in Ma for every sample (else the age column).")
    censoring: Optional[Union[str, float]] = Field(
        None, description="Below-detection policy: half, limit, zero or a factor of the limit in [0, 1].")
    seed: int = 20250101
    references: ReferenceConfig = Field(default_factory=ReferenceConfig)
    isotopes: IsotopeConfig = Field(default_factory=IsotopeConfig)
    montecarlo: MonteCarloConfig = Field(default_factory=MonteCarloConfig)
    models: ModelConfig = Field(default_factory=ModelConfig)
    figures: FigureConfig = Field(default_factory=FigureConfig)

    @field_validator("censoring")
    @classmethod
    def _known_policy(cls, policy):
        censoring_factor(policy)   # the one check of metasome.io.table.CanonicalTable.with_censoring
        return policy


def _explain(err: ValidationError, source: str) -> MetasomeInputError:
    first = err.errors()[0]
    key = ".".join(str(p) for p in first["loc"])
    message = f"key {key!r}: {first['msg']}"
    if len(err.errors()) > 1:
        message += f"; and {len(err.errors()) - 1} more problem(s)"
    return MetasomeInputError(message, file=source)


def parse_config(data: dict, source: str = "<config>") -> ProjectConfig:
    """Validate a configuration mapping; errors name the key and the allowed values."""
    try:
        return ProjectConfig.model_validate(data)
    except ValidationError as err:
        raise _explain(err, source) from None


def load_config(path: str | Path) -> ProjectConfig:
    """Read and validate ``project.toml``; relative input paths are taken from the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MetasomeInputError("configuration file not found", file=str(path)) from None
    except tomllib.TOMLDecodeError as err:
        raise MetasomeInputError(f"not valid TOML: {err}", file=str(path)) from None
    config = parse_config(data, str(path))
    inputs = [i.model_copy(update={"path": str((path.parent / i.path).resolve())})
              if not Path(i.path).is_absolute() else i for i in config.inputs]
    deposits = config.deposits
    if deposits is not None and not Path(deposits.path).is_absolute():
        deposits = deposits.model_copy(update={"path": str((path.parent / deposits.path).resolve())})
    return config.model_copy(update={"inputs": inputs, "deposits": deposits})


def dump_config(config: ProjectConfig, folder: str | Path | None = None) -> str:
    """The configuration as TOML text (every default spelled out).

    With ``folder`` (where the file is written), input and deposit paths are written relative to it,
    as :func:`load_config` reads them, whatever the working directory was.
    """
    import tomli_w

    if folder is not None:
        inputs = [i.model_copy(update={"path": _relative(i.path, folder)}) for i in config.inputs]
        deposits = config.deposits
        if deposits is not None:
            deposits = deposits.model_copy(update={"path": _relative(deposits.path, folder)})
        config = config.model_copy(update={"inputs": inputs, "deposits": deposits})
    return tomli_w.dumps(config.model_dump(mode="json", exclude_none=True))


def _relative(path: str, folder: str | Path) -> str:
    """``path`` (a file or glob pattern, relative to the working directory or absolute) seen from
    ``folder``; absolute when no relative path exists (another drive on Windows)."""
    import os

    target = Path(path).absolute()
    try:
        return Path(os.path.relpath(target, Path(folder).absolute())).as_posix()
    except ValueError:
        return str(target)
