"""Local web interface: ``metasome serve`` (FastAPI + Jinja2 + htmx, served on 127.0.0.1 only).

Importing this package needs the ``web`` extra (``pip install metasome[web]``);
``import metasome`` never imports it.
"""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
