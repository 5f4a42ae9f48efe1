"""``ordbro check --checks low-confidence`` on files a real translation produced: the
confidence notes ordbro writes into XLIFF and PO, and a ``--report`` for plain text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from glossary.bilingual import read_bilingual
from tests.modelfactory import build_package
from tests.test_cli_check import run

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="sv" target-language="en" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1"><source>Filen sparades.</source></trans-unit>
      <trans-unit id="2">
        <source>Xqvrt blömsk fnurgel trösk vämpelstrok ågglirp.</source>
      </trans-unit>
      <trans-unit id="3"><source>Klar.</source><target>Done.</target></trans-unit>
    </body>
  </file>
</xliff>
"""
PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

#. shown after saving
msgid "Filen sparades."
msgstr ""

msgid "En fil"
msgid_plural "Många filer"
msgstr[0] ""
msgstr[1] ""

msgid "Redan klar."
msgstr "Already done."
"""


@pytest.fixture(scope="module")
def noisy_model(tmp_path_factory) -> Path:
    """The tiny test model with noise in its weights: its outputs loop into the repetition
    cap, so every translation it makes is of low confidence."""
    folder = tmp_path_factory.mktemp("noisy")
    package = build_package(folder / "translate-sv_en-0_1.argosmodel", noise_scale=0.5)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "unpacked")
    return next((folder / "unpacked").iterdir())


def translate(model: Path | str, tmp_path: Path, capsys, *names: str, report: bool = False):
    out = tmp_path / "out"
    argv = ["translate", "--model", str(model), "--no-terms", "--no-tm", "-q"]
    argv += ["--out-dir", str(out), *(str(tmp_path / n) for n in names)]
    if report:
        argv += ["--report", str(tmp_path / "report.json")]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    return out


def test_a_po_file_translated_by_ordbro_carries_its_confidence_and_check_lists_the_low_ones(
    noisy_model, isolated_home, tmp_path, capsys
):
    (tmp_path / "ui.po").write_text(PO, encoding="utf-8")
    out = translate(noisy_model, tmp_path, capsys, "ui.po")
    text = (out / "ui.po").read_text(encoding="utf-8")
    assert "# ordbro confidence: low, score -" in text and "repetition cap" in text
    assert "#. shown after saving" in text  # the catalogue's own comments stay
    code, stdout, _ = run(["check", str(out / "ui.po"), "--checks", "low-confidence"], capsys)
    assert code == 1
    assert "low-confidence (3)" in stdout  # the entry, and both forms of the plural entry
    assert "Redan klar." not in stdout  # kept as it was: no machine translation
    code, stdout, _ = run(
        ["check", str(out / "ui.po"), "--no-terms", "--checks", "low-confidence", "--json"], capsys
    )
    findings = json.loads(stdout)
    assert [f["segment"] for f in findings] == [1, 2, 3]
    assert {f["severity"] for f in findings} == {"warning"}
    assert "repetition cap" in findings[0]["message"]


def test_an_xliff_file_gets_a_confidence_note_per_translated_unit(
    tiny_package_dir, isolated_home, tmp_path, capsys
):
    from glossary.models import bundled_models

    (tmp_path / "doc.xlf").write_text(XLIFF, encoding="utf-8")
    out = translate(tiny_package_dir, tmp_path, capsys, "doc.xlf")
    notes = read_bilingual(out / "doc.xlf").confidence
    assert [n and n["level"] for n in notes] == ["high", "high", None]  # unit 3 was kept
    code, stdout, _ = run(["check", str(out / "doc.xlf"), "--checks", "low-confidence"], capsys)
    assert (code, stdout.strip()) == (0, "No findings in 3 segments.")
    # The starter model scores its gibberish low: only that unit is listed.
    (tmp_path / "starter").mkdir()
    (tmp_path / "starter" / "doc.xlf").write_text(XLIFF, encoding="utf-8")
    out = translate(
        next(m for m in bundled_models() if m.from_code == "sv").path,
        tmp_path / "starter",
        capsys,
        "doc.xlf",
    )
    assert '<note from="ordbro">ordbro confidence: low' in (out / "doc.xlf").read_text()
    code, stdout, _ = run(
        ["check", str(out / "doc.xlf"), "--checks", "low-confidence", "--json"], capsys
    )
    assert code == 1 and [f["segment"] for f in json.loads(stdout)] == [2]


def test_plain_text_is_checked_with_the_translation_report(
    noisy_model, tiny_package_dir, isolated_home, tmp_path, capsys
):
    source = tmp_path / "notes.txt"
    source.write_text("Filen sparades.\n\nRegeringen vill stärka exportkontroll. Priset steg.\n")
    out = translate(noisy_model, tmp_path, capsys, "notes.txt", report=True)
    report = str(tmp_path / "report.json")
    argv = ["check", str(source), str(out / "notes.txt"), "--no-terms", "--report", report]
    code, stdout, _ = run([*argv, "--checks", "low-confidence", "--json"], capsys)
    assert code == 1
    assert [f["segment"] for f in json.loads(stdout)] == [1, 3]  # line 2 is empty
    # without --checks the confidence findings join the others
    code, stdout, _ = run(argv, capsys)
    assert "low-confidence (2)" in stdout
    # no report, no confidence: a one-line error
    code, _, err = run(argv[:4] + ["--checks", "low-confidence"], capsys)
    assert code == 2 and "no confidence to check" in err and "--report" in err


def test_a_file_that_is_not_a_report_is_refused(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Hej.\n")
    (tmp_path / "b.txt").write_text("Hi.\n")
    (tmp_path / "r.json").write_text('{"files": []}')
    argv = ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--no-terms"]
    code, out, err = run([*argv, "--report", str(tmp_path / "r.json")], capsys)
    assert code == 2 and not out
    assert "r.json: not an ordbro translation report" in err
