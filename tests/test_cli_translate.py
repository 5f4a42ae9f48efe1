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
        return run(["translate", "--model", str(tiny_package), *args], stdin, monkeypatch)

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


def test_non_utf8_input_is_refused_and_nothing_is_written(cli, tmp_path):
    (tmp_path / "good.txt").write_text("Bra.\n")
    (tmp_path / "bad.txt").write_bytes("Dålig.\n".encode("cp1252"))
    code, _, err = cli(str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "--out-dir", "o")
    assert code == 2 and "bad.txt: not UTF-8" in err
    assert err.startswith("ordbro: error: ") and err.count("\n") == 1
    assert not (tmp_path / "o").exists()


def test_report_lists_segments_with_offsets(cli, tmp_path):
    source = tmp_path / "in.txt"
    source.write_bytes(TEXT.encode())
    report = tmp_path / "report.json"
    code, _, err = cli(str(source), "-o", str(tmp_path / "out.txt"), "--report", str(report))
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
