"""Ratios and simple arithmetic of columns, by expression.

``ratio(values, "Th/Yb")``, ``ratio(values, "(La/Sm)N")``,
``ratio(values, "(La/Yb)PM")``, ``ratio(values, "Na2O+K2O")``,
``ratio(values, "Eu/Eu*")``.

Grammar (whitespace ignored)::

    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "/") factor)*
    factor := number | name | "-" factor | "(" expr ")" [suffix]
    suffix := "N" | "_N" | "CN" | "_CN" | "PM" | "_PM"

A name is a column of ``values`` (canonical element, oxide or any other
numeric column). An element absent from ``values`` whose oxide is present
(K from K2O, P from P2O5, Ti from TiO2) is converted to ppm. A suffix after a
parenthesised group divides every name inside the group by its reference
value: ``N`` uses ``reference`` (default the CI chondrite of Sun &
McDonough 1989), ``CN`` the chondrite, ``PM`` the primitive mantle. The
whole expressions ``Ce/Ce*``, ``Eu/Eu*``, ``Nb/Nb*``, ``Pb/Pb*`` and
``Ti/Ti*`` are the anomalies of :mod:`metasome.trace.anomalies`. An
expression that is itself a column name (``"87Sr/86Sr"``) returns that column.

Missing, NaN or censored terms give NaN; a division by zero gives NaN, never
infinity.

References
----------
Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
"""

from __future__ import annotations

import re

import numpy as np

from metasome.errors import MetasomeInputError
from metasome.names import ELEMENTS, float_values
from metasome.trace.normalise import (DEFAULT_CHONDRITE, DEFAULT_REFERENCE, OXIDE_OF_ELEMENT,
                                      element_columns, resolve_reference)

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
SUFFIXES = ("N", "_N", "CN", "_CN", "PM", "_PM")
ANOMALY_EXPRESSIONS = ("Ce/Ce*", "Eu/Eu*", "Nb/Nb*", "Pb/Pb*", "Ti/Ti*")


def _tokenise(expr: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            break
        num, name, op = m.groups()
        if num is not None:
            tokens.append(("num", num))
        elif name is not None:
            tokens.append(("name", name))
        elif op is not None and op.strip():
            if op not in "+-*/()":
                raise MetasomeInputError(f"unexpected character {op!r} in expression {expr!r}")
            tokens.append(("op", op))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, expr: str):
        self.expr = expr
        self.tokens = _tokenise(expr)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def parse(self):
        if not self.tokens:
            raise MetasomeInputError("empty ratio expression")
        node = self.expr_()
        if self.i != len(self.tokens):
            raise MetasomeInputError(f"cannot parse {self.expr!r} after {self.tokens[self.i - 1][1]!r}")
        return node

    def expr_(self):
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = ("bin", op, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = ("bin", op, node, self.factor())
        return node

    def factor(self):
        kind, val = self.take()
        if kind == "num":
            return ("num", float(val))
        if kind == "name":
            return ("name", val)
        if (kind, val) == ("op", "-"):
            return ("neg", self.factor())
        if (kind, val) == ("op", "("):
            inner = self.expr_()
            if self.take() != ("op", ")"):
                raise MetasomeInputError(f"missing ')' in expression {self.expr!r}")
            nk, nv = self.peek()
            if nk == "name" and nv in SUFFIXES:
                self.take()
                return ("norm", nv.lstrip("_"), inner)
            return inner
        raise MetasomeInputError(f"cannot parse expression {self.expr!r} (at {val!r})")


def parse(expr: str):
    """Parse a ratio expression into a small tree (tuples); raises MetasomeInputError."""
    return _Parser(expr).parse()


def names_in(expr: str) -> list[str]:
    """Column names an expression refers to, in order of appearance."""
    out = []

    def walk(node):
        if node[0] == "name":
            out.append(node[1])
        elif node[0] == "bin":
            walk(node[2]), walk(node[3])
        elif node[0] in ("neg",):
            walk(node[1])
        elif node[0] == "norm":
            walk(node[2])

    walk(parse(expr))
    return list(dict.fromkeys(out))


def ratio(values, expr: str, *, reference=DEFAULT_CHONDRITE, chondrite=DEFAULT_CHONDRITE,
          primitive_mantle=DEFAULT_REFERENCE, anomaly_form: str | None = None):
    """Evaluate a ratio expression on every row of ``values``.

    Parameters
    ----------
    values : pandas.DataFrame
        Canonical columns (elements in ppm, oxides in wt%).
    expr : str
        Expression, e.g. ``"Th/Yb"``, ``"(La/Sm)N"``, ``"(Th/Nb)PM"``, ``"Eu/Eu*"``.
    reference : reference for the ``N`` suffix and for anomalies
        (default CI chondrite of Sun & McDonough 1989).
    chondrite, primitive_mantle : references for the ``CN`` and ``PM`` suffixes.
    anomaly_form : None or "arithmetic"/"geometric"
        Form of an anomaly expression (default: each anomaly's own default).

    Returns
    -------
    pandas.Series named ``expr``; ``attrs["expression"]``, ``attrs["normalised_to"]``
    (suffix -> reference name) and ``attrs["missing"]`` (names absent from ``values``).

    References
    ----------
    Sun, S.-s. & McDonough, W.F. (1989) Geol. Soc. London Spec. Publ. 42, 313-345.
    """
    import pandas as pd

    from metasome.trace import anomalies

    if not isinstance(values, pd.DataFrame):
        raise MetasomeInputError("values must be a pandas DataFrame")
    expr = str(expr).strip()
    if expr in values.columns:
        out = pd.to_numeric(values[expr], errors="coerce").astype(float).rename(expr)
        out.attrs.update({"expression": expr, "normalised_to": {}, "missing": []})
        return out
    compact = expr.replace(" ", "")
    if compact in ANOMALY_EXPRESSIONS:
        from metasome.trace.normalise import normalise

        el = compact.split("/")[0]
        func = {"Ce": anomalies.ce_anomaly, "Eu": anomalies.eu_anomaly, "Nb": anomalies.nb_anomaly,
                "Pb": anomalies.pb_anomaly, "Ti": anomalies.ti_anomaly}[el]
        needed = {"Ce": ("Ce", "La", "Pr"), "Eu": ("Eu", "Sm", "Gd"), "Nb": ("Nb", "Th", "La"),
                  "Pb": ("Pb", "Ce", "Pr"), "Ti": ("Ti", "Eu", "Gd")}[el]
        normed = normalise(values, reference, list(needed))
        out = func(normed) if anomaly_form is None else func(normed, form=anomaly_form)
        out = out.rename(compact)
        out.attrs.update({"expression": compact, "missing": normed.attrs["missing_in_data"]})
        return out

    tree = parse(expr)
    refs = {"N": reference, "CN": chondrite, "PM": primitive_mantle}
    used, missing = {}, []
    cache: dict = {}
    getters: dict = {}

    def column(name):
        if name not in cache:
            if name in values.columns:
                col = values[name]
                arr = float_values(col)
            elif name in OXIDE_OF_ELEMENT and OXIDE_OF_ELEMENT[name] in values.columns:
                arr = element_columns(values, [name])[0][:, 0]
            else:
                missing.append(name)
                arr = np.full(len(values), np.nan)
            cache[name] = arr
        return cache[name]

    def refvalue(suffix, name):
        if suffix not in getters:
            rname, _, getter = resolve_reference(refs[suffix])
            getters[suffix] = getter
            used[suffix] = rname
        if name not in ELEMENTS:
            raise MetasomeInputError(f"{name!r} in {expr!r} is not an element and cannot be normalised")
        v = float(getters[suffix]([name])[0])
        return v if v > 0 else np.nan

    def ev(node, suffix=None):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "name":
            arr = column(node[1])
            return arr / refvalue(suffix, node[1]) if suffix else arr
        if kind == "neg":
            return -ev(node[1], suffix)
        if kind == "norm":
            return ev(node[2], node[1])
        _, op, a, b = node
        x, y = ev(a, suffix), ev(b, suffix)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        with np.errstate(divide="ignore", invalid="ignore"):
            return x / y

    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.asarray(ev(tree), dtype=float) * np.ones(len(values))
    result = np.where(np.isfinite(result), result, np.nan)
    out = pd.Series(result, index=values.index, name=expr)
    out.attrs.update({"expression": expr, "normalised_to": used, "missing": missing})
    return out
