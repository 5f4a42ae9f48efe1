"""The workbench application and its factory, shared by the CLI and the tests."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.keys import palette_commands
from tui.screens.dialogs import Choice
from tui.screens.editor import EditorScreen
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.models import ModelsScreen
from tui.screens.project import ProjectScreen
from tui.services import Services, Settings

THEMES = ("textual-dark", "textual-light")
_QUIT_CHOICES = [("save", "Save and quit"), ("quit", "Quit without saving"), ("cancel", "Cancel")]


class OrdbroApp(App):
    """Three screens (modes): editor, glossary, models; plus help and dialogs."""

    TITLE = "ordbro"
    CSS_PATH = ["styles/app.tcss", "styles/editor.tcss", "styles/glossary.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "switch_mode('editor')", "Editor", show=False),
        Binding("f3", "switch_mode('glossary')", "Glossary", show=False),
        Binding("f4", "switch_mode('models')", "Models", show=False),
        Binding("f5", "toggle_theme", "Light/dark", show=False),
        Binding("f6", "candidates", "Term candidates", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f7", "switch_mode('project')", "Files of the job", show=False, priority=True),
        Binding("ctrl+pagedown", "step_file(1)", "Next file", show=False, priority=True),
        Binding("ctrl+pageup", "step_file(-1)", "Previous file", show=False, priority=True),
        Binding("alt+s", "save_all", "Save all files", show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services,
        path: Path | None = None,
        theme: str | None = None,
        job: list[Path] | None = None,
    ):
        super().__init__()
        self.services = services
        self.initial_path = path
        self.editor = EditorScreen(services, path)
        self.add_mode("editor", lambda: self.editor)
        self.project: ProjectScreen | None = None  # the file list of a job
        if job:
            self.project = ProjectScreen(services, job)
            self.add_mode("project", lambda: self.project)
        self.add_mode("glossary", lambda: GlossaryScreen(services))
        self.add_mode("models", lambda: ModelsScreen(services))
        if theme:
            self.theme = theme

    async def on_mount(self) -> None:
        await self.switch_mode("editor")
        if self.project is not None:
            await self.switch_mode("project")  # the editor is ready to show the job's files

    def on_unmount(self) -> None:
        self.services.close()  # stop the translation process
        gc.unfreeze()  # the editor froze its objects to keep collections short

    # -- actions ---------------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_candidates(self) -> None:
        """Candidate terms of the open document (accept, edit, reject)."""
        from tui.screens.candidates import CandidatesScreen

        if isinstance(self.screen, CandidatesScreen):
            return
        editor = self.editor
        sources = [row.source for row in editor.session.rows]
        if not sources:
            self.notify("Open a document first.", severity="warning")
            return
        self.push_screen(CandidatesScreen(self.services, sources, on_change=editor.terms_changed))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("step_file", "save_all") or parameters == ("project",):
            return self.project is not None and self.project.job is not None
        return True

    def action_step_file(self, delta: int) -> None:
        if self.project is not None:
            self.project.step(delta)

    def action_save_all(self) -> None:
        if self.project is not None:
            self.project.save_all()

    async def action_quit(self) -> None:
        """Quit, asking first when the document (or a file of the job) has unsaved changes."""
        job = self.project.job if self.project is not None else None
        keeper = self.project.keeper if self.project is not None else None
        unsaved = len(job.dirty_files()) if job is not None else int(self.editor.session.dirty)
        if not unsaved:
            if keeper is not None:
                keeper.discard()
            self.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "quit":
                if keeper is not None:
                    keeper.discard()
                self.exit()
            elif choice == "save" and self.project is not None and job is not None:
                self.project.save_all(self.exit)
            elif choice == "save":
                self.editor.save_then(self.exit)

        question = "The translation has unsaved changes."
        if job is not None:
            question = f"{unsaved} file(s) of the job have unsaved changes."
        self.push_screen(Choice(question, _QUIT_CHOICES), answer)

    # -- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from palette_commands(self, screen)
        yield SystemCommand("Help", "Show the key bindings (F1)", self.action_help)
        yield SystemCommand(
            "Editor screen", "Translate the document (F2)", lambda: self.switch_mode("editor")
        )
        yield SystemCommand(
            "Glossary screen", "Search and edit terms (F3)", lambda: self.switch_mode("glossary")
        )
        yield SystemCommand(
            "Models screen", "Installed translation models (F4)", lambda: self.switch_mode("models")
        )
        yield SystemCommand(
            "Term candidates",
            "Extract the document's terms; accept, edit or reject each (F6)",
            self.action_candidates,
        )
        yield SystemCommand("Light/dark theme", "Toggle the theme (F5)", self.action_toggle_theme)
        if self.project is not None:
            yield SystemCommand(
                "Files of the job",
                "Progress of every file; open one (F7)",
                lambda: self.switch_mode("project"),
            )
            yield SystemCommand(
                "Save all files", "Save every changed file (Alt+S)", self.action_save_all
            )
        yield from super().get_system_commands(screen)


def create_app(
    path: Path | str | Sequence[Path | str] | None = None,
    terms: Path | str | None = None,
    model: str | None = None,
    memory: Path | str | None = None,
    from_code: str = "sv",
    to_code: str = "en",
    theme: str | None = None,
    services: Services | None = None,
    sentences: bool = True,
) -> OrdbroApp:
    """Build the workbench: open ``path`` (optional) with termbase ``terms`` and ``model``;
    ``sentences`` False makes each paragraph one segment.

    A folder, or a list of more than one file, opens as a job (see :mod:`tui.project`)."""
    if services is None:
        services = Services(
            Settings(
                terms_path=Path(terms) if terms else None,
                memory_path=Path(memory) if memory else None,
                model=model,
                from_code=from_code,
                to_code=to_code,
                sentences=sentences,
            )
        )
    paths = [Path(p) for p in ([path] if isinstance(path, str | Path) else path or [])]
    if len(paths) > 1 or (paths and paths[0].is_dir()):
        return OrdbroApp(services, None, theme=theme, job=paths)
    return OrdbroApp(services, paths[0] if paths else None, theme=theme)
