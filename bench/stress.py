"""Stress test: the build stays correct on a busy machine, and a killed build changes nothing.

Every job works on a temporary copy of the project (mkdocs.yml, overrides/ and content/,
or a `git clone`), never on the working tree, and runs under "busy loops": one process per
core spinning `while True: pass`, so that the build's processes and threads compete for
the CPU and meet each other in unusual orders. The loops are killed at the end, also on
Ctrl-C or an error. Each job prints a line per run and a summary, and exits 1 on any
failure (the temporary folder is then kept, and named, for a post-mortem).

    builds   cold builds (no .cache/, no site/); after each one: exit code 0, the search
             index complete (pagefind-entry.json parses, the files it names exist,
             pagefind-worker.js is byte for byte the one the installed Pagefind writes),
             every file and folder readable by other users.
    tests    `./dev test -q` in a `git clone` of the repository (what is committed, not
             the working tree), run after run.
    kills    a good build, then a change to the content, then builds killed with SIGKILL
             at random moments and when given files appear in site.staging/; after each
             kill site/ must be byte for byte as before and no process the build started
             may outlive it by 5 seconds. A last build must then publish the change.

Usage (Linux; plain Python, psutil used when installed):

    .venv/bin/python bench/stress.py builds --count 100
    .venv/bin/python bench/stress.py tests --count 3
    .venv/bin/python bench/stress.py tests --count 1 --no-load
    .venv/bin/python bench/stress.py kills --count 30
    .venv/bin/python bench/stress.py kills --count 4 --seed 7 --keep

The builds run `python -m mkdocs` with --python (default: the project's .venv).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

try:
    import psutil
except ImportError:  # optional: /proc gives the same, on Linux
    psutil = None

REPO = Path(__file__).resolve().parents[1]
VENV_PYTHON = REPO / ".venv" / "bin" / "python"
PROJECT = ("mkdocs.yml", "overrides", "content")  # what a build of the site reads
MESSAGE_SECTIONS = ("alerts", "court-news", "guides")
CHANGED = " (changed)"
NEW_ALERT = "alerts/stress/stress-test-new-alert.md"
SURVIVAL_LIMIT = 5.0  # seconds a killed build's processes may take to end
POLL = 0.002  # seconds between looks for a file in site.staging/


# ----------------------------------------------------------------------------- load


# Each loop first asks to be killed when this script dies, even by SIGKILL, so that no
# loop spins on for ever (prctl PR_SET_PDEATHSIG, Linux only; elsewhere it just spins).
BUSY_LOOP = """
import ctypes, signal
try:
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)
except (OSError, AttributeError):
    pass
while True:
    pass
"""


@contextmanager
def busy_loops(enabled: bool = True) -> Iterator[None]:
    """One spinning process per core while the block runs; all killed when it ends."""
    loops: list[subprocess.Popen] = []
    try:
        if enabled:
            for _ in range(os.cpu_count() or 1):
                loops.append(subprocess.Popen([sys.executable, "-c", BUSY_LOOP]))
        yield
    finally:
        for loop in loops:
            loop.kill()
        for loop in loops:
            loop.wait()


def _stop_on_sigterm() -> None:
    """SIGTERM ends the script like Ctrl-C: through the `finally` blocks that kill the
    busy loops and the build."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


# ----------------------------------------------------------------------------- builds


def build_command(python: str) -> list[str]:
    return [python, "-m", "mkdocs", "build", "--strict"]


# One "now" for every build of a run, so that two builds of the same content are
# byte-identical (a killed build that had already swapped its site in is told apart so).
NOW = str(int(time.time()))


def build_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": NOW, **extra}


@dataclass
class BuildResult:
    returncode: int
    seconds: float
    output: str


def run_build(root: Path, python: str) -> BuildResult:
    """One `mkdocs build --strict` in `root`, to its end."""
    started = time.monotonic()
    done = subprocess.run(
        build_command(python),
        cwd=root,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return BuildResult(done.returncode, time.monotonic() - started, done.stdout + done.stderr)


def copy_project(root: Path) -> Path:
    """The files a build reads, copied into `root/site-source`; that folder."""
    target = root / "site-source"
    target.mkdir()
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


def clean(project: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(project / name, ignore_errors=True)


def reference_worker(root: Path, python: str) -> bytes:
    """pagefind-worker.js as the installed Pagefind program writes it for a one-page site.

    The file does not depend on the site (only on Pagefind's version) and is not stored
    as such in the program (it is compressed inside), so the program is asked for it.
    Comparing every byte is what catches a copy cut short: the JavaScript of a cut file
    may well parse (it is minified, and a cut can fall between two statements), and a
    check of its last characters would pass on a file cut at an earlier "})();".
    """
    site, output = root / "worker-site", root / "worker-bundle"
    site.mkdir()
    (site / "index.html").write_text(
        "<html lang='en'><body><main><h1>Reference</h1><p>One page.</p></main></body></html>"
    )
    done = subprocess.run(
        [
            python,
            "-m",
            "pagefind_bin",
            "--site",
            str(site),
            "--output-path",
            str(output),
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    worker = output / "pagefind-worker.js"
    if done.returncode != 0 or not worker.is_file():
        sys.exit(
            f"The installed Pagefind did not write a reference pagefind-worker.js:\n"
            f"{done.stdout}{done.stderr}"
        )
    return worker.read_bytes()


def check_search_index(site: Path, worker: bytes) -> list[str]:
    """Problems of site/pagefind/: the entry, the files it names, the worker script."""
    bundle = site / "pagefind"
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"pagefind/pagefind-entry.json cannot be read as JSON: {error}"]
    named = ["pagefind.js", "pagefind-worker.js"]
    for language in entry.get("languages", {}).values():
        # Pagefind loads pagefind.<hash>.pf_meta, then wasm.<wasm>.pagefind, per language.
        named += [f"pagefind.{language['hash']}.pf_meta", f"wasm.{language['wasm']}.pagefind"]
    if not entry.get("languages"):
        return ["pagefind/pagefind-entry.json names no language"]
    problems = [
        f"pagefind/{name} is named by the entry but missing"
        for name in named
        if not (bundle / name).is_file()
    ]
    if (bundle / "pagefind-worker.js").is_file():
        found = (bundle / "pagefind-worker.js").read_bytes()
        if found != worker:
            problems.append(
                f"pagefind/pagefind-worker.js is not the one Pagefind writes: "
                f"{len(found)} bytes instead of {len(worker)}, ending "
                f"{found[-40:]!r}"
            )
    return problems


def check_readable(site: Path) -> list[str]:
    """Paths under `site` that other users cannot read (files: o+r; folders: o+rx)."""
    problems = []
    for path in sorted([site, *site.rglob("*")]):
        mode = path.lstat().st_mode
        needed = 0o005 if path.is_dir() else 0o004
        if mode & needed != needed:
            problems.append(f"{path.relative_to(site.parent)} is {mode & 0o777:04o}")
    if problems:
        shown = problems[:10] + (
            [f"... and {len(problems) - 10} more"] if len(problems) > 10 else []
        )
        return [f"{len(problems)} paths not readable by others: " + "; ".join(shown)]
    return []


def check_build(
    project: Path, result: BuildResult, worker: bytes, readable: bool = True
) -> list[str]:
    """Everything wrong with a finished build and its site (`readable` False: except the
    files' modes)."""
    if result.returncode != 0:
        return [f"exit code {result.returncode}"]
    problems = check_search_index(project / "site", worker)
    return problems + (check_readable(project / "site") if readable else [])


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def seconds_summary(durations: list[float]) -> str:
    if not durations:
        return "no runs"
    return f"median {statistics.median(durations):.1f} s, max {max(durations):.1f} s"


def cmd_builds(args: argparse.Namespace, root: Path) -> bool:
    """`count` cold builds under load, each checked."""
    project = copy_project(root)
    worker = reference_worker(root, args.python)
    durations, failures = [], []
    with busy_loops(not args.no_load):
        for number in range(1, args.count + 1):
            clean(project, ".cache", "site")  # cold: nothing kept from the build before
            result = run_build(project, args.python)
            durations.append(result.seconds)
            problems = check_build(project, result, worker)
            status = "ok" if not problems else "FAILED: " + "; ".join(problems)
            print(f"build {number}/{args.count}: {result.seconds:.1f} s, {status}", flush=True)
            if problems:
                failures.append((number, problems, result.output))
    print(
        f"\nbuilds: {args.count - len(failures)} passed, {len(failures)} failed; "
        f"{seconds_summary(durations)}"
    )
    if failures:
        number, problems, output = failures[0]
        print(
            f"first failure, build {number}: {'; '.join(problems)}\n"
            f"its output, last lines:\n{tail(output)}"
        )
    return not failures


# ----------------------------------------------------------------------------- tests


def cmd_tests(args: argparse.Namespace, root: Path) -> bool:
    """`./dev test -q` in a clone of what is committed, `count` times in a row."""
    clone = root / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    results = []
    with busy_loops(not args.no_load):
        for number in range(1, args.count + 1):
            started = time.monotonic()
            # Its own environment: no PYTHONPATH or venv of ours leaks into the clone's.
            env = {
                k: v
                for k, v in os.environ.items()
                if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
            }
            done = subprocess.run(
                ["./dev", "test", "-q"],
                cwd=clone,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - started
            output = done.stdout + done.stderr
            (root / f"tests-{number}.log").write_text(output)
            # pytest's closing line ("1 failed, 1249 passed in 662.42s"), not pip's warnings.
            summary = re.findall(
                r"^=*\s*(\d+ (?:passed|failed|error).*?)\s*=*$", output, re.MULTILINE
            )
            last = summary[-1] if summary else "(no pytest summary: see the log)"
            note = " (includes creating the clone's .venv)" if number == 1 else ""
            print(
                f"tests {number}/{args.count}: exit code {done.returncode}, {seconds:.0f} s"
                f"{note}: {last}",
                flush=True,
            )
            results.append((done.returncode, seconds, output))
    failed = [(n, out) for n, (code, _, out) in enumerate(results, 1) if code != 0]
    print(
        f"\ntest runs: {len(results) - len(failed)} passed, {len(failed)} failed; "
        f"{seconds_summary([s for _, s, _ in results])}; logs in {root}"
    )
    if failed:
        number, output = failed[0]
        failures = [line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))]
        print(f"first failing run, {number}:\n" + "\n".join(failures[:30] or [tail(output)]))
    return not failed


# ----------------------------------------------------------------------------- kills


def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    """Each path under `site`: (sha256 of its bytes, or "dir"), and its mode."""
    found = {}
    if not site.is_dir():
        return found
    for path in sorted(site.rglob("*")):
        mode = path.lstat().st_mode & 0o7777
        digest = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        found[path.relative_to(site).as_posix()] = (digest, mode)
    return found


def differences(before: dict, after: dict) -> list[str]:
    changed = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            changed.append(f"{path} (removed)")
        elif path not in before:
            changed.append(f"{path} (added)")
        elif before[path][0] != after[path][0]:
            changed.append(f"{path} (content)")
        elif before[path][1] != after[path][1]:
            changed.append(f"{path} (mode {before[path][1]:o} -> {after[path][1]:o})")
    return changed


@dataclass(frozen=True)
class Proc:
    pid: int
    started: float  # start time: a pid reused by another process is not the same process
    parent: int
    zombie: bool
    command: str


def processes() -> dict[int, Proc]:
    """Every process of the machine."""
    table = {}
    if psutil is not None:
        for process in psutil.process_iter(["pid", "ppid", "create_time", "status", "cmdline"]):
            info = process.info
            table[info["pid"]] = Proc(
                info["pid"],
                info["create_time"] or 0.0,
                info["ppid"] or 0,
                info["status"] == psutil.STATUS_ZOMBIE,
                " ".join(info["cmdline"] or []),
            )
        return table
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            command = (
                Path(entry.path, "cmdline")
                .read_bytes()
                .replace(b"\0", b" ")
                .decode(errors="replace")
                .strip()
            )
        except OSError:  # ended meanwhile
            continue
        # The command name, in brackets, may hold spaces: the fields follow the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = Proc(
            int(entry.name), float(fields[19]), int(fields[1]), fields[0] == "Z", command
        )
    return table


def process_tree(pid: int) -> list[Proc]:
    """`pid` and every process whose chain of parents leads to it."""
    table = processes()
    tree = [table[pid]] if pid in table else []
    for process in tree:  # grows while it is walked: children, grandchildren...
        tree += [child for child in table.values() if child.parent == process.pid]
    return tree


def marked(mark: str) -> list[Proc]:
    """The processes that inherited the environment variable STRESS_MARK=mark: those the
    build started after the tree was recorded, which the tree cannot know of."""
    needle = f"STRESS_MARK={mark}".encode()
    found = []
    for pid, process in processes().items():
        try:
            if needle in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                found.append(process)
        except OSError:
            continue
    return found


def survivors(tree: list[Proc], mark: str) -> list[Proc]:
    """The processes of a killed build still alive; a zombie is dead (its parent has yet
    to reap it) and is not counted."""
    table = processes()
    alive = [
        table[p.pid]
        for p in tree
        if p.pid in table and table[p.pid].started == p.started and not table[p.pid].zombie
    ]
    alive += [p for p in marked(mark) if not p.zombie and p.pid not in {a.pid for a in alive}]
    return alive


@dataclass(frozen=True)
class Moment:
    """When to kill a build: after `delay` seconds, or once `appeared` is true of the
    staging folder."""

    label: str
    delay: float | None = None
    appeared: Callable[[Path], bool] | None = None


def file_events(site: Path) -> list[Moment]:
    """Moments when a file appears in site.staging/: those of the brief that a real
    build (this `site`) has, in the order a build writes them, roughly."""

    def first_file_under(folder: str) -> Callable[[Path], bool]:
        def seen(staging: Path) -> bool:
            for _, _, files in os.walk(staging / folder):
                if files:
                    return True
            return False

        return seen

    def exists(path: str) -> Callable[[Path], bool]:
        return lambda staging: (staging / path).exists()

    events = []
    if (site / "assets").is_dir():
        events.append(Moment("first file under assets/", appeared=first_file_under("assets")))
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "alerts").glob("*/*/index.html"))
    if pages:
        middle = pages[len(pages) // 2]
        events.append(Moment(f"{middle} (an alert in the middle)", appeared=exists(middle)))
    for path in ("email/index.html", "rss.xml", "sitemap.xml", "pagefind/pagefind-entry.json"):
        if (site / path).is_file():
            events.append(Moment(path, appeared=exists(path)))
    return events


def change_content(project: Path) -> list[Path]:
    """Append CHANGED to every message's title and add an alert; the changed files."""
    changed = []
    for section in MESSAGE_SECTIONS:
        for path in sorted((project / "content" / section).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if path.name == "index.md" or not text.startswith("---"):
                continue
            # The first title line of the front matter, quoted or not.
            new = re.sub(
                r'^(title: *)(?:"(.*)"|(.*?)) *$',
                lambda m: f'{m[1]}"{(m[2] if m[2] is not None else m[3])}{CHANGED}"',
                text,
                count=1,
                flags=re.MULTILINE,
            )
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path)
    new_alert = project / "content" / NEW_ALERT
    new_alert.parent.mkdir(parents=True, exist_ok=True)
    yesterday = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    new_alert.write_text(
        f'---\ntitle: "A new alert from the stress test{CHANGED}"\n'
        f"date: {yesterday}\ncategory: theft\n---\n\n"
        "Added by bench/stress.py after the first build.\n",
        encoding="utf-8",
    )
    changed.append(new_alert)
    return changed


def page_of(project: Path, message: Path) -> Path:
    """Where a message is published (use_directory_urls: a folder per page)."""
    relative = message.relative_to(project / "content").with_suffix("")
    return project / "site" / relative / "index.html"


@dataclass
class Kill:
    number: int
    moment: str
    cache: str
    outcome: str  # "killed" or "finished" (the build ended before its moment)
    at: float  # seconds after the build started
    tree: int
    site_changes: list[str]
    survivors: list[Proc]
    # The site it left, when it differs from the good one: a kill that came after the new
    # site was swapped in finds it published whole (the same as the last build's).
    site_after: dict | None = None


def kill_build(
    project: Path, python: str, moment: Moment, mark: str, log: Path
) -> tuple[str, float, list[Proc], subprocess.Popen]:
    """Start a build and SIGKILL it at `moment`: ("killed", when, its process tree then),
    or ("finished", ...) when it ended first."""
    staging = project / "site.staging"
    # The last killed build's staging folder would look like progress of this one (the
    # build removes such a leftover itself: the last build after the kills shows it).
    clean(project, "site.staging")
    with open(log, "wb") as output:  # a file, not a pipe: nothing blocks on a full pipe
        build = subprocess.Popen(
            build_command(python),
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=build_env(STRESS_MARK=mark),
        )
    started = time.monotonic()
    try:
        while build.poll() is None:
            now = time.monotonic() - started
            if moment.delay is not None and now >= moment.delay:
                break
            if moment.appeared is not None and moment.appeared(staging):
                break
            time.sleep(POLL if moment.appeared else min(POLL, max(0.0, moment.delay - now)))
        else:
            return "finished", time.monotonic() - started, [], build
        tree = process_tree(build.pid)  # right before the kill: who the build started
        build.kill()
        at = time.monotonic() - started
        build.wait()  # reaped: our own child is no zombie
        return "killed", at, tree, build
    except BaseException:
        build.kill()
        build.wait()
        raise


def wait_for_survivors(tree: list[Proc], mark: str) -> list[Proc]:
    """The build's processes still alive SURVIVAL_LIMIT seconds after the kill (polled,
    so that a clean kill costs no 5 seconds)."""
    deadline = time.monotonic() + SURVIVAL_LIMIT
    while True:
        alive = survivors(tree, mark)
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def check_final(
    project: Path, changed: list[Path], result: BuildResult, worker: bytes
) -> list[str]:
    """The build after the kills: it passes, publishes the change and leaves nothing."""
    problems = check_build(project, result, worker, readable=False)
    for leftover in ("site.staging", "site.previous"):
        if (project / leftover).exists():
            problems.append(f"{leftover}/ was left behind")
    for message in changed:
        page = page_of(project, message)
        if not page.is_file():
            problems.append(f"{page.relative_to(project)} missing")
        elif CHANGED not in page.read_text(encoding="utf-8"):
            problems.append(f"{page.relative_to(project)} does not show the changed title")
    return problems


def cmd_kills(args: argparse.Namespace, root: Path) -> bool:
    """A good build, a change, then `count` builds killed at chosen moments."""
    rng = random.Random(args.seed)
    project = copy_project(root)
    worker = reference_worker(root, args.python)
    kept = root / "published"  # the good build's site, to put back if a build finishes
    kills: list[Kill] = []
    with busy_loops(not args.no_load):
        good = run_build(project, args.python)
        # The modes are the `builds` job's business: a wrong one is noted, not fatal here,
        # so that what a kill does can be tested whatever the state of that fix.
        problems = check_build(project, good, worker, readable=False)
        if problems:
            print(f"the good build failed: {'; '.join(problems)}\n{tail(good.output)}")
            return False
        for note in check_readable(project / "site"):
            print(f"note (not counted here): {note[:300]}")
        print(f"good build: {good.seconds:.1f} s", flush=True)
        shutil.copytree(project / "site", kept, symlinks=True)
        before = snapshot(project / "site")
        events = file_events(project / "site")
        changed = change_content(project)
        print(
            f"changed {len(changed) - 1} titles and added {NEW_ALERT}; file events: "
            f"{', '.join(e.label for e in events)}",
            flush=True,
        )
        for number in range(1, args.count + 1):
            # Moments alternate between a random time and a file event; the cache is
            # removed on every other pair of runs, so each kind of moment meets a cold and
            # a warm cache (alternating both in step would always pair them alike).
            if number % 2:
                delay = rng.uniform(0.1, good.seconds)
                moment = Moment(f"at {delay:.2f} s (random)", delay=delay)
            else:
                moment = events[(number // 2 - 1) % len(events)]
            cold = ((number - 1) // 2) % 2 == 0
            if cold:
                clean(project, ".cache")
            mark = uuid.uuid4().hex
            outcome, at, tree, _ = kill_build(
                project, args.python, moment, mark, root / f"kill-{number}.log"
            )
            alive = wait_for_survivors(tree, mark) if outcome == "killed" else []
            after = snapshot(project / "site")
            kill = Kill(
                number,
                moment.label,
                "removed" if cold else "kept",
                outcome,
                at,
                len(tree),
                [],
                alive,
            )
            if outcome == "killed":
                kill.site_changes = differences(before, after)
            if kill.site_changes:
                kill.site_after = after
            if outcome != "killed" or kill.site_changes:
                # Not a kill, or one after the swap: the build published the change. The good
                # site goes back, so that the next kills are judged against it again.
                clean(project, "site")
                shutil.copytree(kept, project / "site", symlinks=True)
            kills.append(kill)
            print(report_kill(kill, args.count), flush=True)
        final = run_build(project, args.python)
    published = snapshot(project / "site")
    for kill in kills:
        if kill.site_after == published:  # killed after its swap: the new site, whole
            print(
                f"kill {kill.number}: came after the new site was swapped in, which is the "
                "same as the last build's: published whole, not changed"
            )
            kill.site_changes = []
    problems = check_final(project, changed, final, worker)
    print(
        f"last build: {final.seconds:.1f} s, "
        f"{'ok' if not problems else 'FAILED: ' + '; '.join(problems)}"
    )
    if problems and final.returncode != 0:
        print(tail(final.output))
    return summarise_kills(kills) and not problems


def report_kill(kill: Kill, count: int) -> str:
    head = f"kill {kill.number}/{count}: cache {kill.cache}, moment {kill.moment}: "
    if kill.outcome == "finished":
        return head + f"the build finished first ({kill.at:.1f} s): not a kill"
    verdict = (
        "site unchanged"
        if not kill.site_changes
        else (f"SITE CHANGED ({len(kill.site_changes)} paths)")
    )
    alive = "no survivor" if not kill.survivors else f"{len(kill.survivors)} SURVIVORS"
    return head + f"killed at {kill.at:.2f} s, {kill.tree} in its process tree, {verdict}, {alive}"


def summarise_kills(kills: list[Kill]) -> bool:
    done = [k for k in kills if k.outcome == "killed"]
    moments = Counter(k.moment if "random" not in k.moment else "random" for k in done)
    print(
        f"\nkills: {len(done)} of {len(kills)} builds killed "
        f"({len(kills) - len(done)} finished before their moment)"
    )
    print("moments: " + ", ".join(f"{label} x{n}" for label, n in moments.items()))
    changed = [k for k in done if k.site_changes]
    survived = [k for k in done if k.survivors]
    print(f"site changed after {len(changed)} kills; processes survived {len(survived)} kills")
    for kill in changed:
        shown = kill.site_changes[:20]
        more = len(kill.site_changes) - len(shown)
        print(
            f"  kill {kill.number} ({kill.moment}) changed: "
            + ", ".join(shown)
            + (f" and {more} more" if more else "")
        )
    for kill in survived:
        for process in kill.survivors:
            print(
                f"  kill {kill.number} ({kill.moment}): pid {process.pid} alive after "
                f"{SURVIVAL_LIMIT:g} s: {process.command[:150]}"
            )
    return not changed and not survived


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python",
        default=str(VENV_PYTHON if VENV_PYTHON.exists() else sys.executable),
        help="the interpreter that runs MkDocs (default: the project's .venv)",
    )
    parser.add_argument("--no-load", action="store_true", help="no busy loops")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder even when everything passed"
    )
    jobs = parser.add_subparsers(dest="job", required=True)
    jobs.add_parser("builds", help="cold builds, each checked").add_argument(
        "--count", type=int, default=100
    )
    jobs.add_parser("tests", help="./dev test -q in a clone").add_argument(
        "--count", type=int, default=3
    )
    kills = jobs.add_parser("kills", help="builds killed at chosen moments")
    kills.add_argument("--count", type=int, default=30)
    kills.add_argument("--seed", type=int, default=None, help="for the random moments")
    # Also accepted after the job's name: `stress.py tests --count 1 --no-load`.
    for job in jobs.choices.values():
        job.add_argument("--no-load", action="store_true", default=argparse.SUPPRESS)
        job.add_argument("--keep", action="store_true", default=argparse.SUPPRESS)
    args = parser.parse_args()

    _stop_on_sigterm()
    root = Path(tempfile.mkdtemp(prefix=f"stress-{args.job}-"))
    passed = False
    try:
        passed = {"builds": cmd_builds, "tests": cmd_tests, "kills": cmd_kills}[args.job](
            args, root
        )
    except KeyboardInterrupt:
        print("\ninterrupted")
    finally:
        if passed and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"the temporary folder is kept: {root}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
