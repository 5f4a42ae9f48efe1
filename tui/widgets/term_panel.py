"""Term hits of the current segment with their approved targets."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from glossary.termtypes import Hit

STATUS_STYLES = {
    "preferred": "green",
    "admitted": "cyan",
    "deprecated": "yellow",
    "forbidden": "bold red",
}


def describe(hit: Hit) -> Text:
    """One line: source → target, with its status."""
    text = Text()
    text.append(hit.text, style="bold")
    text.append(" → ")
    if hit.dnt:
        text.append(hit.source, style="magenta")
        text.append("  do not translate", style="dim magenta")
        return text
    text.append(hit.target or "—")
    text.append(f"  {hit.status}", style=STATUS_STYLES.get(hit.status, "dim"))
    return text


class TermPanel(OptionList):
    """Lists the hits; Enter asks the screen to insert the highlighted term."""

    class InsertRequested(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []

    def show(self, hits: list[Hit]) -> None:
        self.hits = list(hits)
        self.clear_options()
        if not hits:
            self.add_option(Option(Text("no terms in this segment", style="dim"), disabled=True))
            return
        self.add_options([Option(describe(h), id=str(i)) for i, h in enumerate(hits)])
        self.highlighted = 0

    @property
    def selected_hit(self) -> Hit | None:
        if not self.hits:
            return None
        i = self.highlighted if self.highlighted is not None else 0
        return self.hits[min(i, len(self.hits) - 1)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.hits and event.option.id is not None:
            self.post_message(self.InsertRequested(self.hits[int(event.option.id)]))
