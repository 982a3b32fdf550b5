"""The report document: sections of text, figures and tables rendered to one self-contained HTML file.

Figures are inlined as SVG (text kept as text), so the file opens offline
with no network resource; every user string goes through Jinja2's
autoescaping. Each figure is also written to ``figures/`` as PNG, SVG and PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Figure:
    name: str
    caption: str
    svg: str


@dataclass
class Table:
    caption: str
    frame: pd.DataFrame
    max_rows: int = 60
    wrap: bool = False  # long text cells wrap instead of widening the table


@dataclass
class Section:
    """One part of the report; ``paragraphs`` are plain text (escaped on output)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    anchor: str = ""

    def __post_init__(self):
        if not self.anchor:
            self.anchor = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")


class FigureWriter:
    """Saves figures to ``out/figures`` in several formats and returns inline SVG for the HTML."""

    def __init__(self, out_dir: Path, formats=("png", "svg", "pdf")):
        self.dir = Path(out_dir) / "figures"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.formats = formats
        self.written: list[Path] = []

    @staticmethod
    def slug(label: str) -> str:
        """A file-name-safe form of a label (user text never becomes a path as it is)."""
        return re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_").lower()[:60] or "data"

    def add(self, fig, name: str, caption: str) -> Figure:
        """Write ``fig`` in every format and return it as inline SVG.

        The SVG is rendered once and serves both the file and the HTML; after
        that first render the layout is frozen (``layout_engine`` none), so the
        other formats do not lay the figure out again. Figures are made with
        constrained layout, which already fits them, so no tight bounding box
        is computed either.
        """
        from ..plots.style import style

        buf = io.StringIO()
        with style(**{"savefig.bbox": None}):
            fig.savefig(buf, format="svg")
            fig.set_layout_engine("none")
            svg_text = buf.getvalue()
            for fmt in self.formats:
                path = self.dir / f"{name}.{fmt}"
                if fmt == "svg":
                    path.write_text(svg_text, encoding="utf-8")
                else:
                    fig.savefig(path, format=fmt)
                self.written.append(path)
        svg = svg_text[svg_text.find("<svg"):]  # drop the XML prolog and DOCTYPE: inline SVG needs neither
        return Figure(name=name, caption=caption, svg=svg)


def _frame_html(table: Table) -> str:
    frame = table.frame
    shown = frame.head(table.max_rows)
    shown = shown.astype(object).where(shown.notna(), "")  # None and NaN both show as empty cells
    html = shown.to_html(index=False, na_rep="", escape=True, border=0,
                         classes="data wrap" if table.wrap else "data",
                         float_format=lambda v: f"{v:.4g}")
    if len(frame) > table.max_rows:
        html += f'<p class="note">First {table.max_rows} of {len(frame)} rows; all rows are in tables/.</p>'
    return html


def render(title: str, sections: list[Section], provenance: dict) -> str:
    """Render the sections to one HTML string (autoescaped; figures and tables marked safe)."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("metasome.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    template = env.get_template("report.html")
    view = []
    for s in sections:
        view.append({
            "title": s.title, "anchor": s.anchor, "paragraphs": s.paragraphs,
            "figures": [{"name": f.name, "caption": f.caption, "svg": Markup(f.svg)} for f in s.figures],
            "tables": [{"caption": t.caption, "html": Markup(_frame_html(t))} for t in s.tables],
        })
    return template.render(title=title, sections=view, provenance=provenance)
