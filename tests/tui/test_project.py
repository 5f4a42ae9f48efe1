"""Pilot tests of a job in the workbench: a folder of 20 files, progress, switching files
with their own undo, save all, and a crash that loses no edit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.tui.helpers import settle, type_text
from tui.job_state import state_path
from tui.screens.dialogs import Choice
from tui.screens.editor import EditorScreen
from tui.screens.project import ProjectScreen
from tui.widgets.file_list import FileList

FILES = 20


def make_job(folder: Path, files: int = FILES) -> Path:
    """``files`` Swedish documents (text and Markdown), plus files a job must skip."""
    folder.mkdir(parents=True)
    for i in range(files):
        ext = "md" if i % 4 == 3 else "txt"
        body = (
            f"Företaget säljer kiselskivor {i}.\n\n"
            f"Regeringen köper processorer till fabriken {i}.\n\n"
            "Exportkontroll gäller alla servrar.\n"
        )
        (folder / f"kap{i:02d}.{ext}").write_text(body, encoding="utf-8")
    (folder / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".hidden.txt").write_text("Dold text.\n", encoding="utf-8")
    (folder / "kap00.en.txt").write_text("An old translation.\n", encoding="utf-8")
    return folder


async def loaded(pilot) -> ProjectScreen:
    """Wait for the job to load; returns the file list screen."""
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProjectScreen)
    assert pilot.app.screen.job is not None
    return pilot.app.screen


def table_rows(screen: ProjectScreen) -> list[tuple[str, ...]]:
    """Each file's cells, checked against the line the list draws."""
    files = screen.query_one(FileList)
    rows = screen.shown
    for i, cells in enumerate(rows):
        drawn = files.line_text(i).split()
        assert drawn == " ".join(cells).split(), (drawn, cells)
    return rows


def summary(screen: ProjectScreen) -> str:
    return str(screen.query_one("#job-summary").render())


async def test_a_20_file_job_opens_switches_saves_all_and_shows_progress(make_app, tmp_path):
    folder = make_job(tmp_path / "job")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        files = await loaded(pilot)
        rows = table_rows(files)
        assert len(rows) == FILES
        assert rows[0][0] == "kap00.txt" and rows[3][0] == "kap03.md"
        assert rows[0][1].split() == ["0/3", "0%"]
        assert "20 files · 60 segments" in summary(files)
        skipped = str(files.query_one("#job-skipped").render())
        assert "bild.png: not a translatable file type (.png)" in skipped
        assert "kap00.en.txt: the translation of kap00.txt" in skipped
        assert ".hidden" not in skipped

        # open the first file, translate and confirm its first segment
        await pilot.press("enter")
        await settle(pilot)
        ed = app.editor
        assert isinstance(app.screen, EditorScreen)
        assert ed.sub_title.startswith("file 1/20 · kap00.txt")
        await type_text(pilot, "The company sells wafers 0.")
        await pilot.press("ctrl+j")
        await settle(pilot)
        first = ed.session
        assert first.rows[0].confirmed

        # the next file: its own document, its own undo
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert ed.sub_title.startswith("file 2/20 · kap01.txt")
        assert ed.session is not first and ed.session.rows[0].target == ""
        await type_text(pilot, "Draft")
        await pilot.press("ctrl+down")
        await pilot.press("ctrl+pageup")  # back to the first file, at the segment left
        await settle(pilot)
        assert ed.session is first and ed.current == 1
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert ed.session.rows[0].target == "Draft"
        await pilot.press("ctrl+z")
        assert ed.session.rows[0].target == ""  # undone in this file only
        assert first.rows[0].target == "The company sells wafers 0."

        # progress of the job
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen is files
        rows = table_rows(files)
        assert rows[0][1].split() == ["1/3", "33%"] and rows[0][4] == "unsaved"
        assert rows[1][4] == "unsaved" and rows[2][4] == ""
        assert "confirmed 1 (2%)" in summary(files)
        assert "unsaved files 2" in summary(files)

        # save all: every changed file is written beside its source
        await pilot.press("alt+s")
        await settle(pilot)
        out = folder / "kap00.en.txt"
        assert out.read_text(encoding="utf-8").startswith("The company sells wafers 0.\n\n")
        assert (folder / "kap01.en.txt").exists()
        assert not (folder / "kap02.en.txt").exists()
        assert not files.job.dirty_files()
        await pilot.pause(1.2)  # the state keeper runs every second
        await settle(pilot)
        assert "unsaved files 0" in summary(files)
        assert not state_path(files.job.key).exists()

        # the confirmed segment is in the translation memory
        memory = app.services.memory()
        assert memory.lookup("Företaget säljer kiselskivor 0.") == "The company sells wafers 0."


async def test_machine_translation_of_the_whole_job_fills_every_file(make_app, tmp_path):
    folder = make_job(tmp_path / "job", files=3)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        files = await loaded(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot, timeout=60)
        for f in files.job.files:
            assert all(r.status == "machine" and r.target for r in f.session.rows)
        await pilot.pause(1.1)
        assert [r[2] for r in table_rows(files)] == ["3/3"] * 3


async def _edit_then_crash(make_app, folder: Path) -> str:
    """Confirm one segment, type in another, wait for the state file, then stop unsaved."""
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("down", "down", "enter")  # the third file
        await settle(pilot)
        await type_text(pilot, "The company sells wafers 2.")
        await pilot.press("ctrl+j")
        await type_text(pilot, "Half done")
        await pilot.pause(1.2)
        await settle(pilot)
        key = app.project.job.key
        assert state_path(key).exists()
    # the app is gone without saving or asking (as after a crash)
    assert not (folder / "kap02.en.txt").exists()
    return key


async def test_after_a_crash_reopening_offers_to_restore_the_unsaved_edits(make_app, tmp_path):
    folder = make_job(tmp_path / "job", files=4)
    key = await _edit_then_crash(make_app, folder)

    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        assert "2 unsaved edit(s) in 1 file(s)" in app.screen.question
        await pilot.click("#restore")
        await settle(pilot)
        job = app.project.job
        rows = job.files[2].session.rows
        assert (rows[0].target, rows[0].status) == ("The company sells wafers 2.", "approved")
        assert (rows[1].target, rows[1].status) == ("Half done", "edited")
        assert job.files[2].dirty and not job.files[0].dirty
        assert "unsaved files 1" in summary(app.screen)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.editor.editor.text == "The company sells wafers 2."
        await pilot.press("ctrl+z")  # restoring is undoable
        assert rows[1].target == ""
        # the memory kept the confirmed segment through the crash as well
        memory = app.services.memory()
        assert memory.lookup("Företaget säljer kiselskivor 2.") == "The company sells wafers 2."
        await pilot.press("ctrl+q")
        await pilot.click("#quit")  # quit without saving: the unsaved edits are let go
        await settle(pilot)
    assert not state_path(key).exists()


async def test_discarding_the_restore_leaves_the_files_as_saved(make_app, tmp_path):
    folder = make_job(tmp_path / "job", files=4)
    key = await _edit_then_crash(make_app, folder)

    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert not state_path(key).exists()
        assert all(r.status == "new" for r in app.project.job.files[2].session.rows)
        await pilot.press("f1")  # the help lists the job's keys (a single file's does not)
        await settle(pilot)
        keys = app.screen.query_one("#help-keys", DataTable)
        actions = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
        assert {"Files of the job", "Next file", "Save all files"} <= actions


def test_a_folder_with_nothing_to_translate_is_a_one_line_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "bild.png").write_bytes(b"\x89PNG")
    env = {**os.environ, "ORDBRO_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-m", "glossary", "tui", str(folder)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == f"ordbro: error: {folder}: no file to translate here"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_job_skips_links_out_of_the_folder_as_the_batch_does(tmp_path):
    from glossary.batch_plan import plan_outputs
    from tui.project import discover

    folder = make_job(tmp_path / "job", files=2)
    outside = tmp_path / "secret.txt"
    outside.write_text("Hemligt.\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    files, skipped = discover([folder])
    assert [name for _, name in files] == ["kap00.txt", "kap01.txt"]
    assert ("link.txt", f"a link to {outside}, outside the input folder (not read)") in skipped
    refused: dict = {}
    plan_outputs([folder], tmp_path / "out", "en", refused)
    assert refused[folder / "link.txt"][1] == dict(skipped)["link.txt"]
