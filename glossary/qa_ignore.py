"""A project's ignore list: known false alarms a translator has silenced (as in Xbench).

The file is UTF-8 text, one rule per line, fields separated by tabs::

    # check          source                      target          (note, optional)
    term-missing     Media label                 Mediaetikett
    untranslated     zombie                      *               same word in Swedish
    number-mismatch  *six o'clock*               *

A rule silences the findings of its check (``*`` for any check) whose segment source
and target match its two patterns. Patterns are shell-style globs (``*`` any text,
``?`` one character) compared case-sensitively with the whole segment, whitespace
runs counted as one space. Lines starting with ``#`` and blank lines are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from pathlib import Path

from glossary.errors import InputError


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class IgnoreRule:
    """One line of an ignore list."""

    check: str
    source: re.Pattern[str]
    target: re.Pattern[str]

    def matches(self, check: str, source: str, target: str) -> bool:
        return (
            self.check in ("*", check)
            and self.source.fullmatch(_norm(source)) is not None
            and self.target.fullmatch(_norm(target)) is not None
        )


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(_norm(pattern)), re.DOTALL)


def read_ignore_list(path: str | Path, checks: tuple[str, ...]) -> list[IgnoreRule]:
    """The rules of an ignore list; InputError naming the line when one is malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the ignore list: {exc}") from None
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise InputError(
                f"{path}:{number}: expected CHECK<TAB>SOURCE<TAB>TARGET, got {line.strip()!r}"
            )
        check = fields[0].strip()
        if check != "*" and check not in checks:
            raise InputError(f"{path}:{number}: unknown check {check!r}")
        rules.append(IgnoreRule(check, _glob(fields[1]), _glob(fields[2])))
    return rules


def ignored(rules: list[IgnoreRule], check: str, source: str, target: str) -> bool:
    """Does any rule silence a ``check`` finding on this segment?"""
    return any(rule.matches(check, source, target) for rule in rules)
