"""Model packages: validation, install from a file, install from an index over real HTTP, remove."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from glossary import models
from glossary.errors import InputError, ModelError, NetworkError


def snapshot(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*")}


def rezip(source: Path, target: Path, edit) -> Path:
    """Copy the archive ``source`` to ``target`` with entries changed by ``edit(name, data)``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            result = edit(item.filename, src.read(item.filename))
            if result is not None:
                name, data = result
                dst.writestr(name, data)
    return target


def test_install_from_file_then_list_and_remove(isolated_home, tiny_package):
    info = models.install_from_file(tiny_package)
    assert (info.from_code, info.to_code, info.version) == ("sv", "en", "0.1")
    assert (isolated_home.packages / info.name / "model" / "model.bin").is_file()
    listed = [m for m in models.installed_models() if not m.bundled]
    assert [(m.name, m.code) for m in listed] == [(info.name, "translate-sv_en")]
    assert listed[0].size > 100_000
    models.remove_model("translate-sv_en")
    assert not any(isolated_home.packages.iterdir())
    # what is left for sv->en is the bundled starter model, which cannot be removed
    with pytest.raises(ModelError, match="bundled starter model"):
        models.remove_model("translate-sv_en")
    with pytest.raises(ModelError, match="no installed model"):
        models.remove_model("translate-de_fr")


def test_reinstalling_replaces_the_package_in_place(isolated_home, tiny_package):
    models.install_from_file(tiny_package)
    models.install_from_file(tiny_package)
    assert [p.name for p in isolated_home.packages.iterdir()] == ["translate-sv_en-0_1"]
    assert not list(isolated_home.packages.parent.glob(".*staging*"))


def _drop(entry):
    return lambda name, data: None if name.endswith(entry) else (name, data)


BAD_PACKAGES = {
    "not a zip": ("not-a-zip", "not a zip archive"),
    "no metadata": (_drop("metadata.json"), "no metadata.json"),
    "no model": (_drop("model/model.bin"), "no model/model.bin"),
    "no tokenizer": (_drop("sentencepiece.model"), "no tokenizer"),
    "bad json": (
        lambda n, d: (n, b"{oops" if n.endswith("metadata.json") else d),
        "not valid JSON",
    ),
    "no codes": (
        lambda n, d: (n, b'{"package_version": "1"}' if n.endswith("metadata.json") else d),
        "no from_code",
    ),
    "two top folders": (
        lambda n, d: (n if "model/" in n else "other/" + n.split("/", 1)[1], d),
        "one top folder",
    ),
    "path escape": (
        lambda n, d: ("../evil.txt" if n.endswith("README.md") else n, d),
        "unsafe",
    ),
}


@pytest.mark.parametrize("kind", BAD_PACKAGES, ids=list(BAD_PACKAGES))
def test_bad_package_files_are_refused_and_installed_packages_untouched(
    kind, isolated_home, tiny_package, tmp_path
):
    models.install_from_file(tiny_package)
    before = snapshot(isolated_home.packages)
    edit, message = BAD_PACKAGES[kind]
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / "bad.argosmodel"
    if edit == "not-a-zip":
        bad.write_text("hello, I am text")
    else:
        rezip(tiny_package, bad, edit)
    with pytest.raises(InputError, match=message) as caught:
        models.install_from_file(bad)
    assert str(bad) in str(caught.value)
    assert snapshot(isolated_home.packages) == before
    assert not list(tmp_path.rglob("evil.txt"))
    assert not list(tmp_path.glob(".*staging*"))


def test_broken_folder_in_packages_dir_does_not_hide_the_others(isolated_home, tiny_package):
    models.install_from_file(tiny_package)
    (isolated_home.packages / "half-copied").mkdir()
    assert [m.name for m in models.installed_models() if not m.bundled] == ["translate-sv_en-0_1"]


class _Server:
    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_install_from_index_over_http(isolated_home, tiny_package, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sv_en.argosmodel").write_bytes(tiny_package.read_bytes())
    with _Server(site) as server:
        index = [
            {"from_code": "en", "to_code": "sv", "package_version": "9.9", "links": ["x"]},
            {
                "from_code": "sv",
                "to_code": "en",
                "package_version": "0.1",
                "type": "translate",
                "links": [server.url + "sv_en.argosmodel"],
            },
        ]
        (site / "index.json").write_text(json.dumps(index))
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url)
        seen = []
        info = models.install_from_index("sv", "en", progress=lambda d, t: seen.append((d, t)))
    assert info.name == "translate-sv_en-0_1"
    assert (isolated_home.packages / info.name / "metadata.json").is_file()
    assert seen[-1] == (tiny_package.stat().st_size, tiny_package.stat().st_size)
    assert not list((isolated_home.home / "cache" / "downloads").iterdir())


def test_index_without_the_pair_says_so(isolated_home, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.json").write_text("[]")
    with _Server(site) as server:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url)
        with pytest.raises(ModelError, match="no sv->en model"):
            models.install_from_index("sv", "en")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_install_fails_fast_with_a_hint(isolated_home, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{_closed_port()}/")
    started = time.monotonic()
    with pytest.raises(NetworkError, match="ordbro models install FILE.argosmodel"):
        models.install_from_index("sv", "en")
    assert time.monotonic() - started < 10
    assert not any(isolated_home.packages.iterdir())


def test_cli_offline_install_is_one_line_and_exit_2(isolated_home):
    env = dict(isolated_home.env, ARGOS_PACKAGE_INDEX=f"http://127.0.0.1:{_closed_port()}/")
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "glossary", "models", "install", "sv", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert time.monotonic() - started < 10
    assert out.returncode == 2
    assert out.stderr.startswith("ordbro: error: ") and out.stderr.count("\n") == 1


def test_cli_list_install_remove(isolated_home, tiny_package, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from glossary.cli import cli

    monkeypatch.setattr("glossary.paths.BUNDLED_MODELS", tmp_path / "none")
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "install", str(tiny_package)])
    assert result.exit_code == 0, result.output
    assert "translate-sv_en-0_1" in result.output
    listed = json.loads(runner.invoke(cli, ["models", "list", "--json"]).output)
    assert [(m["name"], m["from_code"], m["to_code"], m["bundled"]) for m in listed] == [
        ("translate-sv_en-0_1", "sv", "en", False)
    ]
    text = runner.invoke(cli, ["models", "list"]).output
    assert "sv->en" in text and "installed" in text
    assert runner.invoke(cli, ["models", "remove", "sv_en"]).exit_code == 0
    assert "No models installed" in runner.invoke(cli, ["models", "list"]).output


def test_processes_unpacking_one_package_at_once_all_get_the_same_folder(
    isolated_home, tiny_package
):
    """--jobs workers unpack the bundled model together: none fails, and a copy already in
    place (maybe in use by another worker) is never moved away."""
    barrier = threading.Barrier(6)
    folders: list[Path] = []
    errors: list[BaseException] = []

    def unpack() -> None:
        barrier.wait()
        try:
            folders.append(models.unpack_cached(tiny_package))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=unpack) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(folders)) == 1
    folder = folders[0]
    inode = folder.stat().st_ino
    models._extract_to(tiny_package, folder.parent, folder, keep_existing=True)
    assert folder.stat().st_ino == inode
    assert (folder / "metadata.json").is_file()
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []
