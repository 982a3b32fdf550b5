"""Locate the data files packaged inside metasome (no network, no side effects)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_file(*parts: str) -> Path:
    """Path of a packaged data file under ``metasome/reference/data``.

    Raises FileNotFoundError naming the file when it is not packaged.
    """
    path = Path(str(files("metasome.reference").joinpath("data", *parts)))
    if not path.exists():
        raise FileNotFoundError(f"packaged reference file not found: {'/'.join(parts)}")
    return path


def example_file(*parts: str) -> Path:
    """Path of a packaged example data file under ``metasome/data/examples``."""
    path = Path(str(files("metasome").joinpath("data", "examples", *parts)))
    if not path.exists():
        raise FileNotFoundError(f"packaged example file not found: {'/'.join(parts)}")
    return path
