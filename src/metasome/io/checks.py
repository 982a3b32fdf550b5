"""Suspicious-value checks run while reading; each finding is a recorded :class:`InputWarning`.

Checks (never a silent change of the data):

* an oxide above 100 wt% (``oxide_over_100``);
* a negative concentration not declared censored (``negative``);
* an anhydrous oxide total outside 97-101 wt%, computed only for rows holding
  SiO2, Al2O3, MgO, CaO, Na2O, K2O and an iron oxide (``total``). Volatiles
  (:data:`metasome.names.VOLATILES`) are left out; iron counts once, as FeOt,
  else Fe2O3t, else FeO + Fe2O3. The 97-101 window follows common practice
  for acceptable whole-rock analyses (e.g. Le Maitre et al., 2002, who
  require totals of 99-101 wt% including volatiles for TAS use);
* one element given in two units whose values disagree beyond rounding
  (``unit_disagreement``);
* zeros in GEOROC-style files, where 0 often stands for "not detected"
  (``zero_in_georoc``);
* GEOROC age ranges whose minimum and maximum differ (``age_range``).

Per-row findings are recorded individually for the first
:data:`MAX_PER_CHECK` rows of a column and then summarised in one warning, so
a million-row file cannot flood the report.

References
----------
Le Maitre, R. W. et al. (2002). Igneous Rocks: A Classification and Glossary
of Terms, 2nd ed. Cambridge University Press.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

MAX_PER_CHECK = 20
TOTAL_RANGE = (97.0, 101.0)
_MAJORS_REQUIRED = ("SiO2", "Al2O3", "MgO", "CaO", "Na2O", "K2O")

Emit = Callable[..., None]


def emit_rows(emit: Emit, code: str, column: str | None, mask: np.ndarray, labels: np.ndarray,
              message: Callable[[int], str], summary: str) -> None:
    """Record one warning per flagged row (first :data:`MAX_PER_CHECK`), then a summary."""
    rows = np.flatnonzero(mask)
    for i in rows[:MAX_PER_CHECK]:
        emit(message(int(i)), row=int(labels[i]), column=column, code=code)
    if len(rows) > MAX_PER_CHECK:
        emit(f"{summary}: {len(rows)} rows in all, {len(rows) - MAX_PER_CHECK} more not listed",
             row=int(labels[rows[MAX_PER_CHECK]]), column=column, code=code)


def oxides_over_100(values: pd.DataFrame, oxides: list[str], headers: dict[str, str], labels, emit) -> None:
    for name in oxides:
        v = values[name].to_numpy()
        mask = v > 100
        if mask.any():
            emit_rows(emit, "oxide_over_100", headers[name], mask, labels,
                      lambda i, v=v, name=name: f"{name} = {v[i]:g} wt% is above 100 wt%",
                      f"{name} above 100 wt%")


def negatives(v: np.ndarray, quantity: str, header: str, labels, emit) -> None:
    mask = v < 0
    if mask.any():
        emit_rows(emit, "negative", header, mask, labels,
                  lambda i: f"negative concentration {v[i]:g} for {quantity}; kept as given (if negatives mean "
                            f"'below detection', use --negative-censored, or negative_is_censored=True in Python)",
                  f"negative {quantity} concentrations")


def totals(values: pd.DataFrame, labels, emit) -> None:
    """Anhydrous total of the oxides; warn outside :data:`TOTAL_RANGE` when the main oxides are present."""
    from ..names import ANHYDROUS_OXIDES

    if not all(o in values for o in _MAJORS_REQUIRED):
        return
    col = lambda name: values[name].to_numpy() if name in values else None  # noqa: E731
    iron = _iron(col("FeOt"), col("Fe2O3t"), col("FeO"), col("Fe2O3"), len(values))
    complete = ~np.isnan(iron)
    total = np.nan_to_num(iron)
    for name in _MAJORS_REQUIRED:
        v = col(name)
        complete &= ~np.isnan(v)
        total += np.nan_to_num(v)
    for name in ANHYDROUS_OXIDES:
        if name not in _MAJORS_REQUIRED and name not in ("FeO", "Fe2O3") and name in values:
            total += np.nan_to_num(col(name))
    low, high = TOTAL_RANGE
    mask = complete & ((total < low) | (total > high))
    if mask.any():
        emit_rows(emit, "total", None, mask, labels,
                  lambda i: f"anhydrous oxide total {total[i]:.2f} wt% is outside {low:g}-{high:g} wt%",
                  f"anhydrous oxide totals outside {low:g}-{high:g} wt%")


def _iron(feot, fe2o3t, feo, fe2o3, n: int) -> np.ndarray:
    """Total iron counted once: FeOt, else Fe2O3t, else FeO + Fe2O3 (either may be absent)."""
    parts = [p for p in (feo, fe2o3) if p is not None]
    if parts:
        both_missing = np.logical_and.reduce([np.isnan(p) for p in parts])
        iron = np.where(both_missing, np.nan, sum(np.nan_to_num(p) for p in parts))
    else:
        iron = np.full(n, np.nan)
    for total in (fe2o3t, feot):
        if total is not None:
            iron = np.where(np.isnan(total), iron, total)
    return iron


def decimals(cells) -> np.ndarray:
    """Number of digits after the decimal point of each text cell (0 when none)."""
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(cells)
    point = pc.find_substring(text, ".").to_numpy(zero_copy_only=False)
    length = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    return np.where(point >= 0, length - point - 1, 0)


def unit_disagreement(quantity: str, a: dict, b: dict, labels, emit) -> None:
    """Compare two columns of one quantity in different units, within their printed rounding.

    ``a`` and ``b`` hold ``values`` (canonical unit), ``step`` (half a unit of
    the last printed digit, canonical unit) and ``header``.
    """
    both = ~np.isnan(a["values"]) & ~np.isnan(b["values"])
    if not both.any():
        return
    diff = np.abs(a["values"] - b["values"])
    tolerance = a["step"] + b["step"] + 1e-9 * np.maximum(np.abs(a["values"]), np.abs(b["values"]))
    mask = both & (diff > tolerance)
    if mask.any():
        emit_rows(emit, "unit_disagreement", b["header"], mask, labels,
                  lambda i: f"{quantity} is {a['values'][i]:g} from {a['header']!r} but {b['values'][i]:g} "
                            f"from {b['header']!r} (canonical unit); they disagree beyond rounding",
                  f"{quantity} in two units disagreeing")


def zeros(v: np.ndarray, quantity: str, header: str, labels, emit) -> None:
    mask = v == 0
    if mask.any():
        emit_rows(emit, "zero_in_georoc", header, mask, labels,
                  lambda i: f"{quantity} = 0: in GEOROC compilations 0 often means 'not detected'; "
                            "kept as 0",
                  f"zeros in {quantity}")


def age_range(low: np.ndarray, high: np.ndarray, header: str, labels, emit) -> None:
    mask = ~np.isnan(low) & ~np.isnan(high) & (low != high)
    if mask.any():
        emit_rows(emit, "age_range", header, mask, labels,
                  lambda i: f"age range {low[i]:g}-{high[i]:g} Ma: the age used is the mean "
                            f"{(low[i] + high[i]) / 2:g} Ma",
                  "age ranges averaged")
