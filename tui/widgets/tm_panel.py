"""Translation-memory matches of the current segment with their scores."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def score_percent(score: float) -> int:
    """Scores may come as 0..1 or 0..100."""
    return round(score * 100) if score <= 1 else round(score)


class TMPanel(OptionList):
    """Lists fuzzy matches; Enter (or the screen's key, via :meth:`use_highlighted`)
    posts :class:`UseRequested` for the highlighted one."""

    class UseRequested(Message):
        """Put this match's target in the editor (``score``: 0-100)."""

        def __init__(self, target: str, score: int) -> None:
            super().__init__()
            self.target = target
            self.score = score

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.matches: list[Any] = []

    def show(self, matches: list[Any]) -> None:
        self.matches = list(matches)
        self.clear_options()
        if not matches:
            self.add_option(Option(Text("no memory matches", style="dim"), disabled=True))
            return
        for i, m in enumerate(matches):
            pct = score_percent(m.score)
            style = "bold green" if pct == 100 else "yellow"
            line = Text(f"{pct:>3}% ", style=style)
            line.append(m.target)
            line.append(f"\n     {m.source}", style="dim")
            self.add_option(Option(line, id=str(i)))
        self.highlighted = 0

    @property
    def best(self) -> Any | None:
        return self.matches[0] if self.matches else None

    def use_highlighted(self) -> bool:
        """Ask for the highlighted match (the best when none is); False when there is none."""
        if not self.matches:
            return False
        self._use(self.highlighted or 0)
        return True

    def _use(self, index: int) -> None:
        m = self.matches[index]
        self.post_message(self.UseRequested(m.target, score_percent(m.score)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.matches and event.option.id is not None:
            self._use(int(event.option.id))
