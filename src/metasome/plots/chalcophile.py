"""Te vs Ni and Te vs Cu (log-log) with iso-ratio lines and the Holwell et al. (2019) bands.

References
----------
Holwell, D.A., Fiorentini, M., McDonald, I., Lu, Y., Giuliani, A., Smith,
D.J., Keith, M. & Locmelis, M. (2019) A metasomatized lithospheric mantle
control on the metallogenic signature of post-subduction magmatism. Nature
Communications 10, 3511: "a progressive decrease in mean bulk Ni/Te ratio of
five orders of magnitude from the depleted mantle (10^5-6), through
metasomatised mantle and the lower crust (10^4-5), mid crust (10^3-4), to the
upper crustal porphyry (10^1-3) and uppermost crustal epithermal (10^0-1)
systems"; "The Cu/Te ratio is relatively constant in the magmatic
environments (10^4-5)".
"""

from __future__ import annotations

import numpy as np

from metasome.plots import style
from metasome.plots.classification import _scatter

#: Ni/Te ranges of Holwell et al. (2019, Fig. 2a and text).
HOLWELL_NI_TE_BANDS: dict[str, tuple[float, float]] = {
    "depleted mantle": (1e5, 1e6),
    "metasomatised mantle and lower crust": (1e4, 1e5),
    "mid crust": (1e3, 1e4),
    "porphyry": (1e1, 1e3),
    "epithermal": (1e0, 1e1),
}
#: Cu/Te range of the magmatic environments, Holwell et al. (2019, Fig. 2b and text).
HOLWELL_CU_TE_BANDS: dict[str, tuple[float, float]] = {
    "magmatic environments": (1e4, 1e5),
}
BAND_COLOURS: tuple[str, ...] = ("#DDEEFF", "#E5F2E5", "#FFF2CC", "#F8E0D0", "#EBDDF0")
ISO_RATIOS: tuple[float, ...] = (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6)


def _ratio_plot(metal, te, groups, *, metal_name, ax, bands, iso_ratios, colours, markers, legend,
                xlim, ylim):
    with style.style():
        ax = style.get_ax(ax, figsize=(4.5, 4.0))
        xs = np.logspace(np.log10(xlim[0]), np.log10(xlim[1]), 50)
        for (label, (r_lo, r_hi)), c in zip((bands or {}).items(), BAND_COLOURS * 3):
            # metal/Te between r_lo and r_hi <=> Te between metal/r_hi and metal/r_lo
            ax.fill_between(xs, xs / r_hi, xs / r_lo, color=c, alpha=0.8, linewidth=0, zorder=0,
                            label=f"{label} ({r_lo:.0e}-{r_hi:.0e})", gid="band")
        for r in iso_ratios:
            ax.plot(xs, xs / r, color="0.55", linewidth=0.5, linestyle=":", zorder=1, gid="iso_ratio")
            # label at the right edge, or at the top edge when the line leaves the plot there
            xe = min(xlim[1], ylim[1] * r)
            ye = xe / r
            if ye >= ylim[0]:
                ax.annotate(f"{metal_name}/Te = {r:.0e}", (xe, ye), fontsize=5.5, color="0.4",
                            ha="right", va="bottom", gid="iso_label")
        _scatter(ax, metal, te, groups, colours, markers)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel(f"{metal_name} (ppm)")
        ax.set_ylabel("Te (ppm)")
        if legend:
            ax.legend(loc="upper left", fontsize=6)
    return ax


def plot_te_ni(ni, te, groups=None, *, ax=None, bands=HOLWELL_NI_TE_BANDS, iso_ratios=ISO_RATIOS,
               colours=None, markers=None, legend: bool = True, xlim=(1e-1, 1e5), ylim=(1e-4, 1e4)):
    """Te vs Ni (ppm, log-log) with Ni/Te iso-ratio lines and Holwell et al. (2019) Ni/Te bands.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Holwell, D.A. et al. (2019) Nature Communications 10, 3511 (Fig. 2a).
    """
    return _ratio_plot(ni, te, groups, metal_name="Ni", ax=ax, bands=bands, iso_ratios=iso_ratios,
                       colours=colours, markers=markers, legend=legend, xlim=xlim, ylim=ylim)


def plot_te_cu(cu, te, groups=None, *, ax=None, bands=HOLWELL_CU_TE_BANDS, iso_ratios=ISO_RATIOS,
               colours=None, markers=None, legend: bool = True, xlim=(1e-1, 1e5), ylim=(1e-4, 1e4)):
    """Te vs Cu (ppm, log-log) with Cu/Te iso-ratio lines and the magmatic Cu/Te band.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Holwell, D.A. et al. (2019) Nature Communications 10, 3511 (Fig. 2b).
    """
    return _ratio_plot(cu, te, groups, metal_name="Cu", ax=ax, bands=bands, iso_ratios=iso_ratios,
                       colours=colours, markers=markers, legend=legend, xlim=xlim, ylim=ylim)
