"""The worker beside the build: it runs at a lower priority than the build it serves."""

from __future__ import annotations

import os

from community_alerts import background


def test_the_worker_yields_the_core_to_the_build():
    jobs = background.Jobs()
    try:
        jobs.submit("niceness", os.nice, 0)
        found = jobs.results()
    finally:
        background.shutdown()
    assert found == {"niceness": min(os.nice(0) + background.BESIDE_THE_BUILD, 19)}
