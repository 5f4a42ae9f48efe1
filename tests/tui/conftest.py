"""Fixtures for the workbench tests: a real termbase, memory, document and the tiny model."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from glossary.termtypes import Entry, Term

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "rapport.sv.txt"


def entry(sv: str, en: str, status: str = "preferred", dnt: bool = False, **kw) -> Entry:
    """A two-language noun entry."""
    return Entry(
        id=None,
        glossary=kw.pop("glossary", "tech"),
        subject_field=kw.pop("subject_field", "semiconductors"),
        terms=[
            Term(
                None,
                None,
                "sv",
                sv,
                pos="noun",
                gender=kw.pop("gender", "common"),
                status=status,
                dnt=dnt,
            ),
            Term(None, None, "en", en, pos="noun", status="preferred", dnt=dnt),
        ],
    )


GLOSSARY = [
    entry("exportkontroll", "export control"),
    entry("kiselskiva", "wafer", gender="common"),
    entry("processor", "processor", status="admitted", subject_field="computing"),
    entry("Nvidia", "Nvidia", dnt=True, subject_field="names"),
    entry("knapp", "knob", status="forbidden", glossary="ui", subject_field="computing"),
]


@pytest.fixture
def terms_db(tmp_path) -> Path:
    """A real termbase file with a few entries (no chipkrig: the scenario adds it)."""
    from glossary.termbase import Termbase

    path = tmp_path / "terms.db"
    with Termbase.open(path) as tb:
        for e in GLOSSARY:
            tb.add_entry(e)
    return path


@pytest.fixture
def sample_doc(tmp_path) -> Path:
    """A copy of the Swedish sample document (tests may overwrite outputs beside it)."""
    out = tmp_path / "docs" / SAMPLE.name
    out.parent.mkdir()
    shutil.copy(SAMPLE, out)
    return out


@pytest.fixture
def make_app(isolated_home, terms_db, tiny_package_dir, tmp_path) -> Callable:
    """Build the workbench on the tiny model, the test termbase and an empty memory."""
    from tui import create_app

    def make(path: Path | None = None, **kwargs):
        kwargs.setdefault("terms", terms_db)
        kwargs.setdefault("model", str(tiny_package_dir))
        kwargs.setdefault("memory", tmp_path / "memory.db")
        return create_app(path, **kwargs)

    return make
