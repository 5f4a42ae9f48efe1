"""The editor's document state: statuses, confirm-and-next, undo and find."""

from __future__ import annotations

from types import SimpleNamespace

from tui.session import Session, initial_status


def _session(*pairs: tuple[str, str | None]) -> Session:
    segments = [
        SimpleNamespace(key=str(i), source=s, target=t, context=None, state=None)
        for i, (s, t) in enumerate(pairs)
    ]
    return Session.from_document(None, SimpleNamespace(segments=segments))


def test_loaded_targets_get_a_status():
    s = _session(("Hej", None), ("Då", "Bye"))
    assert [r.status for r in s.rows] == ["new", "edited"]
    assert initial_status("Bye", "final") == "approved"
    assert initial_status("Bye", "fuzzy") == "machine"
    assert initial_status("", "final") == "new"


def test_confirm_marks_approved_and_next_unconfirmed_wraps():
    s = _session(("a", "A"), ("b", "B"), ("c", "C"))
    s.confirm(1)
    assert s.rows[1].status == "approved"
    assert s.next_unconfirmed(1) == 2
    s.confirm(2)
    assert s.next_unconfirmed(2) == 0
    s.confirm(0)
    assert s.next_unconfirmed(0) is None


def test_undo_restores_target_status_and_match_in_reverse_order():
    s = _session(("a", None), ("b", None))
    s.set_target(0, "A1", "machine", match="MT")
    s.edit(0, "A2", remember=True)
    s.edit(0, "A23", remember=False)  # same typing session: one undo step
    s.confirm(0)
    assert s.undo() == 0 and s.rows[0].status == "edited" and s.rows[0].target == "A23"
    assert s.undo() == 0 and (s.rows[0].target, s.rows[0].match) == ("A1", "MT")
    assert s.undo() == 0 and (s.rows[0].target, s.rows[0].status) == ("", "new")
    assert s.undo() is None


def test_find_searches_source_and_target_after_the_current_segment():
    s = _session(("Chipkriget", "The chip war"), ("Fabriken", "The factory"), ("Kriget", None))
    assert s.find("krig", 0) == 2
    assert s.find("krig", 2) == 0
    assert s.find("factory", 0) == 1
    assert s.find("factory", 0, where="source") is None
    assert s.find("", 0) is None


def test_targets_and_untranslated_for_saving_and_batch_mt():
    s = _session(("a", None), ("  ", None), ("c", "C"))
    assert s.untranslated() == [0]
    assert s.targets() == [None, None, "C"]
    assert not s.dirty
    s.set_target(0, "A", "machine")
    assert s.dirty and s.counts()["machine"] == 1
