"""Without the cluster extra, ``--ray`` fails at once with a one-line hint (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_without_ray_the_flag_fails_with_a_one_line_hint(tmp_path):
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from glossary.cli import main\n"
        f"main(['translate', {str(tmp_path)!r}, '--out-dir', {str(tmp_path / 'o')!r}, '--ray'])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)  # fmt: skip
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "ordbro: error: --ray needs the cluster extra: pip install 'ordbro[cluster]'"
    ]
