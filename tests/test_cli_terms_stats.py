"""`ordbro terms stats`: sizes of a termbase and the state of its matcher cache."""

from __future__ import annotations

import json

import pytest

from glossary.cli import main
from glossary.matcher_cache import forget


@pytest.fixture
def run(capsys, tmp_path, monkeypatch):
    """Run `ordbro ARGS...`; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TERMS", raising=False)
    forget()

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return invoke


def test_stats_counts_terms_and_follows_the_cache(run, tmp_path):
    db = str(tmp_path / "terms.db")
    for sv, en in (("chipkrig", "chip war"), ("kiselskiva", "silicon wafer")):
        code, _, err = run("terms", "add", sv, en, "--pos", "noun", "--terms", db)
        assert code == 0, err
    code, out, _ = run("terms", "stats", "--terms", db, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["entries"] == 2
    assert data["terms"] == {"en": 2, "sv": 2}
    assert data["forms"] > 4  # inflected forms are stored for the Swedish terms
    assert data["cache"]["state"] == "missing"

    code, out, _ = run("terms", "stats", "--terms", db, "--build", "--json")
    cache = json.loads(out)["cache"]
    assert cache["state"] == "fresh" and cache["size"] > 0 and cache["terms"] == 2
    assert cache["build_seconds"] >= 0 and cache["built"].endswith("Z")

    run("terms", "add", "exportkontroll", "export control", "--terms", db)
    code, out, _ = run("terms", "stats", "--terms", db)
    assert code == 0
    assert "entries: 3 " in out
    assert "matcher cache sv-en: stale" in out
