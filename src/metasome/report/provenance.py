"""What produced a report: input file hashes, software versions, conventions, seed."""

from __future__ import annotations

import json
import platform
from importlib import metadata

#: Packages whose versions change numbers or figures.
DEPENDENCIES = ("numpy", "pandas", "scipy", "matplotlib", "pyarrow", "periodictable", "pydantic",
                "jinja2", "python-calamine", "openpyxl")


def versions() -> dict[str, str]:
    """Installed versions of metasome, Python and the numerical dependencies."""
    out = {"metasome": _version("metasome"), "python": platform.python_version()}
    for name in DEPENDENCIES:
        out[name] = _version(name)
    return out


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def as_text(value) -> str:
    """A provenance value as readable text (JSON for nested structures)."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, indent=1, default=str, ensure_ascii=False)
    return str(value)
