"""Start-up stays fast and the core stays headless."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["ctranslate2", "sentencepiece", "torch", "stanza", "textual", "rich", "lxml", "docx"]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library():
    loaded = _modules_after(
        "import sys\nfrom glossary.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert not [m for m in HEAVY if m in loaded]


def test_core_modules_do_not_import_textual_or_rich():
    import pkgutil

    import glossary

    names = [
        m.name
        for m in pkgutil.walk_packages(glossary.__path__, "glossary.")
        if m.name != "glossary.__main__"
    ]
    loaded = _modules_after("\n".join(f"import {n}" for n in names))
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_help_lists_the_contract_commands():
    out = subprocess.run(
        [sys.executable, "-m", "glossary", "--help"], capture_output=True, text=True, check=True
    )
    assert "translate" in out.stdout
