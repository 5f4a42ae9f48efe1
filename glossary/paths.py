"""Where ordbro keeps the user's data: termbase, translation memory, unpacked models.

``ORDBRO_HOME`` overrides the platform data directory (tests and portable installs
use it); nothing is ever written into the installed package or the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DATA = PACKAGE_DIR / "data"
BUNDLED_MODELS = BUNDLED_DATA / "models"


def data_dir() -> Path:
    """The user's data directory (created on demand)."""
    home = os.environ.get("ORDBRO_HOME")
    if home:
        path = Path(home)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("ordbro", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """A directory for derived, re-creatable files such as unpacked bundled models."""
    home = os.environ.get("ORDBRO_HOME")
    if home:
        path = Path(home) / "cache"
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("ordbro", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
