"""Benchmark: whole-process builds of a synthetic archive, against plain Material.

Builds the same generated content three ways, interleaved in one run so that a
noisy machine affects each alike:

  (a) this project, every plugin on;
  (b) plain mkdocs-material, the project's plugins off, the same section-only
      navigation (a stub page per section stands in for the generated listings);
  (c) Material's blog plugin with mkdocs-rss-plugin (only up to --blog-max items,
      it is too slow beyond).

Each timed build is cold (no .cache/); after them, one more build of (a) with
nothing changed measures how much plugin time the caches save. Plugin time
includes the worker process's CPU time for emails, CAP files and texts.

Prints a Markdown table and writes it to --report. Usage:

    ./dev bench --items 1000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import yaml

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("alerts", "court-news", "guides")
FIXED_NOW = "1795435200"  # 2026-11-23 12:00 UTC: the generated archive ends before it
PLUGIN_TIMING = "plugin time"  # community_alerts.timing logs each event handler's time


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)  # the largest single process
    # All of the build's processes at once (MkDocs, the worker, Pagefind), sampled.
    peak_total_mb: list[float] = field(default_factory=list)
    output_bytes: int = 0
    item_page_bytes: float = 0.0
    search_bytes: int = 0  # a query for the most common word
    median_search_bytes: int = 0  # a query for a word of median frequency
    plugin_seconds: dict[str, list[float]] = field(default_factory=dict)
    # A second build with nothing changed, after the cold ones: its total plugin time.
    warm_plugin_seconds: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def plugin_total(self) -> float:
        """Plugin seconds of a build: the median of each plugin's, added up."""
        return sum(statistics.median(s) for s in self.plugin_seconds.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--blog-max", type=int, default=2000, help="build (c) only up to this many items"
    )
    parser.add_argument("--report", type=Path, default=REPO / "bench" / "results.md")
    args = parser.parse_args()

    rows = []
    changes = []
    with tempfile.TemporaryDirectory(prefix="alerts-bench-") as scratch:
        for count in args.items:
            root = Path(scratch) / str(count)
            variants = prepare(root, count, with_blog=count <= args.blog_max)
            results = {name: Measure() for name in variants}
            for run in range(args.runs):
                for name, folder in variants.items():
                    print(f"N={count} run {run + 1}/{args.runs}: {name}", file=sys.stderr)
                    build(folder, results[name])
            # The caches of the last cold build are kept: nothing changed since.
            print(f"N={count}: a-project, second build", file=sys.stderr)
            warm = Measure()
            build(variants["a-project"], warm, cold=False)
            results["a-project"].warm_plugin_seconds = warm.plugin_total
            for name, folder in variants.items():
                inspect(folder / "site", results[name])
            rows.append((count, results))
            changes.append((count, results["a-project"].median, publish_changes(root, variants)))
            shutil.rmtree(root)
    report = table(rows) + "\n" + changes_table(changes)
    print(report)
    args.report.write_text(report, encoding="utf-8")
    return 0


def prepare(root: Path, count: int, with_blog: bool) -> dict[str, Path]:
    """Generate the archive once and lay out one folder per variant."""
    project = root / "a-project"
    project.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate_archive.py"),
            "--items",
            str(count),
            "--out",
            str(project / "content"),
        ],
        check=True,
    )
    shutil.copy(REPO / "content" / "accessibility.md", project / "content" / "accessibility.md")
    shutil.copytree(REPO / "overrides", project / "overrides")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    write_config(project, config)
    variants = {"a-project": project, "b-material": plain_material(root, project, config)}
    if with_blog:
        variants["c-blog-rss"] = blog_and_rss(root, project, config)
    return variants


def plain_material(root: Path, project: Path, config: dict) -> Path:
    folder = root / "b-material"
    shutil.copytree(project / "content", folder / "content")
    shutil.copytree(project / "overrides", folder / "overrides")
    for section in SECTIONS:  # stand-ins for the generated listing pages
        (folder / "content" / section / "index.md").write_text(f"# {section}\n")
    (folder / "content" / "index.md").write_text("# Home\n")
    (folder / "content" / "accessibility.md").write_text("# Accessibility statement\n")
    (folder / "content" / "areas").mkdir()
    (folder / "content" / "areas" / "index.md").write_text("# Areas\n")
    plain = {**config, "plugins": ["search"]}
    plain["theme"] = {**config["theme"]}
    # The project's templates and language file need its plugins: plain Material instead.
    plain["theme"].pop("custom_dir", None)
    plain["theme"]["language"] = "en"
    plain.pop("extra_css", None)
    write_config(folder, plain)
    return folder


def blog_and_rss(root: Path, project: Path, config: dict) -> Path:
    folder = root / "c-blog-rss"
    posts = folder / "content" / "blog" / "posts"
    for section in SECTIONS:
        shutil.copytree(project / "content" / section, posts / section)
    for post in posts.rglob("*.md"):  # the blog plugin takes only YAML timestamps as dates
        text = post.read_text(encoding="utf-8")
        post.write_text(BLOG_DATE.sub(_blog_date, text, count=1), encoding="utf-8")
    (folder / "content" / "blog" / "index.md").write_text("# Messages\n")
    (folder / "content" / "index.md").write_text("# Home\n")
    blog = {
        "site_name": config["site_name"],
        "site_url": config["site_url"],
        "docs_dir": "content",
        "theme": {"name": "material", "font": False},
        "nav": ["index.md", {"Messages": "blog/index.md"}],
        "validation": config.get("validation", {}),
        "plugins": [
            "search",
            {"blog": {"post_date_format": "full", "post_url_format": "{slug}"}},
            {
                "rss": {
                    "match_path": "blog/posts/.*",
                    "use_git": False,
                    "date_from_meta": {"as_creation": "date"},
                }
            },
        ],
    }
    write_config(folder, blog)
    return folder


BLOG_DATE = re.compile(
    r"^date: *[\"']?(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d)(?::\d\d)?)?[\"']?\s*$", re.MULTILINE
)


def _blog_date(match: re.Match) -> str:
    day, time_of_day = match.groups()
    return f"date: {day} {time_of_day}:00" if time_of_day else f"date: {day}"


def write_config(folder: Path, config: dict) -> None:
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def build(folder: Path, measure: Measure, cold: bool = True) -> None:
    """One whole-process build; wall time, the peak memory of its largest process (wait4)
    and of all its processes together (sampled every half second).

    A cold build starts without the plugins' caches (.cache/) and site, as a first build
    does; another keeps both, as the server does.
    """
    if cold:
        shutil.rmtree(folder / "site", ignore_errors=True)
        shutil.rmtree(folder / ".cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": FIXED_NOW}
    log = folder / "build.log"
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--verbose", "-d", "site"],
            cwd=folder,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        sampler = TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(
            f"build failed in {folder}; see the end of its log:\n"
            + "\n".join(log.read_text().splitlines()[-20:])
        )
    measure.seconds.append(elapsed)
    measure.peak_mb.append(usage.ru_maxrss / 1024)
    measure.peak_total_mb.append(sampler.peak_mb)
    per_build: dict[str, float] = {}
    for line in log.read_text().splitlines():
        if PLUGIN_TIMING in line:
            # "DEBUG - community_alerts: plugin time FeedsPlugin.on_post_build 0.123456 s"
            event, seconds = line.rsplit(PLUGIN_TIMING, 1)[1].split()[:2]
            plugin = event.split(".")[0]
            per_build[plugin] = per_build.get(plugin, 0.0) + float(seconds)
    for plugin, seconds in per_build.items():
        measure.plugin_seconds.setdefault(plugin, []).append(seconds)


class TreeMemory(threading.Thread):
    """The largest sum of resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(0.5):
            self.peak_mb = max(self.peak_mb, self._resident_bytes() / 2**20)

    def _resident_bytes(self) -> int:
        total = 0
        try:
            processes = [self.process, *self.process.children(recursive=True)]
        except psutil.NoSuchProcess:  # the build has just ended
            return 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:  # ended meanwhile
                pass
        return total

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def inspect(site: Path, measure: Measure) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    measure.output_bytes = sum(p.stat().st_size for p in files)
    item_pages = [
        p
        for s in SECTIONS
        for p in (site / s).rglob("index.html")
        if "page" not in p.relative_to(site / s).parts[:1] and p.parent != site / s
    ]
    if not item_pages:  # the blog variant puts posts under blog/
        item_pages = [
            p for p in (site / "blog").rglob("index.html") if p.parent.parent != site / "blog"
        ]
    if item_pages:
        measure.item_page_bytes = statistics.mean(p.stat().st_size for p in item_pages)
    measure.search_bytes = search_download(site)
    measure.median_search_bytes = search_download(site, chunk=_median)


def search_download(site: Path, chunk=max) -> int:
    """Bytes a reader downloads (gzip on the text files) to run one one-word query.

    For Pagefind (alerts-search), the files its search page fetches, as recorded in Chromium
    for a real query: the UI (pagefind-component-ui.js/.css), pagefind.js and its worker,
    its wasm, and for each part of the index (the main one, pagefind/, and each merged into
    it, pagefind/parts/<year>/: search/parts.py) its pagefind-entry.json, the language's
    .pf_meta, every filter chunk (the filter lists show counts) and ONE index chunk (a word
    lives in one: `chunk` picks it by size; the largest, a word in nearly every message,
    or the median one); then the fragments of the results on the first
    screen (Pagefind loads them as they scroll into view: five at 1280x900; the five largest
    of the whole index are taken). Pagefind's own files are gzip already and counted as
    they are; the scripts, styles and JSON are counted gzipped, as a server sends them. For
    Material's search: its whole search_index.json, gzipped.
    """
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        parts = [pagefind, *sorted((pagefind / "parts").glob("*"))]
        text = [
            pagefind / name
            for name in (
                "pagefind.js",
                "pagefind-worker.js",
                "pagefind-component-ui.js",
                "pagefind-component-ui.css",
            )
        ] + [part / "pagefind-entry.json" for part in parts]
        packed = sorted(pagefind.glob("wasm.*"))[:1]
        fragments = []
        for part in parts:
            packed += sorted(part.glob("*.pf_meta"))[:1]
            packed += sorted((part / "filter").glob("*.pf_filter"))
            packed.append(chunk((part / "index").glob("*"), key=lambda p: p.stat().st_size))
            fragments += (part / "fragment").glob("*")
        packed += sorted(fragments, key=lambda p: -p.stat().st_size)[:5]
        return sum(len(gzip.compress(p.read_bytes(), 9)) for p in text if p.exists()) + sum(
            p.stat().st_size for p in packed if p.exists()
        )
    index = site / "search" / "search_index.json"
    return len(gzip.compress(index.read_bytes())) if index.exists() else 0


# One change of each kind a communications officer publishes, in order, each followed by a
# build over the last build's caches (as on the server).
NEW_ALERT = """---
title: Urgent appeal for a missing man in Ely
date: 2024-06-01T10:30
category: appeal
severity: urgent
areas: [east-cambridgeshire]
---

Please call 999 if you see him.
"""


def publish_changes(root: Path, variants: dict[str, Path]) -> dict[str, object]:
    """Seconds to publish a new alert, an edit of an old one and a withdrawal into the
    built archive; then whether the site is byte for byte a cold build of that content."""
    project = variants["a-project"]
    content = project / "content"
    old_alerts = sorted((content / "alerts").rglob("*.md"))
    edited, withdrawn = old_alerts[0], old_alerts[len(old_alerts) // 2]

    def publish_new() -> None:
        (content / "alerts" / "bench-new-alert.md").write_text(NEW_ALERT, encoding="utf-8")

    def edit_old() -> None:
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("\n\n", "\n\nCorrected: \n\n", 1), encoding="utf-8")

    def withdraw() -> None:
        target = withdrawn.relative_to(content).with_suffix("").as_posix()
        (content / "alerts" / "bench-withdrawal.md").write_text(
            NEW_ALERT.replace("Urgent appeal for a missing man in Ely", "Appeal withdrawn")
            .replace("severity: urgent", f"status: cancel\nsupersedes: {target}")
            .replace("10:30", "11:30"),
            encoding="utf-8",
        )

    times: dict[str, object] = {}
    for name, change in (("publish", publish_new), ("edit", edit_old), ("withdrawal", withdraw)):
        print(f"{project.name}: {name}", file=sys.stderr)
        change()
        measure = Measure()
        build(project, measure, cold=False)
        times[name] = measure.seconds[0]
    # The same content from nothing: the publishes must have given the same bytes.
    check = root / "cold-check"
    shutil.copytree(project, check, ignore=shutil.ignore_patterns(".cache", "site", "*.log"))
    print("cold build of the changed content, to compare", file=sys.stderr)
    build(check, Measure())
    ours, cold = _hashes(project / "site"), _hashes(check / "site")
    times["differ"] = sorted(p for p in ours.keys() | cold.keys() if ours.get(p) != cold.get(p))
    return times


def _hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }


def changes_table(changes: list[tuple[int, float, dict[str, object]]]) -> str:
    lines = [
        "| N | cold s | publish a new alert s | edit an old alert s | withdrawal s "
        "| byte-identical to a cold build |",
        "|---|---|---|---|---|---|",
    ]
    for count, cold, t in changes:
        differ = t["differ"]
        same = "yes" if not differ else f"no: {len(differ)} files, e.g. {', '.join(differ[:3])}"
        lines.append(
            f"| {count} | {cold:.1f} | {t['publish']:.1f} | {t['edit']:.1f} "
            f"| {t['withdrawal']:.1f} | {same} |"
        )
    return "\n".join(lines) + "\n"


def _median(paths, key):
    """The path of median `key`, as `max` picks the largest."""
    ordered = sorted(paths, key=key)
    return ordered[len(ordered) // 2]


def table(rows: list[tuple[int, dict[str, Measure]]]) -> str:
    lines = [
        (
            "| N | variant | median s | a/b | a/c | peak MB (largest process / all) | output MB "
            "| bytes per item page "
            "| search KB per query (gzip: median word / most common) | plugin s (median) "
            "| second build plugin s (% of first) |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, results in rows:
        a = results["a-project"].median
        b = results["b-material"].median
        c = results["c-blog-rss"].median if "c-blog-rss" in results else None
        for name, m in results.items():
            plugins = ", ".join(
                f"{p} {statistics.median(s):.2f}" for p, s in sorted(m.plugin_seconds.items())
            )
            warm = "-"
            if m.warm_plugin_seconds is not None:
                share = m.warm_plugin_seconds / m.plugin_total
                warm = f"{m.warm_plugin_seconds:.2f} ({share:.1%})"
            lines.append(
                f"| {count} | {name} | {m.median:.1f} | "
                f"{a / b:.2f} | {f'{a / c:.2f}' if c else '-'} | "
                f"{max(m.peak_mb):.0f} / {max(m.peak_total_mb):.0f} | "
                f"{m.output_bytes / 1e6:.1f} | {m.item_page_bytes:.0f} | "
                f"{m.median_search_bytes / 1024:.0f} / {m.search_bytes / 1024:.0f} "
                f"| {plugins or '-'} | {warm} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
