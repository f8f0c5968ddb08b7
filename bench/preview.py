"""Benchmark: how long a preview takes to show an edit to one message.

Generates an archive of N messages (bench/generate_archive.py), starts
`mkdocs serve --dirty` on it, then edits the newest alert's title several
times. For each edit it times, from saving the file, how long until the
served message page, the first page of the alerts listing and the alerts RSS
feed each show the new title. Prints the median of each and writes a Markdown
table to --report. Usage:

    ./dev bench-preview --items 1000 --edits 5
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import run  # noqa: E402 (the archive and project folder are laid out as for the build benchmark)

WHERE = {"message page": "{page}", "alerts listing": "alerts/", "alerts RSS feed": "alerts/rss.xml"}
TITLE = re.compile(r"^title: .*$", re.MULTILINE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--report", type=Path, default=run.REPO / "bench" / "preview.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="alerts-preview-") as scratch:
        project = run.prepare(Path(scratch), args.items, with_blog=False)["a-project"]
        source = newest_alert(project / "content")
        page = source.relative_to(project / "content").with_suffix("").as_posix() + "/"
        seconds = measure(project, source, page, args.edits, args.timeout)
    report = table(args.items, args.edits, seconds)
    print(report)
    args.report.write_text(report, encoding="utf-8")
    return 0


def newest_alert(content: Path) -> Path:
    """The alert dated last: it heads the alerts listing and the feed."""

    def date(path: Path) -> str:
        found = re.search(
            r"^date: *[\"']?([^\"'\n]+)", path.read_text(encoding="utf-8"), re.MULTILINE
        )
        return found.group(1) if found else ""

    return max((content / "alerts").rglob("*.md"), key=date)


def measure(
    project: Path, source: Path, page: str, edits: int, timeout: float
) -> dict[str, list[float]]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": run.FIXED_NOW}
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        # Stopped with SIGINT below, even when this script runs in the background (`... &`),
        # which ignores SIGINT for itself and its children.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    base = f"http://127.0.0.1:{port}/"
    seconds: dict[str, list[float]] = {name: [] for name in WHERE}
    try:
        wait_for(
            lambda: "Serving on" in (project / "serve.log").read_text(),
            timeout * 5,
            "the first build",
        )
        original = source.read_text(encoding="utf-8")
        for edit in range(edits):
            title = f"Preview check {edit} {time.time_ns()}"
            source.write_text(TITLE.sub(f"title: {title}", original, count=1), encoding="utf-8")
            saved = time.perf_counter()
            waiting = dict(WHERE)
            while waiting:
                for name, path in list(waiting.items()):
                    if title in fetch(base + path.format(page=page)):
                        seconds[name].append(time.perf_counter() - saved)
                        del waiting[name]
                if time.perf_counter() - saved > timeout:
                    raise SystemExit(
                        f"no preview of the edit after {timeout:g} s: "
                        f"{', '.join(waiting)}; see {project / 'serve.log'}"
                    )
                time.sleep(0.05)
            time.sleep(1.0)  # let the reload settle before the next edit
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        log.close()
    return seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(ready, timeout: float, what: str) -> None:
    started = time.perf_counter()
    while not ready():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"the preview server did not finish {what} in {timeout:g} s")
        time.sleep(0.2)


def table(items: int, edits: int, seconds: dict[str, list[float]]) -> str:
    lines = [
        f"Preview (`mkdocs serve --dirty`), {items} messages, {edits} edits of the newest "
        "alert's title: seconds from saving the file until the served page shows it.",
        "",
        "| shown on | median s | slowest s |",
        "|---|---|---|",
    ]
    for name, values in seconds.items():
        lines.append(f"| {name} | {statistics.median(values):.2f} | {max(values):.2f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
