"""A rich progress bar driven by the ``progress(step, fraction)`` callback of :func:`run_report`."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def bar(enabled: bool = True):
    """Yield a ``progress(step, fraction)`` callable; shows a bar on stderr when enabled."""
    if not enabled:
        yield lambda step, fraction: None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<40}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as prog:
        task = prog.add_task("starting", total=1.0)

        def update(step: str, fraction: float) -> None:
            # a step names input files: "[red].csv" is a file name, not rich markup
            prog.update(task, description=escape(step), completed=fraction)

        yield update
