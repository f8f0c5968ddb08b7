"""Each project plugin times its own MkDocs events and logs them at debug level.

`mkdocs build --verbose` then shows where plugin time goes; the benchmark
(bench/run.py) adds up these lines per plugin.
"""

from __future__ import annotations

import functools
import logging
import time
from typing import Any

from mkdocs.plugins import BasePlugin, get_plugin_logger

TIMING_LINE = "plugin time"


class TimedPlugin(BasePlugin):
    """A plugin whose `on_*` event handlers log their duration at debug level."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        log = get_plugin_logger(cls.__module__)
        for name, handler in list(vars(cls).items()):
            if name.startswith("on_") and callable(handler):
                setattr(cls, name, _timed(handler, f"{cls.__name__}.{name}", log))


def _timed(handler, event: str, log: logging.LoggerAdapter):
    """`event` is "PluginClass.on_event", so the log line says which plugin spent the time."""

    @functools.wraps(handler)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if not log.isEnabledFor(logging.DEBUG):
            return handler(*args, **kwargs)
        started = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            log.debug(f"{TIMING_LINE} {event} {time.perf_counter() - started:.6f} s")

    return timed
