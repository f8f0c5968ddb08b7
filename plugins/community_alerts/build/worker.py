"""One worker process beside the build, for outputs that no page needs (emails, CAP, texts).

MkDocs renders pages on one core; the steps hand each item's job to this
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
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

# Imported once by the fork server, so each worker starts with them loaded.
PRELOADED = [
    "community_alerts.cache",
    "community_alerts.render.email",
    "community_alerts.render.cap",
    "community_alerts.render.sms",
]

# The niceness of the work done beside the build (this worker, the Pagefind program). The
# build waits for MkDocs, rendering the pages on one core; work it does not wait for yet
# yields that core to it, instead of taking a share of it while the other core is busy too.
BESIDE_THE_BUILD = 10


class JobFailed(Exception):
    """A job raised in the worker (`error`), or the worker died; the message names the job."""

    def __init__(self, message: str, error: Exception | None = None) -> None:
        super().__init__(message)
        self.error = error


class Worker:
    """The one worker process of the `alerts` plugin, kept from build to build (a preview
    rebuilds often) and stopped by `close`.

    It is started from a thread, `start`, so that the fork server loads the renderers
    (about 0.3 s) while the build goes on. Nothing may stop the pool while that start is
    under way: the new process reads its queues' semaphores by name, and a pool shut down
    meanwhile removes them (FileNotFoundError in `SemLock._rebuild`). So every use, and
    `close`, first waits for the start to be over.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self) -> None:
        if self._executor is None and self._starting is None:
            self._starting = threading.Thread(
                target=self._start, daemon=True, name="alerts-worker-start"
            )
            self._starting.start()

    def _start(self) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED)
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            executor.submit(int).result()  # the process is up and has read its queues
        except BaseException as error:  # noqa: BLE001 - told to the first job, in `submit`
            self._failure = error
            executor.shutdown(wait=True, cancel_futures=True)
            return
        self._executor = executor

    def _started(self) -> ProcessPoolExecutor:
        self.start()
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._executor is None:
            failure, self._failure = self._failure, None
            raise JobFailed(f"the worker process could not be started ({failure})")
        return self._executor

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        try:
            return self._started().submit(function, *args)
        except BrokenProcessPool:
            self.close()
            raise JobFailed(
                "the worker process stopped unexpectedly (out of memory?); build again."
            ) from None

    def close(self) -> None:
        """Stop the worker (after a failed build, or when MkDocs shuts down)."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _start_worker(build_pid: int) -> None:
    """Runs in the worker as it starts."""
    # Ctrl+C reaches every process of the terminal: the build stops the worker itself,
    # rather than the worker printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(BESIDE_THE_BUILD)
    _watch_build(build_pid)


def _watch_build(build_pid: int) -> None:
    """End the worker once the build's process is gone. A killed build never tells its
    process pool, whose worker would otherwise wait for jobs for ever. (The fork server
    ends by itself when the build's end of its pipe closes.)"""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(build_pid, 0)
            # PermissionError: another user's process has the number now; the build is gone.
            except (ProcessLookupError, PermissionError):
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="alerts-build-watch").start()


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
    """One step's jobs in the worker for this build, each under the name of its output."""

    worker: Worker
    batches: list[tuple[list[str], Future]] = field(default_factory=list)
    waiting: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = field(default_factory=list)
    seconds: float = 0.0  # the worker's CPU time for them, counted as the step's own

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
            future = self.worker.submit(_run_batch, calls)
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
                self.worker.close()
                raise JobFailed(
                    f"{names[0]}: the worker process stopped unexpectedly (out of "
                    "memory?); build again."
                ) from None
            except Exception as error:  # noqa: BLE001 - one clear line, not a traceback
                raise JobFailed(f"{names[0]}: {type(error).__name__}: {error}", error) from None
            self.seconds += seconds
            found.update(zip(names, results, strict=True))
        self.batches.clear()
        ordered = dict(sorted(found.items()))
        for name, result in ordered.items():
            if isinstance(result, _Raised):
                raise JobFailed(
                    f"{name}: {type(result.error).__name__}: {result.error}", result.error
                )
        return ordered
