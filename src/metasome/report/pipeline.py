"""Run the science rooms over a canonical table: the derived columns of ``metasome compute``.

This module orchestrates and holds no science: it chooses the censoring
policy, hands canonical values to each room's ``derive`` and joins the new
columns in a fixed order. The conventions each room used are collected from
the ``attrs`` of what it returns.
"""

from __future__ import annotations

import pandas as pd

from ..io.table import CanonicalTable

#: The rooms that add columns, in output order.
ROOMS = ("metasome.classify", "metasome.trace", "metasome.isotopes")


def derive_all(table: CanonicalTable, *, age: float | None = None,
               censoring: str | float | None = None, isotopes: dict | None = None) -> pd.DataFrame:
    """All derived columns for ``table``, one block per science room.

    Parameters
    ----------
    table : CanonicalTable
        As returned by :func:`metasome.io.read_table`.
    age : float, optional
        One age (Ma) for every sample; by default each sample's ``age`` column
        is used, and samples without an age get no age-corrected values.
    censoring : None, "half", "limit", "zero" or float
        Below-detection policy (:meth:`CanonicalTable.with_censoring`); the
        default keeps censored cells missing so no ratio uses them.
    isotopes : dict, optional
        Isotope convention presets and options for :func:`metasome.isotopes.derive`
        (``decay``, ``chur``, ``ur``, ``dm``, ``tdm2_method``, constant overrides).

    Returns
    -------
    pandas.DataFrame
        Derived columns with ``attrs["conventions"]`` mapping each room to the
        conventions it recorded and ``attrs["censoring_policy"]``.
    """
    import importlib

    values = table.with_censoring(censoring)
    blocks, conventions = [], {}
    for name in ROOMS:
        room = importlib.import_module(name)
        kwargs = {"age": age, **(isotopes or {})} if name == "metasome.isotopes" else {}
        block = room.derive(values, **kwargs)
        conventions[name.rsplit(".", 1)[-1]] = dict(block.attrs.get("conventions", {}))
        blocks.append(block)
    derived = pd.concat(blocks, axis=1) if blocks else pd.DataFrame(index=values.index)
    derived.attrs["conventions"] = conventions
    derived.attrs["censoring_policy"] = table.provenance.get("censoring_policy", "missing")
    return derived
