"""Shared fixtures: a tiny real Argos package, an engine on it, and an isolated user home.

The tiny model is a *copy model* (see tests/modelfactory.py): it translates every sentence
into itself, so a correct pipeline returns exactly the source text.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.modelfactory import build_package


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory) -> Path:
    """Path to a genuine sv->en .argosmodel with a tiny CTranslate2 copy model."""
    return build_package(tmp_path_factory.mktemp("tiny") / "translate-sv_en-0_1.argosmodel")


@pytest.fixture(scope="session")
def tiny_package_dir(tiny_package, tmp_path_factory) -> Path:
    """The tiny package unpacked (the folder holding metadata.json, model/, sentencepiece.model)."""
    out = tmp_path_factory.mktemp("tiny-unpacked")
    with zipfile.ZipFile(tiny_package) as archive:
        archive.extractall(out)
    return next(out.iterdir())


@pytest.fixture(scope="session")
def tiny_engine(tiny_package_dir):
    """A loaded ``glossary.engine.Engine`` on the tiny copy model (beam 4, CPU, int8)."""
    from glossary.engine import Engine

    return Engine.load("sv", "en", model=str(tiny_package_dir))


@dataclass
class IsolatedHome:
    """Paths of an isolated ordbro/Argos home and the environment that selects it."""

    home: Path
    packages: Path
    env: dict[str, str]  # a full environment for subprocesses


@pytest.fixture
def isolated_home(tmp_path, monkeypatch) -> IsolatedHome:
    """Point ORDBRO_HOME, ARGOS_PACKAGES_DIR and the XDG dirs into tmp_path; no network index.

    argostranslate.settings reads the environment once at import, so when it is already
    imported its module attributes are patched too. ARGOS_PACKAGE_INDEX points at a closed
    local port, so an accidental download fails at once instead of reaching the internet.
    """
    home = tmp_path / "home"
    packages = tmp_path / "argos-packages"
    packages.mkdir(parents=True)
    values = {
        "ORDBRO_HOME": str(home),
        "ARGOS_PACKAGES_DIR": str(packages),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    import sys

    settings = sys.modules.get("argostranslate.settings")
    if settings is not None:
        monkeypatch.setattr(settings, "package_data_dir", packages)
        monkeypatch.setattr(settings, "package_dirs", [packages])
    return IsolatedHome(home=home, packages=packages, env=dict(os.environ))
