"""Parse coordinates and ages from verbatim text cells, never raising on a bad cell.

Every function takes a pandas Series of cells (as read, text or numbers) and returns
a :class:`Parsed` pair ``(values, warnings)``: ``values`` is a float64 Series with
the same index, NaN where a cell is empty or could not be read; ``warnings`` holds
one :class:`~metasome.errors.InputWarning` per unreadable or altered cell, naming
its row and column. The input is never modified (the verbatim cells stay in the
table's ``original`` frame).

Coordinates (decimal degrees, WGS84 assumed; positive north and east) are read from

- decimal degrees: ``-12.5``, ``+12.5``, ``12,5`` (decimal comma);
- hemisphere letters before or after: ``34.5 S``, ``34.5S``, ``S 34.5``, ``w122.3``;
- degrees-minutes(-seconds) with any of ``° º ˚ d deg : ' ′ ’ m " ″ ”`` or spaces:
  ``12°30'S``, ``12 30 15 W``, ``12:30:15``, ``-12 30.5``, ``12d30m15"E``;
- GEOROC cells with a reference id appended (``"34.79 [8659]"``).

Ages are read as a number with an optional unit (``a, yr, ka, kyr, Ma, Myr, m.y.,
Ga, Gyr, b.y.``, optionally followed by ``BP``), an optional ``~``/``ca.``, an
optional ``± error`` (ignored: the central value is used) or a range ``35-39`` /
``35 to 39`` (its midpoint is used, with a warning), and converted to Ma. A cell's
own unit overrides the column's unit. GEOROC columns ``Age (a, Min)`` and
``Age (a, Max)`` are in years.

GEOROC gives coordinates and ages as min/max pairs: :func:`combine_min_max` takes
their mean (the circular mean for longitudes), with a warning on every row where
the two differ.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputWarning

#: Cells read as "no value" (case-insensitive, after trimming), without a warning.
MISSING_TOKENS: frozenset[str] = frozenset({
    "", "na", "n/a", "n.a.", "nan", "nd", "n.d.", "none", "null", "-", "--", "---", "—", "–", "?",
})

#: Age units and their factor to Ma. Keys are lower case with dots removed.
AGE_UNITS: dict[str, float] = {
    "a": 1e-6, "y": 1e-6, "yr": 1e-6, "yrs": 1e-6, "year": 1e-6, "years": 1e-6,
    "ka": 1e-3, "ky": 1e-3, "kyr": 1e-3, "kyrs": 1e-3, "kya": 1e-3,
    "ma": 1.0, "my": 1.0, "myr": 1.0, "myrs": 1.0, "mya": 1.0,
    "ga": 1e3, "gy": 1e3, "gyr": 1e3, "gyrs": 1e3, "by": 1e3, "byr": 1e3, "gya": 1e3,
}

#: Age of the Earth used as the plausibility limit (Ma): the base of the Hadean on the
#: ICS chart v2023/09 (Cohen et al. 2013, updated).
EARTH_AGE_MA = 4567.0


class Parsed(NamedTuple):
    """Result of a parser: float values (same index as the input) and the warnings raised."""

    values: pd.Series
    warnings: list


# ---------------------------------------------------------------------------- helpers

_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)"
_COORD = re.compile(
    rf"""^(?P<h1>[NSEW])?\s*(?P<sign>[-+])?\s*(?P<deg>{_NUM})
    (?:
        (?:\s*(?:°|DEG|D)\s*|\s*:\s*|\s+)(?P<min>{_NUM})
        (?:
            (?:\s*(?:'|MIN|M)\s*|\s*:\s*|\s+)(?P<sec>{_NUM})(?:\s*(?:"|SEC))?
          | \s*(?:'|MIN|M)
        )?
      | \s*(?:°|DEG|D)
    )?
    \s*(?P<h2>[NSEW])?$""",
    re.X,
)
_AGE = re.compile(
    rf"""^(?P<approx>~|≈|CA\.?|C\.|ABOUT)?\s*(?P<bound>[<>≤≥])?\s*
    (?P<v1>[-+]?{_NUM}(?:E[-+]?\d+)?)
    (?:\s*(?:-|TO)\s*(?P<v2>{_NUM}(?:E[-+]?\d+)?))?
    \s*(?P<u1>[A-Z.]+)?
    (?:\s*(?:±|\+/-|\+-)\s*(?P<err>{_NUM}))?
    \s*(?P<u2>[A-Z.]+)?
    (?:\s*BP)?$""",
    re.X,
)
_GEOROC_REF = r"\s*\[[^\]]*\]"


def _text(series: pd.Series, thousands: bool = False) -> pd.Series:
    """Cells as stripped, normalised, upper-case text ('' for missing); input untouched.

    With ``thousands=True`` commas followed by three digits are thousands separators
    (``27,000,000``); otherwise a single comma between digits is a decimal comma.
    """
    s = pd.Series(series, copy=False)
    s = s.astype(object).where(s.notna(), "").map(str)
    s = s.str.replace(_GEOROC_REF, "", regex=True).str.strip()
    s = (s.str.replace("\u2212", "-", regex=False)        # minus sign
          .str.replace("\u2013", "-", regex=False)        # en dash (ranges)
          .str.replace("''", '"', regex=False)
          .str.replace("[\u2032\u2019\u2018`´]", "'", regex=True)
          .str.replace("[\u2033\u201d\u201c]", '"', regex=True)
          .str.replace("[º˚]", "°", regex=True)
          .str.replace("\u00a0", " ", regex=False)
          .str.replace("+/-", "±", regex=False))
    if thousands:
        s = s.str.replace(r"(?<=\d),(?=\d{3}(?:\D|$))", "", regex=True)
    # decimal comma: '12,5' (no dot in the cell)
    s = s.str.replace(r"^([-+]?\d+),(\d+)(?=\D*$)", r"\1.\2", regex=True)
    return s.str.upper()


def _rows(index: pd.Index, rows) -> np.ndarray:
    """Row labels for messages: given ``rows`` (same length), else 1-based data rows."""
    if rows is None:
        return np.arange(1, len(index) + 1)
    r = np.asarray(rows)
    if len(r) != len(index):
        raise ValueError(f"rows has {len(r)} labels for {len(index)} cells")
    return r


def _warnings(mask: np.ndarray, describe, rows: np.ndarray, column, file, code: str) -> list:
    """One InputWarning per True cell of ``mask``; ``describe(i)`` words the message of cell ``i``.

    Messages are built only for the flagged cells (the parsing itself is vectorised).
    """
    out = []
    for i in np.flatnonzero(mask):
        r = rows[i]
        out.append(InputWarning(describe(i), file=file, row=None if r is None else int(r),
                                column=column, code=code))
    return out


def _verbatim(series: pd.Series) -> np.ndarray:
    return series.astype(object).where(series.notna(), "").to_numpy(object)


def _missing(text: pd.Series) -> np.ndarray:
    return text.str.lower().isin(MISSING_TOKENS).to_numpy()


# ---------------------------------------------------------------------------- coordinates

def parse_coordinate(series: pd.Series, kind: str, *, column: str | None = None, file: str | None = None,
                     rows=None) -> Parsed:
    """Read latitudes or longitudes (decimal degrees) from text cells.

    Parameters
    ----------
    series : pandas.Series
        Cells as read (text, numbers or NaN).
    kind : {"latitude", "longitude"}
    column, file : str, optional
        Named in every warning (default column: the Series name).
    rows : array_like, optional
        Row label of each cell for messages (e.g. ``CanonicalTable.row_labels``);
        default 1-based data row numbers.

    Returns
    -------
    Parsed
        ``values``: float64 Series, same index, NaN where empty or unreadable;
        ``warnings``: one InputWarning per unreadable cell (code ``"bad_coordinate"``)
        and per longitude read in the 0-360 convention (``"longitude_0_360"``).

    Notes
    -----
    Rejected (NaN + warning): text that is not a coordinate, two hemisphere letters,
    a minus sign together with a hemisphere letter, a letter of the wrong axis
    (``E`` in a latitude), minutes or seconds of 60 or more, fractional degrees
    followed by minutes, latitudes beyond +/-90, longitudes beyond +/-180 (except
    180-360, read as east longitudes of the 0-360 convention and wrapped, with a warning).
    """
    if kind not in ("latitude", "longitude"):
        raise ValueError(f"kind must be 'latitude' or 'longitude', not {kind!r}")
    column = column if column is not None else (None if series.name is None else str(series.name))
    rows = _rows(series.index, rows)
    text = _text(series)
    missing = _missing(text)
    parts = text.str.extract(_COORD)
    matched = parts["deg"].notna().to_numpy() & ~missing

    deg = pd.to_numeric(parts["deg"], errors="coerce").to_numpy(float)
    mnt = pd.to_numeric(parts["min"], errors="coerce").to_numpy(float)
    sec = pd.to_numeric(parts["sec"], errors="coerce").to_numpy(float)
    h1 = parts["h1"].fillna("").to_numpy(str)
    h2 = parts["h2"].fillna("").to_numpy(str)
    sign = parts["sign"].fillna("").to_numpy(str)
    hemi = np.char.add(h1, h2)

    value = deg + np.nan_to_num(mnt) / 60.0 + np.nan_to_num(sec) / 3600.0
    south_west = np.isin(hemi, ["S", "W"])
    value = np.where((sign == "-") | south_west, -value, value)

    allowed = ["N", "S"] if kind == "latitude" else ["E", "W"]
    msg = np.full(len(text), "", dtype=object)
    cells = _verbatim(series)

    def flag(cond, why):
        nonlocal msg
        msg = np.where(cond & (msg == ""), why, msg)

    flag(~missing & ~matched, "is not a coordinate")
    flag(matched & (np.char.str_len(hemi) > 1), "has two hemisphere letters")
    flag(matched & (hemi != "") & ~np.isin(hemi, allowed), f"has a hemisphere letter that is not {'/'.join(allowed)}")
    flag(matched & (hemi != "") & (sign != ""), "has both a sign and a hemisphere letter")
    frac_deg = parts["deg"].fillna("").str.contains(".", regex=False).to_numpy()
    frac_min = parts["min"].fillna("").str.contains(".", regex=False).to_numpy()
    flag(matched & frac_deg & np.isfinite(mnt), "has fractional degrees followed by minutes")
    flag(matched & frac_min & np.isfinite(sec), "has fractional minutes followed by seconds")
    flag(matched & ((mnt >= 60) | (sec >= 60)), "has minutes or seconds of 60 or more")

    limit = 90.0 if kind == "latitude" else 180.0
    wrap = np.zeros(len(text), dtype=bool)
    if kind == "longitude":
        wrap = matched & (msg == "") & (hemi == "") & (value > 180.0) & (value <= 360.0)
        value = np.where(wrap, value - 360.0, value)
    flag(matched & (np.abs(value) > limit), f"is outside -{limit:g}..{limit:g} degrees")

    bad = msg != ""
    out = np.where(bad | missing | ~matched, np.nan, value)
    warnings = _warnings(bad, lambda i: f"{kind} {str(cells[i])!r} {msg[i]}; left empty", rows, column, file,
                         "bad_coordinate")
    warnings += _warnings(wrap, lambda i: f"longitude {str(cells[i])!r} read in the 0-360 convention as "
                          f"{out[i]:g} degrees", rows, column, file, "longitude_0_360")
    return Parsed(pd.Series(out, index=series.index, name=kind, dtype=np.float64), warnings)


def parse_latitude(series: pd.Series, **kw) -> Parsed:
    """:func:`parse_coordinate` with ``kind="latitude"``."""
    return parse_coordinate(series, "latitude", **kw)


def parse_longitude(series: pd.Series, **kw) -> Parsed:
    """:func:`parse_coordinate` with ``kind="longitude"``."""
    return parse_coordinate(series, "longitude", **kw)


# ---------------------------------------------------------------------------- ages

def age_unit_factor(unit: str) -> float:
    """Factor from an age unit (``a``, ``ka``, ``Ma``, ``Ga`` and variants) to Ma."""
    key = str(unit).strip().lower().replace(".", "").removesuffix("bp").strip()
    if key not in AGE_UNITS:
        raise ValueError(f"unknown age unit {unit!r}; known: a, yr, ka, kyr, Ma, Myr, Ga, Gyr")
    return AGE_UNITS[key]


def age_unit_from_header(header: str) -> str | None:
    """Age unit named in a header (``"Age (a, Min)"`` -> ``"a"``, ``"age_ka"`` -> ``"ka"``), else None."""
    tokens = re.split(r"[\s,;()\[\]_/]+", str(header).strip())
    for tok in tokens:
        if tok.lower().replace(".", "") in AGE_UNITS:
            return tok
    return None


def parse_age(series: pd.Series, unit: str | None = None, *, column: str | None = None, file: str | None = None,
              rows=None) -> Parsed:
    """Read ages and convert them to Ma.

    Parameters
    ----------
    series : pandas.Series
        Cells as read.
    unit : str, optional
        The column's unit (see :func:`age_unit_from_header`), used for cells that
        carry none. None: no column unit, such cells are in Ma.
    column, file, rows
        As in :func:`parse_coordinate`.

    Returns
    -------
    Parsed
        ``values`` in Ma. Warnings (codes): ``"bad_age"`` for text that is not an age,
        an unknown unit, a bound (``<5``), a negative age or one older than the Earth
        (4567 Ma, after unit conversion: usually a wrong unit); ``"age_range"`` where a
        range was replaced by its midpoint; ``"age_unit"`` where a cell's unit differs
        from the column's.
    """
    column = column if column is not None else (None if series.name is None else str(series.name))
    col_factor = age_unit_factor(unit or "Ma")
    rows = _rows(series.index, rows)
    text = _text(series, thousands=True)
    text, multi_warnings = _multiple_ages(series, text, unit, column, file, rows)
    missing = _missing(text)
    parts = text.str.extract(_AGE)
    matched = parts["v1"].notna().to_numpy() & ~missing
    v1 = pd.to_numeric(parts["v1"], errors="coerce").to_numpy(float)
    v2 = pd.to_numeric(parts["v2"], errors="coerce").to_numpy(float)
    u1 = parts["u1"].fillna("").replace("BP", "")
    u2 = parts["u2"].fillna("").replace("BP", "")
    cell_unit = u1.where(u1 != "", u2).str.lower().str.replace(".", "", regex=False)
    two_units = ((u1 != "") & (u2 != "")).to_numpy()
    known = cell_unit.isin(list(AGE_UNITS)).to_numpy()
    has_unit = (cell_unit != "").to_numpy()
    factor = np.where(has_unit & known, cell_unit.map(AGE_UNITS).fillna(1.0).to_numpy(float), col_factor)
    is_range = np.isfinite(v2)
    central = np.where(is_range, (v1 + v2) / 2.0, v1)
    value = central * factor

    cells = _verbatim(series)
    msg = np.full(len(text), "", dtype=object)

    def flag(cond, why):
        nonlocal msg
        msg = np.where(cond & (msg == ""), why, msg)

    spans = _unit_spans(text, ~missing & ~matched)
    named = spans["unit"].notna().to_numpy()
    flag(~missing & ~matched & ~named, "is not an age")
    flag(matched & two_units, "has two units")
    flag(matched & has_unit & ~known, "has an unknown unit")
    flag(matched & parts["bound"].notna().to_numpy(), "is a bound, not a value")
    flag(matched & is_range & (v2 < v1) & (v1 >= 0), "is a range with its ends reversed")
    flag(matched & (value < 0), "is negative")
    flag(matched & (value > EARTH_AGE_MA), f"is older than the Earth ({EARTH_AGE_MA:g} Ma) once converted to Ma; check its unit")
    bad = msg != ""
    out = np.where(bad | ~matched, np.nan, value)

    warnings = multi_warnings + _warnings(bad, lambda i: f"age {str(cells[i])!r} {msg[i]}; left empty",
                                          rows, column, file, "bad_age")
    ranged = is_range & ~bad & matched
    warnings += _warnings(ranged, lambda i: f"age {str(cells[i])!r} is a range; used its midpoint {out[i]:g} Ma",
                          rows, column, file, "age_range")
    other = ~bad & matched & has_unit & known & (factor != col_factor) & (unit is not None)
    warnings += _warnings(other, lambda i: f"age {str(cells[i])!r} carries its own unit, used instead of the "
                          f"column's ({unit})", rows, column, file, "age_unit")
    warnings += _name_warnings(named, spans, cells, rows, column, file)
    return Parsed(pd.Series(out, index=series.index, name="age", dtype=np.float64), warnings)


def _unit_spans(text: pd.Series, candidates: np.ndarray) -> pd.DataFrame:
    """Time-scale spans of the candidate cells that name a unit (:func:`metasome.geo.timescale.name_intervals`)."""
    from ..geo.timescale import name_intervals

    return name_intervals(text.where(candidates, None))


def _name_warnings(named: np.ndarray, spans: pd.DataFrame, cells, rows, column, file) -> list:
    """One ``age_by_name`` warning per cell placed by a unit name: no numeric age is made up."""
    unit, top = spans["unit"].to_numpy(object), spans["top_ma"].to_numpy(float)
    base, qual = spans["base_ma"].to_numpy(float), spans["qualified"].to_numpy(bool)

    def say(i):
        tail = " (its qualifier is not resolved: counted in the enclosing unit)" if qual[i] else ""
        return (f"age {str(cells[i])!r} is a geological time unit: placed by name in {unit[i]} "
                f"({top[i]:g}-{base[i]:g} Ma, ICS chart v2023/09){tail}; numeric age left empty")

    return _warnings(named, say, rows, column, file, "age_by_name")


def _multiple_ages(series, text, unit, column, file, rows):
    """GEOROC cells holding one value per reference (``"27000000 [8659] / 24750000 [15508]"``).

    Each part is read as an age; the cell is replaced by the mean of its parts (in Ma,
    with a warning ``"age_multiple"``), or left for the main parser to reject when a
    part is unreadable.
    """
    multi = text.str.contains(r"\S\s*/\s*\S", regex=True).to_numpy()
    if not multi.any():
        return text, []
    pos = np.flatnonzero(multi)
    pieces = text.iloc[pos].str.split("/")
    counts = pieces.str.len().to_numpy()
    flat = pd.Series([p.strip() for cell in pieces for p in cell])
    owner = np.repeat(pos, counts)
    parsed = parse_age(flat, unit)
    ok = pd.Series(parsed.values.to_numpy(), index=owner).notna().groupby(level=0).all()
    means = pd.Series(parsed.values.to_numpy(), index=owner).groupby(level=0).mean()
    good = ok[ok].index.to_numpy()
    text = text.copy()
    factor = age_unit_factor(unit or "Ma")
    text.iloc[good] = [repr(float(v) / factor) for v in means.loc[good].to_numpy()]
    mask = np.zeros(len(text), dtype=bool)
    mask[good] = True
    cells = _verbatim(series)
    shown = np.zeros(len(text))
    shown[good] = means.loc[good].to_numpy()
    n_parts = np.zeros(len(text), dtype=int)
    n_parts[pos] = counts
    return text, _warnings(mask, lambda i: f"age {str(cells[i])!r} holds {n_parts[i]} values (one per reference); "
                           f"used their mean {shown[i]:g} Ma", rows, column, file, "age_multiple")


# ---------------------------------------------------------------------------- min/max pairs

def combine_min_max(low: pd.Series, high: pd.Series, *, kind: str = "value", column: str | None = None,
                    file: str | None = None, rows=None, rtol: float = 1e-9) -> Parsed:
    """Combine parsed min and max columns (GEOROC style) into one value per row.

    Where both are present the mean is used (for ``kind="longitude"`` the mean
    direction, so 179 and -179 give 180, not 0), with a warning (code
    ``"min_max_averaged"``) on every row where the two differ by more than ``rtol``
    (relative) or 1e-9 (absolute). Where only one is present, it is used.

    Parameters
    ----------
    low, high : pandas.Series
        Parsed float values (outputs of the parsers), same index.
    kind : {"value", "latitude", "longitude", "age"}
        Only ``"longitude"`` changes the arithmetic; the word is used in messages.
    column : str, optional
        Named in warnings (e.g. ``"Latitude (Min)/Latitude (Max)"``).
    """
    if not low.index.equals(high.index):
        raise ValueError("min and max columns must share the same index")
    rows = _rows(low.index, rows)
    a = low.to_numpy(float)
    b = high.to_numpy(float)
    both = np.isfinite(a) & np.isfinite(b)
    if kind == "longitude":
        b_adj = np.where(both & (b - a > 180.0), b - 360.0, np.where(both & (a - b > 180.0), b + 360.0, b))
        mean = (a + b_adj) / 2.0
        mean = np.mod(mean + 180.0, 360.0) - 180.0
        mean = np.where(both & (np.abs(mean + 180.0) < 1e-12) & (a > 0), 180.0, mean)
        diff = np.abs(a - b_adj)
    else:
        mean = (a + b) / 2.0
        diff = np.abs(a - b)
    out = np.where(both, mean, np.where(np.isfinite(a), a, b))
    differ = both & (diff > np.maximum(rtol * np.maximum(np.abs(a), np.abs(b)), 1e-9))
    unit = {"age": " Ma", "latitude": "°", "longitude": "°"}.get(kind, "")
    warnings = _warnings(differ, lambda i: f"{kind} min {a[i]:g}{unit} and max {b[i]:g}{unit} differ; "
                         f"used their mean {out[i]:g}{unit}", rows, column, file, "min_max_averaged")
    return Parsed(pd.Series(out, index=low.index, name=kind, dtype=np.float64), warnings)


# ---------------------------------------------------------------------------- columns

#: Columns returned by :func:`parse_geo_columns`.
GEO_COLUMNS: tuple[str, ...] = ("latitude", "longitude", "age", "age_top_ma", "age_base_ma")


class GeoColumn(NamedTuple):
    """How a header was recognised: role ``latitude``/``longitude``/``age``, bound ``min``/``max``/None, age unit."""

    role: str
    bound: str | None
    unit: str | None


_LAT = re.compile(r"^(?:lat|latitude|lat_?dd|lat_?deg|latitude_?dd|decimal_?latitude|y_?coord)\b", re.I)
_LON = re.compile(r"^(?:lon|long|lng|longitude|lon_?dd|long_?dd|lon_?deg|longitude_?dd|decimal_?longitude|x_?coord)\b",
                  re.I)
_AGE_HDR = re.compile(r"(?:^|[\s_(])(?:age|rad_?age|age_?ma|age_?ka|age_?ga|age_?a)(?:$|[\s_(,])", re.I)
_AGE_NAME_HDR = re.compile(r"^(?:geol|geological[ _]?age|geologic[ _]?age|epoch|period|era|"
                           r"stratigraphic[ _]?age|chronostratigraph)", re.I)
_NOT_AGE = re.compile(r"ref|source|src|error|err\b|uncert|sigma|method|geol|epoch|era\b|period|note|comment|"
                      r"materia|stage|\bsd\b|2s|1s", re.I)


def recognise_geo_column(header: str) -> GeoColumn | None:
    """Recognise a latitude, longitude or (numeric) age column from its header.

    ``"Latitude (Min)"`` -> latitude/min; ``"Longitude (X)"`` -> longitude;
    ``"long"`` -> longitude; ``"Age (a, Max)"`` -> age/max in a; ``"Age  (Ma)"`` and
    ``"rad_age"`` -> age. Headers about an age but not holding one (``"Age Reference"``,
    ``"error (Ma)"``, ``"age_src"``) are not ages. Geological-age columns holding unit
    names (GEOROC ``"GEOL."``, ``"Geological age"``, ``"geol_age"``, ``"Epoch"``) -> ``age_name``.
    """
    h = re.sub(r"\s+", " ", str(header).strip())
    low = h.lower()
    bound = "min" if re.search(r"\bmin(imum)?\b|_min\b", low) else (
        "max" if re.search(r"\bmax(imum)?\b|_max\b", low) else None)
    bare = re.sub(r"\s*[(\[].*$", "", h).strip()
    if _LAT.match(bare) or _LAT.match(h):
        return GeoColumn("latitude", bound, None)
    if _LON.match(bare) or _LON.match(h):
        return GeoColumn("longitude", bound, None)
    if _AGE_HDR.search(h.replace("-", "_")) and not _NOT_AGE.search(h):
        return GeoColumn("age", bound, age_unit_from_header(h))
    if _AGE_NAME_HDR.match(h) and not re.search(r"ref|source|comment|note", h, re.I):
        return GeoColumn("age_name", None, None)
    return None


def parse_geo_columns(frame: pd.DataFrame, *, file: str | None = None, rows=None,
                      columns: dict | None = None) -> tuple[pd.DataFrame, list, dict]:
    """Find and parse the latitude, longitude and age columns of a verbatim text table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Cells as read (headers may repeat; columns are addressed by position).
    columns : dict, optional
        Overrides, ``{"latitude": header, "longitude": header, "age": header}``;
        a value may be a ``(min_header, max_header)`` pair. An ``"age_unit"`` key sets
        the unit of the age column(s).

    Returns
    -------
    values : pandas.DataFrame
        Float columns ``latitude``, ``longitude`` (degrees), ``age`` (Ma) and
        ``age_top_ma``/``age_base_ma``: the span of the time-scale unit named in the
        age cell or, failing a numeric age, in a geological-age column (``age`` stays
        NaN: no age is invented); same index as ``frame``; a role with no column is all NaN.
        Numbers and ranges in a geological-age column fill ``age`` where the age column
        is empty (in the header's unit, else Ma, with an ``age_unit_assumed`` warning).
    warnings : list of InputWarning
    used : dict
        For each role, the header(s) it was read from (tuple) and, for ages, the unit.
    """
    columns = dict(columns or {})
    age_unit = columns.pop("age_unit", None)
    headers = [str(c) for c in frame.columns]
    found: dict[str, dict] = {}
    for role, spec in columns.items():
        if role not in ("latitude", "longitude", "age", "age_name"):
            raise ValueError(f"unknown role {role!r} in columns (latitude, longitude, age, age_name, age_unit)")
        names = spec if isinstance(spec, (tuple, list)) else (spec,)
        pos = []
        for n in names:
            if n not in headers:
                raise ValueError(f"column {n!r} given for {role} is not in the table")
            pos.append(headers.index(n))
        found[role] = {"min": [pos[0]], "max": [pos[1]]} if len(pos) == 2 else {None: [pos[0]]}
    for i, h in enumerate(headers):
        g = recognise_geo_column(h)
        if g is None or g.role in columns:
            continue
        found.setdefault(g.role, {}).setdefault(g.bound, []).append(i)

    out = pd.DataFrame(index=frame.index, data={r: np.full(len(frame), np.nan) for r in GEO_COLUMNS})
    warnings: list = []
    used: dict = {}
    for role, slots in found.items():
        if role == "age_name":
            continue

        def parse(pos, role=role):
            cell = frame.iloc[:, pos]
            name = headers[pos]
            if role == "age":
                unit = age_unit or age_unit_from_header(name)
                return parse_age(cell, unit, column=name, file=file, rows=rows), unit
            return parse_coordinate(cell, role, column=name, file=file, rows=rows), None

        readings = []
        for source in _sources(slots):
            parsed = [parse(pos) for pos in source]
            for (_, w), _ in parsed:
                warnings += w
            if len(source) == 2:
                comb = combine_min_max(parsed[0][0].values, parsed[1][0].values, kind=role,
                                       column="/".join(headers[p] for p in source), file=file, rows=rows)
                warnings += comb.warnings
                vals = np.asarray(comb.values, dtype=float)
            else:
                vals = parsed[0][0].values.to_numpy(dtype=float)
            readings.append(([headers[p] for p in source], vals, parsed[0][1]))
        values, sources_used, disagree = _coalesce(readings, role)
        warnings += [InputWarning(message, file=file, row=int(_rows(frame.index, rows)[row]), column=column,
                                  code="geo_columns_disagree") for message, row, column in disagree]
        out[role] = values
        used[role] = {"headers": tuple(h for r in sources_used for h in r[0]), "unit": sources_used[0][2]}
    warnings += _fill_spans(out, frame, headers, found, file, rows)
    if "age_name" in found:
        used["age_name"] = {"headers": tuple(headers[p] for p in _positions(found["age_name"])), "unit": None}
    return out, warnings, used


def _positions(slots: dict) -> list[int]:
    """Every column position of a role, in header order."""
    return sorted(p for positions in slots.values() for p in positions)


def _sources(slots: dict) -> list[tuple[int, ...]]:
    """A role's readings in header order: each plain column alone, each min column with the max column of
    the same rank (a compilation of several GEOROC-style files has one pair per file), unpaired bounds alone."""
    mins, maxs = slots.get("min", []), slots.get("max", [])
    pairs = [tuple(sorted(p)) for p in zip(mins, maxs)]
    single = [(p,) for p in slots.get(None, []) + mins[len(pairs):] + maxs[len(pairs):]]
    return sorted(pairs + single)


def _coalesce(readings: list, role: str, rtol: float = 1e-6):
    """One value per row from a role's readings: the first reading with a value, in header order (a table
    compiled from files with differently named columns has each file's value in its own column).

    Returns the values, the readings that gave any value (the first reading if none did) and, for each
    later reading that disagrees with the value taken, ``(message, first row, column)``.
    """
    values = np.full(len(readings[0][1]), np.nan)
    used, disagree = [], []
    for headers, vals, unit in readings:
        free = np.isnan(values)
        both = ~free & ~np.isnan(vals) & ~np.isclose(vals, values, rtol=rtol, atol=1e-9)
        if both.any():
            taken = ", ".join(repr(h) for r in used for h in r[0])
            disagree.append((f"{role} in {int(both.sum())} rows differs from {taken}, whose value is used",
                             int(np.flatnonzero(both)[0]), "/".join(headers)))
        fill = free & ~np.isnan(vals)
        if fill.any() or not used:
            values[fill] = vals[fill]
            used.append((headers, vals, unit))
    return values, used, disagree


def _fill_spans(out: pd.DataFrame, frame: pd.DataFrame, headers: list, found: dict, file, rows) -> list:
    """Set ``age_top_ma``/``age_base_ma`` where the age is known only by a unit name.

    Names in the age column(s) come first (their warnings were given by :func:`parse_age`),
    then a geological-age column, only on rows still without an age or a span.
    """
    from ..geo.timescale import name_intervals

    for pos in _positions(found.get("age", {})):
        spans = name_intervals(_text(frame.iloc[:, pos]).where(out["age"].isna().to_numpy(), None))
        free = out["age_top_ma"].isna().to_numpy()
        out.loc[free, ["age_top_ma", "age_base_ma"]] = spans.loc[free, ["top_ma", "base_ma"]].to_numpy()
    warnings = []
    for pos in _positions(found.get("age_name", {})):
        warnings += _age_from_name_column(out, frame, headers[pos], pos, file, rows)
    return warnings


def _age_from_name_column(out: pd.DataFrame, frame: pd.DataFrame, header: str, pos: int, file, rows) -> list:
    """Ages (numbers, ranges) or spans (unit names) from one geological-age column, on rows still
    without either."""
    from ..geo.timescale import name_intervals

    need = (out["age"].isna() & out["age_top_ma"].isna()).to_numpy()
    cells = frame.iloc[:, pos].where(need, None)
    # such columns hold unit names (GEOROC) or numbers and ranges in Ma (USGS DS-155 "geol_age", "35 to 39")
    unit = age_unit_from_header(header)
    ages, warnings = parse_age(cells, unit, column=header, file=file, rows=rows)
    numeric = ages.notna().to_numpy()
    out.loc[numeric, "age"] = ages[numeric]
    if numeric.any() and unit is None:
        first = int(np.flatnonzero(numeric)[0])
        warnings.append(InputWarning(
            f"{int(numeric.sum())} numeric cells of the geological-age column {header!r} used as ages in Ma "
            "(the header states no unit) where the age column is empty",
            file=file, row=int(_rows(frame.index, rows)[first]), column=header, code="age_unit_assumed"))
    spans = name_intervals(_text(cells).where(need & ~numeric, None))
    named = need & ~numeric
    out.loc[named, ["age_top_ma", "age_base_ma"]] = spans.loc[named, ["top_ma", "base_ma"]].to_numpy()
    return warnings
