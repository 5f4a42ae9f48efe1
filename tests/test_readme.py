"""The README's examples stay true: its JSON report example is what a real run prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_cli_translate import run

README = Path(__file__).resolve().parents[1] / "README.md"


def _report_example() -> tuple[str, dict]:
    """(the command's input text, the JSON shown) of the README's report example."""
    text = README.read_text(encoding="utf-8")
    m = re.search(r"From `ordbro translate news\.txt --report -`.*?```json\n(.*?)```", text, re.S)
    assert m, "the README's --report example is gone"
    shown = json.loads(m.group(1))
    return shown["files"][0]["segments"][0]["source"] + "\n", shown


def test_the_readme_report_example_is_what_a_run_prints(isolated_home, tmp_path, monkeypatch):
    source, shown = _report_example()
    monkeypatch.chdir(tmp_path)
    Path("news.txt").write_text(source, encoding="utf-8")
    code, out, err = run(["translate", "news.txt", "--report", "-"], b"", monkeypatch)
    assert code == 0, err
    got = json.loads(err[err.index("{\n") : err.rindex("}") + 1])
    assert out.decode() == shown["segments"][0]["target"] + "\n"
    score = got["segments"][0]["confidence"].pop("score")
    assert score == pytest.approx(shown["segments"][0]["confidence"].pop("score"), abs=0.01)
    assert got["segments"] == shown["segments"]
    assert got["summary"] == shown["summary"]
    assert got["files"] == shown["files"]
    assert {k: v for k, v in got["model"].items() if k != "path"} == {
        k: v for k, v in shown["model"].items() if k != "path"
    }
    assert Path(got["termbase"]).name == Path(shown["termbase"]).name == "terms.db"
    assert set(got) == set(shown)
