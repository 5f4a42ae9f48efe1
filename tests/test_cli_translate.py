"""`ordbro translate` end to end on the tiny copy model (a correct run returns the input)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from glossary.cli import main

TEXT = (
    "Chipkriget\r\n\r\n  USA:s exportregler skärps, t.ex. för AI-chip. Kina svarar.\r\n- punkt\r\n"
)


def run(args: list[str], stdin: bytes = b"", monkeypatch=None) -> tuple[int, bytes, str]:
    """Run the real `ordbro` entry point in-process; returns (exit code, stdout, stderr)."""
    out, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, write_through=True))
    monkeypatch.setattr(sys, "stderr", err)
    try:
        main(args)
    except SystemExit as exit_:
        code = exit_.code
    sys.stdout.flush()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli(isolated_home, tiny_package, monkeypatch):
    def call(*args: str, stdin: bytes = b""):
        return run(
            ["translate", "--model", str(tiny_package), "--no-terms", *args], stdin, monkeypatch
        )

    return call


@pytest.fixture
def cli_terms(isolated_home, tiny_package, monkeypatch, tmp_path):
    """`ordbro translate` with a small real termbase enforced (no --no-terms)."""
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    db = tmp_path / "terms.db"
    with Termbase.open(db) as tb:
        tb.add_entry(
            Entry(
                None,
                terms=[
                    Term(None, None, "sv", "chipkrig", pos="noun", gender="neuter"),
                    Term(None, None, "en", "chip war", pos="noun"),
                ],
            )  # fmt: skip
        )
        tb.add_entry(
            Entry(
                None,
                terms=[
                    Term(None, None, "sv", "Nvidia", pos="properNoun", dnt=True),
                    Term(None, None, "en", "Nvidia", pos="properNoun", dnt=True),
                ],
            )  # fmt: skip
        )

    def call(*args: str, stdin: bytes = b""):
        argv = ["translate", "--model", str(tiny_package), "--terms", str(db), *args]
        return run(argv, stdin, monkeypatch)

    return call


def test_file_to_stdout_keeps_bytes_and_layout(cli, tmp_path):
    source = tmp_path / "in.sv.txt"
    source.write_bytes(TEXT.encode())
    code, out, err = cli(str(source))
    assert (code, out) == (0, TEXT.encode()), err


def test_stdin_to_stdout(cli):
    code, out, _ = cli("-", stdin="Hej världen.\nRad två utan slut".encode())
    assert (code, out) == (0, "Hej världen.\nRad två utan slut".encode())


def test_output_file_is_written(cli, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("En mening.\n")
    code, out, _ = cli(str(source), "-o", str(tmp_path / "out" / "a.en.txt"))
    assert code == 0 and out == b""
    assert (tmp_path / "out" / "a.en.txt").read_text() == "En mening.\n"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_out_dir_mirrors_relative_names(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_text("Ett.\n")
    (tmp_path / "docs" / "sub" / "b.txt").write_text("Två.")
    code, _, err = cli("docs/a.txt", "docs/sub/b.txt", "--out-dir", "en")
    assert code == 0, err
    assert (tmp_path / "en" / "docs" / "a.txt").read_text() == "Ett.\n"
    assert (tmp_path / "en" / "docs" / "sub" / "b.txt").read_text() == "Två."


def test_out_dir_never_overwrites_an_input(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Original.\n")
    code, _, err = cli("a.txt", "--out-dir", ".")
    assert code == 2 and "refusing to overwrite" in err
    assert (tmp_path / "a.txt").read_text() == "Original.\n"


def test_out_dir_refuses_to_write_outside_through_a_symlink(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outside").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "docs").symlink_to(tmp_path / "outside")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Ett.\n")
    code, _, err = cli("docs/a.txt", "--out-dir", "out")
    assert code == 2 and "outside out" in err
    assert not any((tmp_path / "outside").iterdir())


def test_out_dir_refuses_two_inputs_with_the_same_destination(cli, tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text("Ett.\n")
    code, _, err = cli(
        str(tmp_path / "x" / "a.txt"),
        str(tmp_path / "y" / "a.txt"),
        "--out-dir",
        str(tmp_path / "o"),
    )
    assert code == 2 and "both be written" in err


def test_usage_errors_exit_2(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Ett.\n")
    (tmp_path / "b.txt").write_text("Två.\n")
    assert cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", "x.txt")[0] == 2
    assert cli("-", "--out-dir", str(tmp_path / "o"))[0] == 2
    code, _, err = cli(str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt: no such file" in err


def test_cp1252_text_is_detected_and_written_back_in_its_encoding(cli, tmp_path):
    (tmp_path / "old.txt").write_bytes("Dålig väg.\r\n".encode("cp1252"))
    code, _, err = cli(str(tmp_path / "old.txt"), "--out-dir", str(tmp_path / "o"), "--no-tm")
    assert code == 0, err
    assert (tmp_path / "o" / "old.txt").read_bytes() == "Dålig väg.\r\n".encode("cp1252")


def test_a_bad_file_fails_alone_with_one_line_and_others_are_translated(cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Bra.\n")
    (tmp_path / "in" / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "in" / "image.png").write_bytes(b"\x89PNG")
    code, _, err = cli(str(tmp_path / "in"), "--out-dir", str(tmp_path / "o"), "--no-tm")
    assert code == 2
    failed = [line for line in err.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "bad.docx" in failed[0]
    assert any("skipped" in line and "image.png" in line for line in err.splitlines())
    assert (tmp_path / "o" / "good.txt").read_text() == "Bra.\n"
    assert not (tmp_path / "o" / "bad.docx").exists()


def test_report_lists_segments_with_offsets(cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(TEXT.encode())
    report = tmp_path / "report.json"
    code, out, err = cli(str(source), "--report", str(report))
    assert code == 0, err
    data = json.loads(report.read_text())
    assert data["model"]["name"] == "translate-sv_en-0_1"
    (entry,) = data["files"]
    assert [s["source"] for s in entry["segments"]] == [
        "Chipkriget",
        "USA:s exportregler skärps, t.ex. för AI-chip.",
        "Kina svarar.",
        "- punkt",
    ]
    for segment in entry["segments"]:
        assert TEXT[segment["start"] : segment["end"]] == segment["source"]
        assert segment["target"] == segment["source"]
    assert data["summary"]["terms"] == 0 and data["termbase"] is None


def test_terms_are_enforced_by_default_and_reported(cli_terms, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Chipkriget hårdnar. Nvidias chip säljs.\n")
    report = tmp_path / "report.json"
    code, out, err = cli_terms(str(source), "--report", str(report))
    assert code == 0, err
    # the copy model leaves Swedish; enforcement puts the approved target in
    assert out.decode() == "The chip war hårdnar. Nvidia's chip säljs.\n"
    assert "2 terms: 0 already, 2 applied, 0 failed" in err
    data = json.loads(report.read_text())
    terms = [(t["source"], t["target"], t["status"]) for s in data["segments"] for t in s["terms"]]
    assert terms == [("Chipkriget", "chip war", "applied"), ("Nvidias", "Nvidia's", "applied")]
    assert (data["summary"]["applied"], data["summary"]["failed"]) == (2, 0)


def test_folder_with_formats_goes_through_the_batch_translator(cli_terms, tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.md").write_text("# Chipkriget\n\nSe `chipkrig` i koden.\n")
    (docs / "sub" / "b.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nChipkriget\n")
    report = tmp_path / "r.json"
    code, _, err = cli_terms(str(docs), "--out-dir", str(tmp_path / "en"), "--report", str(report))
    assert code == 0, err
    assert (tmp_path / "en" / "a.md").read_text() == "# The chip war\n\nSe `chipkrig` i koden.\n"
    assert "The chip war" in (tmp_path / "en" / "sub" / "b.srt").read_text()
    assert "00:00:01,000 --> 00:00:02,000" in (tmp_path / "en" / "sub" / "b.srt").read_text()
    data = json.loads(report.read_text())
    assert data["totals"]["files_translated"] == 2
    # the same heading and cue are translated once and reused
    assert data["summary"]["applied"] == 1 and data["summary"]["failed"] == 0
    assert "2 files translated" in err and "1 applied, 0 failed" in err


def test_a_single_file_goes_to_exactly_the_output_name(cli, tmp_path):
    (tmp_path / "a.md").write_text("Ett stycke.\n")
    code, _, err = cli(str(tmp_path / "a.md"), "-o", str(tmp_path / "out" / "x.md"), "--no-tm")
    assert code == 0, err
    assert (tmp_path / "out" / "x.md").read_text() == "Ett stycke.\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["x.md"]
    code, _, err = cli(str(tmp_path / "a.md"), "-o", "-")
    assert code == 2 and "stdout" in err


def test_a_file_alone_is_written_beside_itself(cli, tmp_path):
    (tmp_path / "a.html").write_text("<p>Hej <b>du</b>.</p>\n")
    code, _, err = cli(str(tmp_path / "a.html"), "--no-tm")
    assert code == 0, err
    assert (tmp_path / "a.en.html").read_text() == "<p>Hej <b>du</b>.</p>\n"


def test_installed_model_is_used_without_model_option(isolated_home, tiny_package, tmp_path):
    env = dict(isolated_home.env)
    subprocess.run(
        [sys.executable, "-m", "glossary", "models", "install", str(tiny_package)],
        env=env,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [sys.executable, "-m", "glossary", "translate", "-"],
        input=b"Spara dokumentet.\n",
        env=env,
        capture_output=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == b"Spara dokumentet.\n"
    assert b"starter model" not in out.stderr


def test_jobs_translate_a_folder_in_processes_with_terms(cli_terms, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"f{i}.txt").write_text(f"Chipkriget, del {i}.\n")
    code, _, err = cli_terms(str(docs), "--out-dir", str(tmp_path / "en"), "--jobs", "2")
    assert code == 0, err
    for i in range(3):
        assert (tmp_path / "en" / f"f{i}.txt").read_text() == f"The chip war, del {i}.\n"
    assert "3 files translated" in err and "3 terms: 0 already, 3 applied, 0 failed" in err


def test_piped_text_keeps_urls_mails_and_placeholders_with_the_starter_model(
    isolated_home, monkeypatch
):
    """The starter model garbles what it never saw (it wrote "Meplas an an an.vosons@" for
    an e-mail address): they go round it and are put back."""
    from tests.test_markup import PROSE_CODES, PROSE_KEPT

    code, out, err = run(["translate", "-", "--no-terms", "--no-tm"], PROSE_CODES.encode(),
                         monkeypatch)  # fmt: skip
    assert code == 0, err
    text = out.decode()
    assert text.count("\n") == PROSE_CODES.count("\n")
    assert [c for c in PROSE_KEPT if text.count(c) != PROSE_CODES.count(c)] == []
