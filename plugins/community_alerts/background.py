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
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

# Imported once by the fork server, so each worker starts with them loaded.
PRELOADED = ["community_alerts.cache", "community_alerts.render.email",
             "community_alerts.render.cap", "community_alerts.render.sms"]

# The niceness of the work done beside the build (this worker, the Pagefind program). The
# build waits for MkDocs, rendering the pages on one core; work it does not wait for yet
# yields that core to it, instead of taking a share of it while the other core is busy too.
BESIDE_THE_BUILD = 10

_executor: ProcessPoolExecutor | None = None
_starting = threading.Lock()


class JobFailed(Exception):
    """A job raised in the worker (`error`), or the worker died; the message names the job."""

    def __init__(self, message: str, error: Exception | None = None) -> None:
        super().__init__(message)
        self.error = error


def _executor_started() -> ProcessPoolExecutor:
    global _executor
    with _starting:
        if _executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOADED)
            _executor = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                            initializer=_start_worker,
                                            initargs=(os.getpid(),))
        return _executor


def start_early() -> None:
    """Start the worker from a thread: the fork server loads the renderers (about 0.3 s)
    while the build goes on, instead of holding up the first job handed over."""
    threading.Thread(target=_start, daemon=True, name="alerts-worker-start").start()


def _start() -> None:
    try:
        _executor_started().submit(int)
    except RuntimeError:  # the build stopped meanwhile and shut the worker down
        pass


def _start_worker(build_pid: int) -> None:
    """Runs in the worker as it starts."""
    os.nice(BESIDE_THE_BUILD)
    _watch_build(build_pid)


def _watch_build(build_pid: int) -> None:
    """End the worker once the build's process is gone. A killed build never tells its
    process pool, whose worker (and the fork server with it) would otherwise wait for jobs
    for ever."""
    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(build_pid, 0)
            # PermissionError: another user's process has the number now; the build is gone.
            except (ProcessLookupError, PermissionError):
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="alerts-build-watch").start()


def shutdown() -> None:
    """Stop the worker (at the end of `mkdocs build`, or when `mkdocs serve` stops)."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True, cancel_futures=True)
        _executor = None


# Jobs sent to the worker together: each hand-over costs the build's own process time
# (pickling, waking the executor's threads), about a millisecond whatever its size.
BATCH = 32


def _run_batch(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
    """Runs in the worker: each call's result, or the exception it raised, and the CPU seconds
    the batch took."""
    started = time.process_time()
    results: list[Any] = []
    for function, args in calls:
        try:
            results.append(function(*args))
        except Exception as error:  # noqa: BLE001 - reported by name in `Jobs.results`
            results.append(_Raised(error))
    return [results, time.process_time() - started]


@dataclass(frozen=True)
class _Raised:
    error: Exception


@dataclass
class Jobs:
    """One plugin's jobs in the worker for this build, each under the name of its output."""

    batches: list[tuple[list[str], Future]] = field(default_factory=list)
    waiting: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = field(default_factory=list)
    seconds: float = 0.0  # the worker's CPU time for them, counted as the plugin's own

    def submit(self, name: str, function: Callable[..., Any], *args: Any) -> None:
        """Have the worker run `function(*args)`; its arguments and result must pickle."""
        self.waiting.append((name, function, args))
        if len(self.waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand the jobs not yet sent over now (the last, short batch), so that the worker
        does not wait for `results` to start them."""
        if self.waiting:
            calls = [(function, args) for _, function, args in self.waiting]
            future = _executor_started().submit(_run_batch, calls)
            self.batches.append(([name for name, _, _ in self.waiting], future))
            self.waiting = []

    def results(self) -> dict[str, Any]:
        """Every job's result by name, in sorted order; waits for those still running."""
        self.flush()
        found: dict[str, Any] = {}
        for names, future in self.batches:
            try:
                results, seconds = future.result()
            except BrokenProcessPool:
                shutdown()
                raise JobFailed(f"{names[0]}: the worker process stopped unexpectedly (out of "
                                "memory?); build again.") from None
            except Exception as error:  # noqa: BLE001 - one clear line, not a traceback
                raise JobFailed(f"{names[0]}: {type(error).__name__}: {error}", error) from None
            self.seconds += seconds
            found.update(zip(names, results))
        self.batches.clear()
        ordered = dict(sorted(found.items()))
        for name, result in ordered.items():
            if isinstance(result, _Raised):
                raise JobFailed(f"{name}: {type(result.error).__name__}: {result.error}",
                                result.error)
        return ordered
