"""``metasome demo``: the main job on the real example data embedded in the package.

The demo covers both seed studies: arc lavas (du Bray et al. 2006; Mamani et
al. 2010) and alkaline rocks (GEOROC) for classification, spider envelopes,
anomalies and Sr-Nd isotopes; chalcophile elements (GEOROC) for Ni/Te and
Cu/Te; and the worked models of Qiu et al. (2025) and Holwell et al. (2019).
Sources and licences of the data: ``metasome/data/examples/SOURCES.md``.
"""

from __future__ import annotations

from pathlib import Path

from ..reference._files import example_file
from .config import InputConfig, ProjectConfig

#: (file under metasome/data/examples, label, group columns)
DEMO_INPUTS = (
    ("arc_lavas_WestCascades_duBray2006_DS155_extract.csv", "Western Cascades arc lavas (du Bray et al. 2006)",
     ["rock_name"]),
    ("arc_lavas_CentralAndes_Mamani2010_extract.csv", "Central Andes arc lavas (Mamani et al. 2010)",
     ["Domain"]),
    ("georoc/alkaline_syenite_carbonatite_GEOROC_extract.csv", "Alkaline rocks and carbonatites (GEOROC)",
     ["Rock Type"]),
    ("georoc/chalcophile_Te_Au_PGE_GEOROC_extract.csv", "Chalcophile-element analyses (GEOROC)",
     ["Tectonic Setting"]),
)


def demo_config() -> ProjectConfig:
    """The configuration of the demo run (written out as project.toml beside the report)."""
    inputs = [InputConfig(path=str(example_file(*name.split("/"))), label=label, group=group)
              for name, label, group in DEMO_INPUTS]
    return ProjectConfig(title="metasome demo: mantle sources and metal budgets from the embedded example data",
                         inputs=inputs)


def run_demo(out: str | Path = "metasome-demo", *, progress: bool = True) -> Path:
    """Write the demo report to ``out``; return the path of report.html."""
    from .run import run_report
    from .progress import bar

    with bar(enabled=progress) as report:
        result = run_report(demo_config(), out, progress=report)
    return result.html
