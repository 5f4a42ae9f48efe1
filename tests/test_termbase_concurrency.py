"""Two processes adding and editing the same termbase at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from glossary.termbase import Termbase

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    db, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    tb = Termbase.open(db)
    mine = []
    for i in range(count):
        mine.append(tb.add_entry(Entry(None, glossary=name, terms=[
            Term(None, None, "sv", f"{name}-term-{i}", pos="noun", gender="common"),
            Term(None, None, "en", f"{name} term {i}"),
        ])))
        # edit an older entry of mine and the shared one while the other process writes
        if i % 3 == 0:
            entry = tb.get_entry(mine[i // 2])
            entry.note = f"edited by {name}"
            tb.update_entry(entry)
        with tb.write():
            shared = tb.get_entry(1)
            shared.terms.append(Term(None, 1, "en", f"{name} synonym {i}", status="admitted"))
            tb.update_entry(shared)
    for entry_id in mine:
        entry = tb.get_entry(entry_id)
        entry.note = f"edited by {name}"
        tb.update_entry(entry)
    tb.close()
    """
)


def test_two_writers_lose_nothing(tmp_path):
    from glossary.termtypes import Entry, Term

    db = tmp_path / "shared.db"
    with Termbase.open(db) as tb:
        tb.add_entry(
            Entry(None, terms=[Term(None, None, "sv", "delad"), Term(None, None, "en", "shared")])
        )
    go = tmp_path / "go"
    count = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), name, str(count), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Termbase.open(db) as tb:
        for name in ("alpha", "beta"):
            entries = list(tb.entries(name))
            assert sorted(e.preferred("sv").text for e in entries) == sorted(
                f"{name}-term-{i}" for i in range(count)
            )
            assert all(e.note == f"edited by {name}" for e in entries)
            assert all(t.forms for e in entries for t in e.terms)
        shared = tb.get_entry(1)
        synonyms = {t.text for t in shared.terms if t.status == "admitted"}
        assert synonyms == {f"{n} synonym {i}" for n in ("alpha", "beta") for i in range(count)}


READER = (
    "import sys\n"
    "from glossary.termbase import Termbase\n"
    "with Termbase.open(sys.argv[1]) as tb:\n"
    "    print(tb.data_version(), len(list(tb.entries())))\n"
)


def test_a_second_connection_and_another_process_never_hide_later_commits(tmp_path):
    """Opening the termbase again in this process, while another process opens and closes
    it, must not let that process delete the WAL under this process's connection."""
    from glossary.termtypes import Entry, Term

    def entry(word: str) -> Entry:
        return Entry(None, terms=[Term(None, None, "sv", word), Term(None, None, "en", word)])

    db = tmp_path / "terms.db"
    writer = Termbase.open(db)
    writer.add_entry(entry("ett"))
    second = Termbase.open(db)  # e.g. another thread of the workbench
    read = [sys.executable, "-c", READER, str(db)]
    subprocess.run(read, check=True, capture_output=True)  # opens and closes: the last one?
    writer.add_entry(entry("två"))
    out = subprocess.run(read, check=True, capture_output=True, text=True).stdout.split()
    assert out == [str(writer.data_version()), "2"]
    second.close()
    writer.close()
