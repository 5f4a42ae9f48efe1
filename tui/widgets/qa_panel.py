"""Live QA warnings of the current segment."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static


class QAPanel(Static):
    """Shows findings, one per line, or a quiet 'no warnings'."""

    def show(self, findings: list[dict[str, Any]]) -> None:
        self.findings = list(findings)
        if not findings:
            self.update(Text("✓ no QA warnings", style="dim"))
            self.remove_class("-warnings")
            return
        text = Text()
        for i, f in enumerate(findings):
            if i:
                text.append("\n")
            text.append("⚠ ", style="bold yellow")
            text.append(f"{f.get('check', '')}: ", style="bold")
            text.append(str(f.get("message", "")))
        self.update(text)
        self.add_class("-warnings")
