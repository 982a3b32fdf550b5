"""Background jobs of the web interface: one worker thread, progress polled by the page.

Long steps (analysis, Monte Carlo, models, the full report) run in a single
worker thread so that figures are drawn one at a time (matplotlib styles are
applied per figure) and the server stays responsive. Each job records its step
text and fraction done; the page polls ``/jobs/{id}`` with htmx. A failure is
kept as a readable message (input errors as they are, anything else as the
exception's type and text); the traceback goes to the server's log only.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import MetasomeInputError

log = logging.getLogger("metasome.web")


@dataclass
class Job:
    id: str
    kind: str
    session: str
    status: str = "queued"  # queued, running, done, failed
    step: str = "waiting to start"
    fraction: float = 0.0
    result: Any = None
    error: str = ""
    started: float = field(default_factory=time.time)

    def progress(self, step: str, fraction: float) -> None:
        self.step = str(step)
        self.fraction = min(max(float(fraction), 0.0), 1.0)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        return int(round(100 * self.fraction))


class JobRunner:
    """Runs callables ``fn(job)`` in one background thread and keeps their state by id."""

    def __init__(self, max_jobs: int = 200):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="metasome-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._max = max_jobs

    def submit(self, kind: str, session: str, fn: Callable[[Job], Any]) -> Job:
        job = Job(id=secrets.token_hex(8), kind=kind, session=session)
        with self._lock:
            self._jobs[job.id] = job
            if len(self._jobs) > self._max:  # forget the oldest finished jobs
                for old in [j for j in self._jobs.values() if j.finished][: len(self._jobs) - self._max]:
                    self._jobs.pop(old.id, None)
        self._pool.submit(self._run, job, fn)
        return job

    def _run(self, job: Job, fn: Callable[[Job], Any]) -> None:
        job.status = "running"
        job.step = "starting"
        try:
            job.result = fn(job)
        except MetasomeInputError as err:
            job.error = str(err)
            job.status = "failed"
            return
        except Exception as err:  # shown as a message on the page, never as a traceback
            log.exception("job %s (%s) failed", job.id, job.kind)
            job.error = f"{type(err).__name__}: {err}"
            job.status = "failed"
            return
        job.progress("done", 1.0)
        job.status = "done"

    def get(self, job_id: str, session: str) -> Job | None:
        """The job with this id if it belongs to ``session``."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.session == session else None

    def wait(self, job: Job, timeout: float = 120.0) -> Job:
        """Block until ``job`` finishes (tests and scripts)."""
        end = time.time() + timeout
        while not job.finished and time.time() < end:
            time.sleep(0.05)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
