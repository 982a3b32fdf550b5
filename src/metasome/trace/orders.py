"""Named element orders for normalised multi-element ("spider") diagrams.

Every order is a tuple of canonical element names (:mod:`metasome.names`).
Plots draw an order in full: an element missing from the data leaves a
visible gap at its position; it is never dropped.

References
----------
Sun, S.-s. & McDonough, W.F. (1989) Chemical and isotopic systematics of
oceanic basalts: implications for mantle composition and processes.
Geological Society, London, Special Publications 42, 313-345.
doi:10.1144/GSL.SP.1989.042.01.19
Bau, M. (1996) Controls on the fractionation of isovalent trace elements in
magmatic and aqueous systems: evidence from Y/Ho, Zr/Hf, and lanthanide
tetrad effect. Contributions to Mineralogy and Petrology 123, 323-333.
Holwell, D.A. et al. (2019) A metasomatized lithospheric mantle control on
the metallogenic signature of post-subduction magmatism. Nature
Communications 10, 3511. doi:10.1038/s41467-019-11065-4
Qiu, K. et al. (2025) Nature Communications (seed study, Fig. 2).
"""

from __future__ import annotations

from metasome.errors import MetasomeInputError

#: Incompatibility order of primitive-mantle-normalised multi-element
#: diagrams, decreasing incompatibility left to right, as in Sun & McDonough
#: (1989) and the spider diagrams of Qiu et al. (2025, Fig. 2): Cs, Rb ... Lu.
SPIDER_ORDER: tuple[str, ...] = (
    "Cs", "Rb", "Ba", "Th", "U", "Nb", "Ta", "K", "La", "Ce", "Pb", "Pr", "Sr", "P", "Nd",
    "Zr", "Hf", "Sm", "Eu", "Ti", "Gd", "Tb", "Dy", "Y", "Ho", "Er", "Tm", "Yb", "Lu",
)

#: The 14 naturally occurring lanthanides La-Lu (Pm, which has no stable
#: isotope, is omitted), in order of atomic number.
REE: tuple[str, ...] = (
    "La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
)

#: REE with Y inserted between Dy and Ho, where its ionic radius places it
#: (Bau 1996, the Y-Ho twin pair).
REE_Y: tuple[str, ...] = REE[:9] + ("Y",) + REE[9:]

#: Light and heavy REE as used for sums and slopes (La-Eu, Gd-Lu).
LREE: tuple[str, ...] = REE[:6]
HREE: tuple[str, ...] = REE[6:]

#: Chalcophile and siderophile elements by decreasing compatibility during
#: mantle melting, Holwell et al. (2019, Fig. 1): Ni, Co, Os, Ir, Ru, Rh, Pt,
#: Pd, Au, Cu, Te.
CHALCOPHILE_ORDER: tuple[str, ...] = (
    "Ni", "Co", "Os", "Ir", "Ru", "Rh", "Pt", "Pd", "Au", "Cu", "Te",
)

#: Every named order, keyed by the name accepted by :func:`order`.
ORDERS: dict[str, tuple[str, ...]] = {
    "spider": SPIDER_ORDER,
    "ree": REE,
    "ree_y": REE_Y,
    "lree": LREE,
    "hree": HREE,
    "chalcophile": CHALCOPHILE_ORDER,
}


def order(name: str | tuple | list) -> tuple[str, ...]:
    """Return a named element order (``"spider"``, ``"ree"``, ``"ree_y"``, ``"chalcophile"``...).

    A list or tuple of element names is returned as a tuple unchanged, so
    callers can pass either a name or their own order.

    Raises
    ------
    MetasomeInputError
        For an unknown order name, listing the known ones.
    """
    if isinstance(name, (tuple, list)):
        return tuple(name)
    key = str(name).strip().lower().replace("+", "_").replace(" ", "_").replace("-", "_")
    if key not in ORDERS:
        raise MetasomeInputError(
            f"unknown element order {name!r}; known orders: {', '.join(sorted(ORDERS))}")
    return ORDERS[key]
