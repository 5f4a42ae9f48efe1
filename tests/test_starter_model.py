"""The bundled starter sv→en package is a genuine Argos package that translates software text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from glossary.paths import BUNDLED_MODELS

PACKAGE = BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel"
FOLDER = "translate-sv_en-ordbro-1_0"


def test_package_layout_and_size():
    assert PACKAGE.stat().st_size <= 25 * 1024 * 1024
    with zipfile.ZipFile(PACKAGE) as zf:
        names = set(zf.namelist())
        assert {n.split("/")[0] for n in names} == {FOLDER}
        for needed in ("metadata.json", "README.md", "sentencepiece.model", "model/model.bin"):
            assert f"{FOLDER}/{needed}" in names
        meta = json.loads(zf.read(f"{FOLDER}/metadata.json"))
        config = json.loads(zf.read(f"{FOLDER}/model/config.json"))
        readme = zf.read(f"{FOLDER}/README.md").decode()
    assert (meta["from_code"], meta["to_code"], meta["type"]) == ("sv", "en", "translate")
    assert config["add_source_eos"] is True
    assert "chrF" in readme and "ordbro models install sv en" in readme
    assert "python tools/build_starter_model.py" in readme


@pytest.fixture
def argos_dir(tmp_path, monkeypatch):
    from argostranslate import settings

    packages = tmp_path / "packages"
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    return packages


def test_installs_with_argos_and_translates_through_engine(argos_dir: Path):
    from argostranslate import package as argos_package

    from glossary.engine import Engine

    argos_package.install_from_path(PACKAGE)
    installed = argos_package.get_installed_packages()
    assert [(p.from_code, p.to_code) for p in installed] == [("sv", "en")]
    folder = argos_dir / FOLDER
    assert (folder / "model" / "model.bin").is_file()

    engine = Engine.load("sv", "en", model=str(folder))
    results = engine.translate_sentences(
        ["Klicka på knappen för att spara dokumentet.", "Öppna filen."]
    )
    assert "button" in results[0].target.lower()
    assert "file" in results[1].target.lower()
