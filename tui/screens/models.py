"""The models screen: installed models, the bundled starter model, install from a file."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from glossary.errors import OrdbroError
from tui.screens.dialogs import Prompt
from tui.services import ModelRow, Services


class ModelsScreen(Screen):
    """List and install translation models."""

    TITLE = "Models"
    BINDINGS = [
        Binding("ctrl+o", "install_file", "Install from file"),
        Binding("ctrl+r", "reload", "Refresh"),
    ]

    class Listed(Message):
        def __init__(self, models: list[ModelRow]) -> None:
            super().__init__()
            self.models = models

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.models: list[ModelRow] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield DataTable(id="models-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="starter-info")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Model", "Pair", "Version", "Size", "Kind")
        self.action_reload()

    def action_reload(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, group="models")
    def _list(self) -> None:
        try:
            models = self.services.installed_models()
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.post_message(self.Listed(models))

    def on_models_screen_listed(self, message: Listed) -> None:
        self.models = message.models
        table = self.query_one(DataTable)
        table.clear()
        for m in self.models:
            kind = "starter (bundled)" if m.starter else "installed"
            pair = f"{m.from_code}→{m.to_code}"
            table.add_row(m.name, pair, m.version, _size(m.size), kind)
        if not self.models:
            table.add_row("no model installed", "", "", "", "")
        installed = sum(not m.starter for m in self.models)
        self.sub_title = f"{installed} installed · {len(self.models) - installed} bundled"
        lines = [
            "An installed model for the language pair is used first; the bundled starter "
            "model (small, for trying ordbro out) when none is installed.",
            "Ctrl+O installs a .argosmodel file from disk (nothing is downloaded).",
        ]
        self.query_one("#starter-info", Static).update("\n".join(lines))

    def action_install_file(self) -> None:
        def done(value: str | None) -> None:
            if value:
                self._install(Path(value).expanduser())

        self.app.push_screen(Prompt("Install model file", "", "model.argosmodel"), done)

    @work(thread=True, exclusive=True, group="install")
    def _install(self, path: Path) -> None:
        try:
            name = self.services.install_model(path)
        except OrdbroError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Installed {name}.")
        self.app.call_from_thread(self.action_reload)


def _size(n: int) -> str:
    """Bytes as a short human size."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"
