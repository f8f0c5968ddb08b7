"""The worker beside the build: it runs at a lower priority than the build it serves, and it
can be stopped at any moment, even while it is starting."""

from __future__ import annotations

import os

from community_alerts.build.worker import BESIDE_THE_BUILD, Jobs, Worker


def test_the_worker_yields_the_core_to_the_build():
    worker = Worker()
    try:
        jobs = Jobs(worker)
        jobs.submit("niceness", os.nice, 0)
        found = jobs.results()
    finally:
        worker.close()
    assert found == {"niceness": min(os.nice(0) + BESIDE_THE_BUILD, 19)}


def test_a_worker_closed_while_it_starts_leaves_no_process_and_can_start_again():
    """Closing the pool while its process was still reading its queues removed their
    semaphores under it (FileNotFoundError in SemLock._rebuild): close waits for the start."""
    for _ in range(5):
        worker = Worker()
        worker.start()
        worker.close()
    worker = Worker()
    try:
        jobs = Jobs(worker)
        jobs.submit("sum", sum, [1, 2, 3])
        assert jobs.results() == {"sum": 6}
    finally:
        worker.close()
    assert worker._executor is None
