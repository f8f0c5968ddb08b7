"""One worker process beside the build, for outputs that no page needs (emails, CAP, texts).

MkDocs renders pages on one core; the plugins hand each item's job to this
worker as soon as its inputs are known and collect the results in
`on_post_build`, by then mostly done. Results are kept by name and read in
sorted order, so what is written never depends on which job finished first.

The worker is started from a fork server, not forked from the build itself:
`mkdocs serve` runs a web server thread beside the build, and forking a
process with threads can copy a lock held by another thread and hang.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

# Imported once by the fork server, so each worker starts with them loaded.
PRELOADED = ["community_alerts.cache", "community_alerts.render.email",
             "community_alerts.render.cap", "community_alerts.render.sms"]

_executor: ProcessPoolExecutor | None = None


class JobFailed(Exception):
    """A job raised in the worker (`error`), or the worker died; the message names the job."""

    def __init__(self, message: str, error: Exception | None = None) -> None:
        super().__init__(message)
        self.error = error


def _executor_started() -> ProcessPoolExecutor:
    global _executor
    if _executor is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED)
        _executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
    return _executor


def shutdown() -> None:
    """Stop the worker (at the end of `mkdocs build`, or when `mkdocs serve` stops)."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True, cancel_futures=True)
        _executor = None


def _timed_call(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, float]:
    """Runs in the worker: the job's result and the CPU seconds it took."""
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


@dataclass
class Jobs:
    """One plugin's jobs in the worker for this build, each under the name of its output."""

    futures: dict[str, Future] = field(default_factory=dict)
    seconds: float = 0.0  # the worker's CPU time for them, counted as the plugin's own

    def submit(self, name: str, function: Callable[..., Any], *args: Any) -> None:
        """Start `function(*args)` in the worker; its arguments and result must pickle."""
        self.futures[name] = _executor_started().submit(_timed_call, function, args)

    def results(self) -> dict[str, Any]:
        """Every job's result by name, in sorted order; waits for those still running."""
        results = {}
        for name in sorted(self.futures):
            try:
                results[name], seconds = self.futures[name].result()
            except BrokenProcessPool:
                shutdown()
                raise JobFailed(f"{name}: the worker process stopped unexpectedly (out of "
                                "memory?); build again.") from None
            except Exception as error:  # noqa: BLE001 - one clear line, not a traceback
                raise JobFailed(f"{name}: {type(error).__name__}: {error}", error) from None
            self.seconds += seconds
        self.futures.clear()
        return results
