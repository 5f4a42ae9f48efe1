"""`ordbro serve` end to end: the real server on loopback, the real LibreTranslate and DeepL
clients, raw HTTP for the errors. The tiny copy model writes each sentence back, so what
differs from the source is the termbase's doing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
deepl = pytest.importorskip("deepl")
libretranslatepy = pytest.importorskip("libretranslatepy")

ROOT = Path(__file__).resolve().parent.parent
KEY_A, KEY_B, KEY_C = "key-alpha-0001", "key-bravo-0002", "key-charlie-03"
CHAR_LIMIT, PER_MINUTE, UPLOAD_MIB = 1000, 6000, 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_termbase(path: Path) -> None:
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    with Termbase.open(path) as tb:
        tb.add_entry(Entry(None, terms=[
            Term(None, None, "sv", "chipkrig", pos="noun", gender="neuter"),
            Term(None, None, "en", "chip war", pos="noun"),
        ]))  # fmt: skip
        tb.add_entry(Entry(None, glossary="ui", terms=[
            Term(None, None, "sv", "knapp", pos="noun", gender="common"),
            Term(None, None, "en", "button", pos="noun"),
        ]))  # fmt: skip


@pytest.fixture(scope="module")
def server(tiny_package, tmp_path_factory):
    """The real `ordbro serve` in a subprocess on a free loopback port."""
    root = tmp_path_factory.mktemp("serve")
    data = root / "data"
    terms = root / "terms.db"
    make_termbase(terms)
    keys = root / "keys.txt"
    keys.write_text(f"# keys\n{KEY_A}\n{KEY_B}\n{KEY_C}\n", encoding="utf-8")
    (root / "secret.txt").write_text("TOP SECRET outside the data directory\n")
    port = free_port()
    env = dict(os.environ, ORDBRO_HOME=str(root / "home"), PYTHONPATH=str(ROOT),
               ARGOS_PACKAGES_DIR=str(root / "argos"), ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",
               XDG_CACHE_HOME=str(root / "xdg-cache"))  # fmt: skip
    args = [sys.executable, "-m", "glossary", "serve", "--port", str(port),
            "--model", str(tiny_package), "--terms", str(terms), "--data-dir", str(data),
            "--api-keys", str(keys), "--char-limit", str(CHAR_LIMIT),
            "--chars-per-minute", str(PER_MINUTE), "--max-upload", str(UPLOAD_MIB)]  # fmt: skip
    log = (root / "server.log").open("wb")
    proc = subprocess.Popen(args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(f"{url}/languages", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("server did not start:\n" + (root / "server.log").read_text())
        time.sleep(0.2)
    yield type("Server", (), {"url": url, "root": root, "data": data, "terms": terms})
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def post(server, path: str, key: str | None = KEY_A, **body):
    if key is not None:
        body["api_key"] = key
    return requests.post(server.url + path, json=body, timeout=30)


# ---------------------------------------------------------------------- LibreTranslate


def test_libretranslate_client_translates_with_terms_enforced(server):
    lt = libretranslatepy.LibreTranslateAPI(server.url, api_key=KEY_A)
    out = lt.translate("Chipkriget har börjat. Regeringen svarar.", "sv", "en")
    assert out == "The chip war har börjat. Regeringen svarar."


def test_libretranslate_client_languages_and_detect(server):
    lt = libretranslatepy.LibreTranslateAPI(server.url, api_key=KEY_A)
    assert lt.languages() == [{"code": "sv", "name": "Swedish", "targets": ["en"]}]
    assert (
        lt.detect("Regeringen har infört nya exportkontroller för företaget")[0]["language"] == "sv"
    )
    assert lt.detect("The government has introduced new export controls")[0]["language"] == "en"


def test_list_html_auto_and_term_report(server):
    r = post(server, "/translate", q=["Chipkriget.", "<p>Om <b>regeringen</b> och chipkriget.</p>"],
             source="auto", target="en", format="html", term_report=True)  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["translatedText"] == [
        "The chip war.",
        "<p>Om <b>regeringen</b> och the chip war.</p>",
    ]
    assert body["detectedLanguage"][0]["language"] == "sv"
    terms = body["termReport"][0][0]["terms"]
    assert terms == [{"source": "Chipkriget", "target": "chip war",
                      "status": "applied", "method": "replace"}]  # fmt: skip


def test_named_glossary_and_inline_pairs(server):
    text = "Knappen och chipkriget."
    everything = post(server, "/translate", q=text, source="sv", target="en").json()
    assert everything["translatedText"] == "The button och the chip war."
    ui = post(server, "/translate", q=text, source="sv", target="en", glossary="ui").json()
    assert ui["translatedText"] == "The button och chipkriget."  # only that glossary
    pairs = {"chipkriget": "the semiconductor conflict"}
    inline = post(server, "/translate", q=text, source="sv", target="en", glossary_pairs=pairs)
    # with the termbase's terms; the client's entry wins for the same source term
    assert inline.json()["translatedText"] == "The button och the semiconductor conflict."
    unknown = post(server, "/translate", q=text, source="sv", target="en", glossary="nope")
    assert unknown.status_code == 400 and "nope" in unknown.json()["error"]


# ---------------------------------------------------------------------- DeepL


@pytest.fixture
def deepl_a(server):
    return deepl.Translator(KEY_A, server_url=server.url)


def test_deepl_client_translates_and_describes_itself(deepl_a):
    results = deepl_a.translate_text(["Chipkriget.", "Dokumentet"], source_lang="SV",
                                     target_lang="EN-GB")  # fmt: skip
    assert [r.text for r in results] == ["The chip war.", "Dokumentet"]
    assert results[0].detected_source_lang == "SV"
    guessed = deepl_a.translate_text(
        "Regeringen och företaget har infört en licens", target_lang="EN-US"
    )
    assert guessed.detected_source_lang == "SV"
    assert [lang.code for lang in deepl_a.get_source_languages()] == ["SV"]
    assert {lang.code for lang in deepl_a.get_target_languages()} == {"EN-GB", "EN-US"}
    pairs = deepl_a.get_glossary_languages()
    assert [(p.source_lang, p.target_lang) for p in pairs] == [("sv", "en")]
    usage = deepl_a.get_usage()
    assert usage.character.valid and usage.character.limit == PER_MINUTE
    assert usage.character.count > 0


def test_deepl_formality_as_deepl_handles_languages_without_it(deepl_a):
    """Swedish and English have no formality at DeepL: the prefer_ options and default
    translate as usual, more and less are refused as DeepL refuses them."""
    for formality in ("default", "prefer_more", deepl.Formality.PREFER_LESS):
        out = deepl_a.translate_text("Chipkriget.", source_lang="SV", target_lang="EN-GB",
                                     formality=formality)  # fmt: skip
        assert out.text == "The chip war."
    for formality in ("more", deepl.Formality.LESS):
        with pytest.raises(deepl.DeepLException, match="formality"):
            deepl_a.translate_text("Chipkriget.", source_lang="SV", target_lang="EN-GB",
                                   formality=formality)  # fmt: skip
    with pytest.raises(deepl.DeepLException, match="formality"):
        deepl_a.translate_text("Chipkriget.", source_lang="SV", target_lang="EN-GB",
                               formality="very")  # fmt: skip


def test_deepl_tag_handling_keeps_markup(deepl_a):
    out = deepl_a.translate_text("<p>Hela <b>chipkriget</b>, <i>regeringen</i>.</p>",
                                 source_lang="SV", target_lang="EN-US", tag_handling="html")  # fmt: skip
    assert out.text.startswith("<p>Hela <b>the") and out.text.endswith(", <i>regeringen</i>.</p>")
    assert "chip war" in out.text and out.text.count("</b>") == 1


def test_deepl_glossaries_are_created_used_listed_and_deleted(server, deepl_a):
    glossary = deepl_a.create_glossary("Maskinvara", "SV", "EN",
                                       {"processorer": "CPUs", "chipkriget": "the chip conflict"})  # fmt: skip
    assert glossary.entry_count == 2 and glossary.ready
    assert [g.glossary_id for g in deepl_a.list_glossaries()] == [glossary.glossary_id]
    assert deepl_a.get_glossary(glossary.glossary_id).name == "Maskinvara"
    assert deepl_a.get_glossary_entries(glossary) == {
        "processorer": "CPUs", "chipkriget": "the chip conflict"}  # fmt: skip
    out = deepl_a.translate_text("Processorer och chipkriget.", source_lang="SV",
                                 target_lang="EN-GB", glossary=glossary)  # fmt: skip
    assert out.text == "CPUs och the chip conflict."
    merged = deepl_a.translate_text("Knappen och chipkriget.", source_lang="SV",
                                    target_lang="EN-GB", glossary=glossary)  # fmt: skip
    assert merged.text == "The button och the chip conflict."  # the termbase's terms too
    unsourced = requests.post(server.url + "/v2/translate", timeout=30,
                              headers={"Authorization": f"DeepL-Auth-Key {KEY_A}"},
                              json={"text": ["Processorer."], "target_lang": "EN-GB",
                                    "glossary_id": glossary.glossary_id})  # fmt: skip
    assert unsourced.status_code == 400 and "source_lang" in unsourced.json()["message"]
    csv = requests.post(server.url + "/v2/glossaries", timeout=30,
                        headers={"Authorization": f"DeepL-Auth-Key {KEY_A}"},
                        json={"name": "csv", "source_lang": "sv", "target_lang": "en",
                              "entries": 'servrar,"servers, racks"\n', "entries_format": "csv"})  # fmt: skip
    assert csv.status_code == 201, csv.text
    assert deepl_a.get_glossary_entries(csv.json()["glossary_id"]) == {"servrar": "servers, racks"}
    deepl_a.delete_glossary(glossary)
    deepl_a.delete_glossary(csv.json()["glossary_id"])
    assert deepl_a.list_glossaries() == []
    with pytest.raises(deepl.GlossaryNotFoundException):
        deepl_a.get_glossary(glossary.glossary_id)
    with pytest.raises(deepl.DeepLException, match="Glossary not found"):
        deepl_a.translate_text("Processorer.", source_lang="SV", target_lang="EN-GB",
                               glossary=glossary.glossary_id)  # fmt: skip


def test_glossaries_are_isolated_per_key(server, deepl_a):
    mine = deepl_a.create_glossary("mine", "SV", "EN", {"minne": "RAM"})
    other = deepl.Translator(KEY_B, server_url=server.url)
    assert other.list_glossaries() == []
    for call in (other.get_glossary, other.get_glossary_entries, other.delete_glossary):
        with pytest.raises(deepl.GlossaryNotFoundException):
            call(mine.glossary_id)
    with pytest.raises(deepl.DeepLException, match="Glossary not found"):
        other.translate_text("Minne.", source_lang="SV", target_lang="EN-GB",
                             glossary=mine.glossary_id)  # fmt: skip
    via_lt = post(server, "/translate", key=KEY_B, q="Minne.", source="sv", target="en",
                  glossary_id=mine.glossary_id)  # fmt: skip
    assert via_lt.status_code == 400
    assert deepl_a.translate_text("Minne.", source_lang="SV", target_lang="EN-GB",
                                  glossary=mine).text == "RAM."  # fmt: skip
    deepl_a.delete_glossary(mine)


# ---------------------------------------------------------------------- files


def upload(server, name: str, data: bytes, key: str = KEY_A, **fields):
    fields = {"source": "sv", "target": "en", "api_key": key, **fields}
    return requests.post(server.url + "/translate_file", data=fields,
                         files={"file": (name, data)}, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.txt", b"Chipkriget\n\nRegeringen svarar.\n",
         b"The chip war\n\nRegeringen svarar.\n"),
        ("page.html", b"<html><body><p>Om <i>regeringen</i> och chipkriget.</p></body></html>",
         b"<p>Om <i>regeringen</i> och the chip war.</p>"),
    ],
)  # fmt: skip
def test_translate_file_and_download(server, name, data, expected):
    r = upload(server, name, data)
    assert r.status_code == 200, r.text
    url = r.json()["translatedFileUrl"]
    assert url.startswith(server.url + "/download_file/") and url.endswith(
        ".en" + Path(name).suffix
    )
    got = requests.get(url, timeout=30)
    assert got.status_code == 200
    assert expected in got.content if name.endswith("html") else got.content == expected


def test_hostile_and_unknown_uploads_are_refused(server):
    deep = b"<html><body>" + b"<div>" * 400 + b"Chipkriget" + b"</div>" * 400 + b"</body></html>"
    r = upload(server, "deep.html", deep)
    assert r.status_code == 400 and "deep.html" in r.json()["error"]
    assert str(server.data) not in r.json()["error"]  # no server-side path in the answer
    r = upload(server, "program.exe", b"MZ\x90\x00")
    assert r.status_code == 400 and "not a translatable file type" in r.json()["error"]
    r = upload(server, "big.txt", b"ord " * (UPLOAD_MIB << 18) + b"x")
    assert r.status_code == 413 and "too large" in r.json()["error"]


# ---------------------------------------------------------------------- errors


def test_error_bodies(server):
    bad = requests.post(server.url + "/translate", data=b"{not json",
                        headers={"Content-Type": "application/json"}, timeout=30)  # fmt: skip
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]
    r = post(server, "/translate", q="Hej", source="sv", target="fi")
    assert r.status_code == 400 and r.json() == {"error": "fi is not supported"}
    r = post(server, "/translate", q="Hej", source="en", target="sv")
    assert r.status_code == 400 and "not supported" in r.json()["error"]
    r = post(server, "/translate", q="ord " * CHAR_LIMIT, source="sv", target="en")
    assert r.status_code == 400 and "exceeds text limit" in r.json()["error"]
    r = post(server, "/translate", source="sv", target="en")
    assert r.status_code == 400 and "q" in r.json()["error"]
    r = requests.post(server.url + "/translate", json={"q": "x" * (2 << 20)}, timeout=30)
    assert r.status_code == 413
    deep = requests.post(server.url + "/v2/translate", json={"text": ["Hej"], "target_lang": "FI"},
                         headers={"Authorization": f"DeepL-Auth-Key {KEY_A}"}, timeout=30)  # fmt: skip
    assert deep.status_code == 400 and "target_lang" in deep.json()["message"]


def test_keys_are_checked(server):
    r = post(server, "/translate", key="wrong-key-123", q="Hej", source="sv", target="en")
    assert r.status_code == 403 and r.json() == {"error": "Invalid API key"}
    r = post(server, "/translate", key=None, q="Hej", source="sv", target="en")
    assert r.status_code == 403
    with pytest.raises(deepl.AuthorizationException):
        deepl.Translator("wrong-key-123", server_url=server.url).translate_text(
            "Hej", source_lang="SV", target_lang="EN-GB"
        )


def test_characters_per_key_per_minute(server):
    text = "ord " * (CHAR_LIMIT // 4 - 1)
    statuses = [
        post(server, "/translate", key=KEY_C, q=text, source="sv", target="en").status_code
        for _ in range(PER_MINUTE // len(text) + 1)
    ]
    assert statuses[:-1] == [200] * (len(statuses) - 1) and statuses[-1] == 429
    other = post(server, "/translate", key=KEY_B, q="Hej", source="sv", target="en")
    assert other.status_code == 200  # another key is not held back


def test_no_request_reaches_outside_the_data_directory(server):
    def outside() -> dict[str, float]:
        return {
            str(p): p.stat().st_mtime
            for p in server.root.rglob("*")
            if p.is_file() and not p.is_relative_to(server.data)
            and not p.name.endswith(("-shm", "-wal", ".log"))
        }  # fmt: skip

    before = outside()
    for name in ("../../escape.txt", "/tmp/escape.txt", "..\\..\\escape.txt", "../secret.txt"):
        r = upload(server, name, b"Chipkriget.\n")
        assert r.status_code == 200, r.text
        assert "/download_file/" in r.json()["translatedFileUrl"]
        assert "/../" not in r.json()["translatedFileUrl"]
    for path in ("/download_file/../secret.txt", "/download_file/%2e%2e/secret.txt",
                 "/download_file/" + "0" * 32 + "/..%2Fsecret.txt",
                 "/download_file/" + "0" * 32 + "/%2e%2e"):  # fmt: skip
        r = requests.get(server.url + path, timeout=30)
        assert r.status_code == 404 and b"TOP SECRET" not in r.content
    r = post(server, "/translate", q="Hej", source="sv", target="en", glossary="../terms.db")
    assert r.status_code == 400
    r = post(server, "/translate", q="Hej", source="sv", target="en", glossary_id="../../terms")
    assert r.status_code == 400
    assert outside() == before
    assert [p.relative_to(server.data).parts[0] for p in server.root.rglob("escape*")] == [
        "files"
    ] * 3  # the uploads' translations, each in its own download folder


def test_binding_beyond_loopback_needs_keys(tmp_path, capsys):
    from glossary.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "d")])
    assert exit_.value.code == 2
    assert "--api-keys" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


# ---------------------------------------------------------------------- batching


def test_concurrent_requests_share_model_calls(tiny_package, tmp_path):
    """Requests that arrive while the model is busy go to it together; without batching
    each is its own call. Results are the same either way."""
    from concurrent.futures import wait

    from glossary.serve.batcher import Batcher
    from glossary.serve.settings import ServeSettings
    from glossary.translate import Recipe

    recipe = Recipe("sv", "en", str(tiny_package), use_memory=False)
    texts = [[f"Regeringen köper {n} servrar."] for n in range(8)]
    for batching, most in ((True, 2), (False, 8)):
        settings = ServeSettings(tmp_path, batching=batching)
        batcher = Batcher(settings, warm=[recipe])
        futures = [batcher.submit(recipe, "text", t) for t in texts]
        wait(futures, timeout=60)
        batcher.close()
        assert [f.result()[0].target for f in futures] == [t[0] for t in texts]
        assert batcher.calls <= most if batching else batcher.calls == most
        assert len(batcher.threads) >= 2 and len(batcher.engines.loaded) == 1  # one model


class SlowFirstCall:
    """A sentence translator whose first call takes a while (a long batch in progress)."""

    def __init__(self) -> None:
        self.calls = 0

    def translate_sentences(self, sentences: list[str]) -> list:
        from glossary.results import SentenceResult

        self.calls += 1
        if self.calls == 1:
            time.sleep(0.5)
        return [SentenceResult(source=s, target=s.upper()) for s in sentences]


def test_requests_that_arrive_while_the_model_is_busy_form_the_next_batch(tmp_path):
    """No fixed wait: a lone request starts at once; those that arrive while it is being
    translated go to the model together as soon as it is done."""
    from concurrent.futures import wait

    from glossary.serve.batcher import Batcher
    from glossary.serve.settings import ServeSettings
    from glossary.translate import Recipe

    recipe = Recipe("sv", "en", use_memory=False, core=SlowFirstCall)
    batcher = Batcher(ServeSettings(tmp_path, workers=2), warm=[recipe])
    started = time.monotonic()
    lone = batcher.submit(recipe, "text", ["ensam."])
    time.sleep(0.1)  # the lone request is being translated
    crowd = []
    for n in range(8):  # arriving one by one while the model is busy
        crowd.append(batcher.submit(recipe, "text", [f"mening {n}."]))
        time.sleep(0.02)
    wait([lone, *crowd], timeout=30)
    batcher.close()
    assert lone.result()[0].target == "ENSAM."
    assert [f.result()[0].target for f in crowd] == [f"MENING {n}." for n in range(8)]
    assert list(batcher.batches) == [1, 8]
    assert time.monotonic() - started < 5
