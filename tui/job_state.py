"""The job state file: a job's unsaved edits, kept so that a crash loses nothing.

One small JSON file per job in the user's data folder (``jobs/<digest>.json``, the digest
of the job's folder or files), written atomically while a file has unsaved changes and
removed once everything is saved or the translator quits without saving. Confirmed
segments are in the translation memory as well; this file also keeps the rest (typing,
machine translations) and which file each edit belongs to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.project import key_digest

VERSION = 1


def state_path(key: str) -> Path:
    """Where the state of the job named ``key`` is kept."""
    from glossary.paths import data_dir

    return data_dir() / "jobs" / f"{key_digest(key)}.json"


def write_state(key: str, edits: dict[str, list[dict[str, Any]]]) -> None:
    """Keep ``edits`` (see :meth:`tui.project.Job.unsaved_edits`); none removes the file."""
    path = state_path(key)
    if not edits:
        clear_state(key)
        return
    from glossary.safeio import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"version": VERSION, "job": key, "files": edits}
    atomic_write(path, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def read_state(key: str) -> dict[str, list[dict[str, Any]]]:
    """The edits a previous session left for this job ({} when none, or unreadable)."""
    try:
        body = json.loads(state_path(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(body, dict) or body.get("job") != key:
        return {}
    files = body.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        str(path): [e for e in rows if isinstance(e, dict)]
        for path, rows in files.items()
        if isinstance(rows, list)
    }


def clear_state(key: str) -> None:
    state_path(key).unlink(missing_ok=True)
