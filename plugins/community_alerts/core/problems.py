"""Problems found in content: one line each, naming file, line, field and the fix."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One finding in one file. Errors stop the build, warnings stop a strict build."""

    path: str  # the file's path under the content folder
    field: str | None
    message: str  # what was found and what to write instead
    line: int | None = None
    level: str = "error"  # "error", "warning" or "info"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        # One line, whatever the writer's text held: control characters are shown escaped.
        return _CONTROL.sub(lambda c: f"\\x{ord(c[0]):02x}", f"{where}: {self.message}")


def did_you_mean(found: object, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint for a near miss, or an empty string."""
    if not isinstance(found, str):
        return ""
    matches = difflib.get_close_matches(found.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def report(problems: Iterable[Problem]) -> str:
    """Problems as one block, one per line, in file order."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
    return "\n".join(str(problem) for problem in ordered)
