"""ordbro's workbench: a Textual front end over the headless ``glossary`` library."""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any):
    """Build the workbench app (see :func:`tui.app.create_app`)."""
    from tui.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
