"""Read a table of ore deposits or occurrences (CSV/XLSX): name, position, type, age.

Built on :func:`metasome.io.read_table`, so the same no-data-lost rules hold:
every input column survives verbatim in ``original`` (headers and cells as read,
duplicates kept), rows keep their order and count, every problem is a recorded
warning naming file, row and column, and only an unreadable file raises.

On top of the reader, the deposit roles are recognised from the headers
(overridable with ``columns=``):

========== ================================================================
role       headers (case-insensitive)
========== ================================================================
name       name, deposit, deposit name, occurrence, prospect, mine, site...
deposit_type  type, deposit type, deposit model, model, class, dep_type...
commodity  commodity, commodities, commod, ore, metals
latitude   Latitude, lat, Latitude (Min)/(Max), Latitude (Y), ...
longitude  Longitude, long, lon, lng, Longitude (X), ...
age        Age, Age (Ma), age_ga, Age (a, Min)/(Max), rad_age, ...
========== ================================================================

Coordinates and ages are parsed by :mod:`metasome.io.geo` (hemisphere letters,
degree-minute-second strings, age units in the header or in the cells, GEOROC
min/max pairs averaged with a warning). The age column is read by
:func:`metasome.io.geo.parse_age` rather than by the reader's number parser,
because deposit compilations often give units in the cells (``"1.3 Ga"``): the
reader's warnings about that column are replaced by the age parser's.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from ..errors import MetasomeInputError
from .geo import parse_geo_columns
from .table import CanonicalTable

_ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "deposit", "deposit name", "deposit_name", "dep_name", "depname", "occurrence",
             "occurrence name", "prospect", "prospect name", "mine", "mine name", "site", "site name",
             "site_name", "locality", "complex", "feature name"),
    "deposit_type": ("type", "deposit type", "deposit_type", "dep_type", "deptype", "deposit model",
                     "deposit_model", "model", "model name", "class", "deposit class", "deposit_class",
                     "classification", "genetic type", "occurrence type", "type of deposit"),
    "commodity": ("commodity", "commodities", "commod", "commod1", "ore", "metals", "main commodity",
                  "commodity_main"),
}
_LOOKUP = {h: role for role, hs in _ROLE_HEADERS.items() for h in hs}
ROLES: tuple[str, ...] = ("name", "deposit_type", "commodity", "latitude", "longitude", "age")


def _norm(header: str) -> str:
    return re.sub(r"\s+", " ", str(header).strip().lower())


def read_deposits(path, sheet=None, columns: dict | None = None) -> CanonicalTable:
    """Read a deposits/occurrences table.

    Parameters
    ----------
    path : str or path-like
        CSV/TSV/TXT, XLSX/XLS/ODS or Parquet (anything :func:`metasome.io.read_table` reads).
    sheet : str or int, optional
        Spreadsheet sheet.
    columns : dict, optional
        Role overrides: ``{"name": header, "deposit_type": header, "commodity": header,
        "latitude": header, "longitude": header, "age": header or (min_header, max_header),
        "age_unit": "Ga"}``.

    Returns
    -------
    CanonicalTable
        ``original``: every input cell verbatim. ``values``: float columns
        ``latitude``, ``longitude`` (decimal degrees) and ``age`` (Ma), NaN where
        missing or unreadable. ``text``: ``name``, ``deposit_type``, ``commodity``
        (verbatim, empty where no column) and the reader's other text roles.
        ``mapping``: one entry per input column, the deposit roles marked used.
        ``provenance["deposits"]``: the header(s) each role was read from.

    Raises
    ------
    MetasomeInputError
        When the file cannot be read as a table, a header given in ``columns`` is
        absent, or no latitude and longitude columns are found.
    """
    from .reader import read_table

    file = str(path)
    table = read_table(path, sheet)
    original = table.original
    headers = [str(h) for h in original.columns]
    columns = dict(columns or {})
    for role, spec in columns.items():
        if role not in ROLES + ("age_unit",):
            raise MetasomeInputError(f"unknown deposit role {role!r}; roles are {', '.join(ROLES)}, age_unit",
                                     file=file)
        if role == "age_unit":
            continue
        for h in spec if isinstance(spec, (tuple, list)) else (spec,):
            if h not in headers:
                raise MetasomeInputError(f"column {h!r} given for {role} is not in the table", file=file)

    text_roles = {r: columns[r] for r in ("name", "deposit_type", "commodity") if r in columns}
    for h in headers:
        role = _LOOKUP.get(_norm(h))
        if role is not None and role not in text_roles:
            text_roles[role] = h

    geo_over = {k: v for k, v in columns.items() if k in ("latitude", "longitude", "age", "age_unit")}
    try:
        geo, geo_warnings, used = parse_geo_columns(original, file=file, rows=table.row_labels.to_numpy(),
                                                    columns=geo_over)
    except ValueError as exc:
        raise MetasomeInputError(str(exc), file=file) from exc
    missing = [r for r in ("latitude", "longitude") if r not in used]
    if missing:
        raise MetasomeInputError(
            f"no {' or '.join(missing)} column found in {headers}; name it with "
            "columns={'latitude': ..., 'longitude': ...}", file=file)

    age_headers = set(used.get("age", {}).get("headers", ()))
    warnings = [w for w in table.warnings if w.column not in age_headers] + geo_warnings

    text = table.text.drop(columns=[c for c in table.text.columns if c in ("latitude", "longitude")])
    for role in ("name", "deposit_type", "commodity"):
        if role in text_roles:
            text[role] = original.iloc[:, headers.index(text_roles[role])].to_numpy(dtype=object)
        else:
            text[role] = pd.Series([""] * len(original), index=original.index, dtype=object)
    text = text[["name", "deposit_type", "commodity"] + [c for c in text.columns
                                                          if c not in ("name", "deposit_type", "commodity")]]

    roles_at: dict[int, str] = {headers.index(h): r for r, h in text_roles.items()}
    for role, info in used.items():
        for h in info["headers"]:
            roles_at[headers.index(h)] = role
    mapping = []
    for info in table.mapping:
        role = roles_at.get(info.position)
        if role is None:
            mapping.append(info)
            continue
        cells = geo[role] if role in geo.columns else None
        kind = "age" if role == "age" else "text"
        n_values = int(cells.notna().sum()) if cells is not None else info.n_values
        note = "; ".join(filter(None, [info.note, f"deposit role {role}" + (
            f", parsed by metasome.io.geo (unit {used[role]['unit'] or 'Ma'})" if role == "age" else
            ", parsed by metasome.io.geo" if role in ("latitude", "longitude") else "")]))
        mapping.append(dataclasses.replace(
            info, quantity=role, kind=kind, used=True, unit="Ma" if role == "age" else info.unit,
            n_values=n_values, n_missing=len(original) - n_values if cells is not None else info.n_missing,
            n_censored=0, note=note))

    values = geo.astype(np.float64)
    provenance = dict(table.provenance)
    provenance["deposits"] = {
        **{r: (h,) for r, h in text_roles.items()},
        **{r: info["headers"] for r, info in used.items()},
        "age_unit": used.get("age", {}).get("unit"),
        "parser": "metasome.io.deposits.read_deposits on metasome.io.read_table",
    }
    return CanonicalTable(
        source=table.source, original=original, values=values,
        censored=pd.DataFrame(False, index=values.index, columns=values.columns),
        limits=pd.DataFrame(np.nan, index=values.index, columns=values.columns),
        text=text, mapping=mapping, warnings=warnings, row_labels=table.row_labels, provenance=provenance,
    )


def deposit_points(table: CanonicalTable) -> pd.DataFrame:
    """The columns a map or age plot needs: ``name, deposit_type, latitude, longitude, age``,
    and ``age_top_ma``/``age_base_ma`` for ages given as a time-scale unit name.

    Empty type cells become ``"(type not given)"``; rows are kept (positions may be NaN).
    """
    kind = table.text["deposit_type"].astype(object).where(table.text["deposit_type"].astype(str).str.strip() != "",
                                                           "(type not given)")
    return pd.DataFrame({
        "name": table.text["name"].astype(object),
        "deposit_type": kind,
        "latitude": table.values["latitude"],
        "longitude": table.values["longitude"],
        "age": table.values["age"],
        "age_top_ma": table.values["age_top_ma"],
        "age_base_ma": table.values["age_base_ma"],
    }, index=table.values.index)
