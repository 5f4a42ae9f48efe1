"""The ``ordbro tui`` command: options, a clear error for a missing file, lazy Textual import."""

from __future__ import annotations

import subprocess
import sys


def test_help_lists_the_options():
    from click.testing import CliRunner

    from glossary.cli import cli

    result = CliRunner().invoke(cli, ["tui", "--help"])
    assert result.exit_code == 0
    for option in ("--terms", "--model", "--tm", "--light", "--paragraphs"):
        assert option in result.output


def test_a_missing_file_is_a_one_line_error_with_exit_code_2(tmp_path):
    missing = tmp_path / "nope.txt"
    out = subprocess.run(
        [sys.executable, "-m", "glossary", "tui", str(missing)], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert out.stderr.strip() == f"ordbro: error: {missing}: no such file"


def test_the_command_module_does_not_import_textual():
    code = "import glossary.cli.tui, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
