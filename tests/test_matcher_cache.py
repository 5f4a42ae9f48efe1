"""The compiled-matcher cache beside a termbase: used when current, rebuilt when not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import matcher_cache
from glossary.matcher import TermMatcher
from glossary.termbase import Termbase
from glossary.termtypes import Entry, Term

ROOT = Path(__file__).resolve().parents[1]


def _entry(sv: str, en: str, **kw) -> Entry:
    return Entry(
        None,
        terms=[Term(None, None, "sv", sv, pos="noun", **kw), Term(None, None, "en", en)],
    )


@pytest.fixture
def tb(tmp_path):
    matcher_cache.forget()
    termbase = Termbase.open(tmp_path / "terms.db")
    termbase.add_entries(
        [
            _entry("chipkrig", "chip war", gender="neuter"),
            _entry("kiselskiva", "silicon wafer", gender="common"),
        ]
    )
    yield termbase
    termbase.close()
    matcher_cache.forget()


def _load(tb, notes=None):
    """A matcher as a new process would get it (nothing held in memory)."""
    matcher_cache.forget()
    return matcher_cache.load_matcher(
        tb, TermMatcher, note=(notes.append if notes is not None else None)
    )


def _targets(matcher, text: str) -> list[str | None]:
    return [h.target for h in matcher.find(text) if not h.covered]


def _header(path: Path) -> dict:
    with open(path, "rb") as f:
        f.readline()
        return json.loads(f.readline())


def test_a_cached_matcher_is_loaded_not_rebuilt(tb):
    notes: list[str] = []
    first = _load(tb, notes)
    path = matcher_cache.cache_path(tb.path, None, "sv", "en")
    assert path.is_file() and path.parent == tb.path.parent
    built = _header(path)["built"]
    stamp = path.stat().st_mtime_ns
    second = _load(tb, notes)
    assert second is not first  # read from the file, not this process's memory
    assert path.stat().st_mtime_ns == stamp and _header(path)["built"] == built
    assert _targets(second, "Chipkriget hårdnar.") == ["chip war"]
    assert _targets(second, "Kiselskivorna tog slut.") == ["silicon wafer"]
    assert notes == []
    assert matcher_cache.inspect(tb).state == "fresh"


def test_an_added_term_invalidates_the_cache(tb):
    _load(tb)
    tb.add_entry(_entry("exportkontroll", "export control", gender="common"))
    assert matcher_cache.inspect(tb).state == "stale"
    notes: list[str] = []
    matcher = _load(tb, notes)
    assert _targets(matcher, "Exportkontrollerna skärps.") == ["export control"]
    assert len(notes) == 1 and "changed" in notes[0]
    assert matcher_cache.inspect(tb).state == "fresh"


def test_an_edited_term_invalidates_the_cache(tb):
    _load(tb)
    entry = tb.get_entry(tb.find_by_term("sv", "chipkrig")[0])
    entry.terms[1] = Term(entry.terms[1].id, entry.id, "en", "semiconductor war")
    tb.update_entry(entry)
    assert _targets(_load(tb), "Chipkriget hårdnar.") == ["semiconductor war"]


def test_a_removed_term_invalidates_the_cache(tb):
    _load(tb)
    tb.remove_entry(tb.find_by_term("sv", "kiselskiva")[0])
    matcher = _load(tb)
    assert _targets(matcher, "Kiselskivorna tog slut.") == []
    assert _targets(matcher, "Chipkriget hårdnar.") == ["chip war"]


def test_a_cache_from_other_code_is_rebuilt(tb, monkeypatch):
    _load(tb)
    monkeypatch.setattr(matcher_cache, "code_version", lambda: "other-code")
    assert matcher_cache.inspect(tb).state == "outdated"
    notes: list[str] = []
    matcher = _load(tb, notes)
    assert _targets(matcher, "Chipkriget hårdnar.") == ["chip war"]
    assert len(notes) == 1 and "another version" in notes[0]
    path = matcher_cache.cache_path(tb.path, None, "sv", "en")
    assert _header(path)["code"] == "other-code"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "truncated"),
        (lambda data: data[:-100] + bytes(100), "checksum"),
        (lambda data: b"\x00" * len(data), "not a matcher cache"),
        (lambda data: b"", "not a matcher cache"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tb, damage, reason):
    _load(tb)
    path = matcher_cache.cache_path(tb.path, None, "sv", "en")
    path.write_bytes(damage(path.read_bytes()))
    assert matcher_cache.inspect(tb).state == "corrupt"
    notes: list[str] = []
    matcher = _load(tb, notes)
    assert _targets(matcher, "Chipkriget hårdnar.") == ["chip war"]
    assert len(notes) == 1 and reason in notes[0] and str(path) in notes[0]
    assert matcher_cache.inspect(tb).state == "fresh"


def test_the_shipped_termbase_is_cached_outside_the_package(isolated_home):
    from glossary.termbase import shipped_termbase

    shipped = shipped_termbase()
    if shipped is None:
        pytest.skip("no shipped termbase")
    matcher_cache.forget()
    with Termbase.open(shipped) as tb:
        matcher = matcher_cache.load_matcher(tb, TermMatcher, note=None)
        info = matcher_cache.inspect(tb)
    assert matcher.size > 0
    assert info.state == "fresh"
    assert shipped.parent not in info.path.parents
    assert not list(shipped.parent.glob("*.matcher*"))


_CHILD = """
import sys
from glossary import matcher_cache
from glossary.matcher import TermMatcher
from glossary.termbase import Termbase
with Termbase.open(sys.argv[1]) as tb:
    m = matcher_cache.load_matcher(tb, TermMatcher)
    print(sorted(h.target for h in m.find(sys.argv[2]) if not h.covered))
"""


def test_two_processes_starting_at_once_leave_one_good_cache(tmp_path):
    path = tmp_path / "big.db"
    with Termbase.open(path) as tb:
        tb.add_entries(_entry(f"term{i}skiva", f"wafer {i}", gender="common") for i in range(3000))
        tb.add_entry(_entry("chipkrig", "chip war", gender="neuter"))
    text = "Chipkriget och term17skivorna."
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path), text],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "['chip war', 'wafer 17']"
        assert err == ""  # neither saw a half-written cache
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    with Termbase.open(path) as tb:
        assert matcher_cache.inspect(tb).state == "fresh"


def test_a_loaded_matcher_keeps_working_when_its_cache_is_replaced(tb):
    """The cache is mapped, not read: a process whose matcher came from it goes on
    finding terms after another process rebuilt the file for a changed termbase."""
    before = _load(tb)
    path = matcher_cache.cache_path(tb.path, None, "sv", "en")
    old_inode = path.stat().st_ino
    tb.add_entry(_entry("halvledare", "semiconductor", gender="common"))
    after = _load(tb)
    assert path.stat().st_ino != old_inode  # written anew and renamed into place
    text = "Chipkriget gäller halvledarna och kiselskivorna."
    assert _targets(before, text) == ["chip war", "silicon wafer"]
    assert _targets(after, text) == ["chip war", "semiconductor", "silicon wafer"]


def test_a_matcher_pickles_with_or_without_out_of_band_buffers(tb):
    """Other pickles of a matcher (to a worker process) work like the cached one."""
    import pickle

    matcher = _load(tb)
    text = "Chipkrigets kiselskivetillverkning och kiselskivorna."
    expected = matcher.find(text)
    assert expected
    for protocol in (4, 5):
        assert pickle.loads(pickle.dumps(matcher, protocol=protocol)).find(text) == expected
    buffers: list = []
    data = pickle.dumps(matcher, protocol=5, buffer_callback=buffers.append)
    assert buffers  # the key tries and arrays travel beside the pickle
    assert pickle.loads(data, buffers=buffers).find(text) == expected
