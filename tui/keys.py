"""Key bindings turned into help rows and command-palette entries, so both stay in sync."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode


def declared_bindings(node: DOMNode) -> Iterator[Binding]:
    """The bindings declared on ``node``'s class and its bases (most specific first)."""
    for cls in type(node).__mro__:
        for item in cls.__dict__.get("BINDINGS", []):
            yield item if isinstance(item, Binding) else Binding(*item)


def key_label(app: App, binding: Binding) -> str:
    """All keys of a binding as the footer shows them: "ctrl+enter, ctrl+j" -> "^enter / ^j"."""
    keys = [k.strip() for k in binding.key.split(",") if k.strip()]
    return " / ".join(app.get_key_display(replace(binding, key=k, key_display=None)) for k in keys)


def binding_rows(app: App, screen: DOMNode) -> list[tuple[str, str]]:
    """(keys, description) of every described binding of ``screen`` and then of ``app``."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for node in (screen, app):
        for b in declared_bindings(node):
            if not b.description or b.action in seen or not _enabled(node, b.action):
                continue
            seen.add(b.action)
            rows.append((key_label(app, b), b.description))
    return rows


def palette_commands(app: App, screen: DOMNode) -> Iterator[SystemCommand]:
    """A command-palette entry for every described binding of ``screen`` (run on that screen)."""
    seen: set[str] = set()
    for b in declared_bindings(screen):
        if not b.description or b.action in seen or b.action.startswith("dismiss"):
            continue
        seen.add(b.action)
        help_text = b.tooltip or f"Key: {key_label(app, b)}"

        def run(action: str = b.action, node: DOMNode = screen) -> None:
            app.call_later(node.run_action, action)

        yield SystemCommand(b.description, help_text, run)


def _enabled(node: DOMNode, action: str) -> bool:
    """Whether ``node`` allows ``action`` now (a job's keys are left out without a job)."""
    from textual.actions import parse

    _, name, parameters = parse(action)
    return node.check_action(name, parameters) is not False
