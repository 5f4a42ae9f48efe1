"""Parallel Swedish/English text from Debian packages: fetch, extract, clean, split by document."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

HELP_PACKAGES = ("libreoffice-help-sv", "libreoffice-help-en-us")

# Programs whose Swedish gettext catalogues (.mo) are shipped inside the Debian package itself.
CATALOGUE_PACKAGES = (
    "libreoffice-l10n-sv",
    "libgtk-3-common",
    "libglib2.0-data",
    "coreutils",
    "gnome-control-center-data",
    "nautilus-data",
    "vlc-l10n",
    "evolution-common",
    "gnome-software-common",
    "gedit-common",
    "totem-common",
    "apt",
    "dpkg",
    "bash",
    "tar",
    "gnupg-l10n",
    "inkscape",
)

# Licence of the text each package contributes (from its debian/copyright).
LICENCES = {
    "libreoffice-help": "MPL-2.0 (with Apache-2.0 portions)",
    "libreoffice-l10n-sv": "MPL-2.0",
    "libgtk-3-common": "LGPL-2.1+",
    "libglib2.0-data": "LGPL-2.1+",
    "coreutils": "GPL-3+",
    "gnome-control-center-data": "GPL-2+",
    "nautilus-data": "GPL-3+",
    "vlc-l10n": "GPL-2+",
    "evolution-common": "LGPL-2+",
    "gnome-software-common": "GPL-2+",
    "gedit-common": "GPL-2+",
    "totem-common": "GPL-2+",
    "apt": "GPL-2+",
    "dpkg": "GPL-2+",
    "bash": "GPL-3+",
    "tar": "GPL-3+",
    "gnupg-l10n": "GPL-3+",
    "inkscape": "GPL-2+",
}

SPACE = re.compile(r"\s+")
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")
LETTER = re.compile(r"[A-Za-zÅÄÖåäö]")


@dataclass(frozen=True)
class Pair:
    sv: str
    en: str
    doc: str  # the document it came from (split unit)
    source: str  # package group


def fetch(work: Path, packages: tuple[str, ...]) -> Path:
    """Download the Debian packages (``apt-get download``) and unpack them under ``work/root``."""
    debs = work / "debs"
    root = work / "root"
    debs.mkdir(parents=True, exist_ok=True)
    missing = [p for p in packages if not list(debs.glob(f"{p}_*.deb"))]
    if missing:
        subprocess.run(["apt-get", "download", *missing], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def _versions(work: Path) -> dict[str, str]:
    out = {}
    for deb in sorted((work / "debs").glob("*.deb")):
        name, version = deb.name.split("_")[:2]
        out[name] = version.replace("%3a", ":")
    return out


def clean(text: str) -> str:
    """Collapse whitespace and drop UI mnemonic markers (``~`` of LibreOffice, a lone ``_``)."""
    text = SPACE.sub(" ", text).strip()
    text = text.replace("~", "")
    if text.count("_") == 1 and re.search(r"(^|\W)_\w|\w_\w", text) and "__" not in text:
        text = text.replace("_", "")
    return text


def _help_paragraphs(path: Path) -> dict[str, str]:
    import lxml.html

    tree = lxml.html.parse(str(path))
    out = {}
    for el in tree.iter():
        ident = el.get("id") if isinstance(el.tag, str) else None
        if ident and (ident.startswith("par_id") or ident.startswith("hd_id")):
            out[ident] = clean("".join(el.itertext()))
    return out


def help_pairs(root: Path) -> list[Pair]:
    """Pair LibreOffice help paragraphs by (file, paragraph id)."""
    base = root / "usr/share/libreoffice/help"
    pairs = []
    for en_file in sorted((base / "en-US").rglob("*.html")):
        rel = en_file.relative_to(base / "en-US")
        sv_file = base / "sv" / rel
        if not sv_file.exists():
            continue
        en = _help_paragraphs(en_file)
        sv = _help_paragraphs(sv_file)
        for ident in sorted(en.keys() & sv.keys()):
            pairs.append(Pair(sv[ident], en[ident], f"help:{rel}", "libreoffice-help"))
    return pairs


def _package_of(mo: Path, root: Path, owners: dict[str, str]) -> str:
    return owners.get(str(mo.relative_to(root)), "unknown")


def _owners(work: Path) -> dict[str, str]:
    owners = {}
    for deb in sorted((work / "debs").glob("*.deb")):
        name = deb.name.split("_")[0]
        listing = subprocess.run(
            ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
        ).stdout
        for line in listing.splitlines():
            path = line.split()[-1]
            if path.endswith(".mo"):
                owners[path.removeprefix("./")] = name
    return owners


def catalogue_pairs(work: Path, root: Path) -> list[Pair]:
    """Swedish gettext catalogues: msgid (English) against msgstr (Swedish)."""
    import polib

    owners = _owners(work)
    pairs = []
    mos = sorted(root.glob("usr/share/locale/sv/LC_MESSAGES/*.mo"))
    mos += sorted(root.glob("usr/lib/libreoffice/program/resource/sv/LC_MESSAGES/*.mo"))
    for mo in mos:
        package = _package_of(mo, root, owners)
        if package not in LICENCES:
            continue
        doc = f"mo:{package}/{mo.stem}"
        for entry in polib.mofile(str(mo)):
            if entry.msgstr_plural:
                forms = [(entry.msgid, entry.msgstr_plural.get(0, ""))]
                if entry.msgid_plural:
                    forms.append((entry.msgid_plural, entry.msgstr_plural.get(1, "")))
            else:
                forms = [(entry.msgid, entry.msgstr)]
            for en, sv in forms:
                if en and sv:
                    pairs.append(Pair(clean(sv), clean(en), doc, package))
    return pairs


def keep(pair: Pair) -> bool:
    """Drop untranslated, empty, markup-laden, over-long or badly proportioned pairs."""
    sv, en = pair.sv, pair.en
    if sv == en or not LETTER.search(sv) or not LETTER.search(en):
        return False
    if MARKUP.search(sv) or MARKUP.search(en) or "translator-credits" in en:
        return False
    if len(sv) > 400 or len(en) > 400 or len(sv) < 2 or len(en) < 2:
        return False
    longer, shorter = max(len(sv), len(en)), min(len(sv), len(en))
    return not (longer > 15 and longer > 2.5 * shorter)


def _bucket(doc: str) -> int:
    return int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 100


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: the key for duplicate tests."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def contaminated(candidates: list[str], held: list[str], threshold: float = 90.0) -> set[int]:
    """Indexes of ``candidates`` equal or nearly equal (normalised, rapidfuzz ratio >=
    ``threshold``) to any ``held`` text: evaluation text must never be training text."""
    from rapidfuzz import fuzz, process

    keys = [normalise(c) for c in candidates]
    held_keys = sorted({normalise(h) for h in held} - {""})
    exact = set(held_keys)
    hits = {i for i, k in enumerate(keys) if k in exact}
    if not held_keys:
        return hits
    scores = process.cdist(
        keys, held_keys, scorer=fuzz.ratio, score_cutoff=threshold, workers=-1, dtype="uint8"
    )
    hits.update(int(i) for i in scores.max(axis=1).nonzero()[0])
    return hits


def split(pairs: list[Pair], evaluation: list[tuple[str, str]] = ()) -> dict[str, list[Pair]]:
    """Hold out dev (3%) and test (3%) help documents; train gets the rest, minus any
    pair whose Swedish or English side equals or nearly equals (see :func:`contaminated`)
    a sentence of dev, test or the ``evaluation`` pairs (sv, en), on either side. Exact
    duplicates are removed."""
    parts: dict[str, list[Pair]] = {"train": [], "dev": [], "test": []}
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        key = (pair.sv, pair.en)
        if key in seen or not keep(pair):
            continue
        seen.add(key)
        bucket = _bucket(pair.doc) if pair.doc.startswith("help:") else 99
        part = "test" if bucket < 3 else "dev" if bucket < 6 else "train"
        parts[part].append(pair)
    held_pairs = [(p.sv, p.en) for p in parts["dev"] + parts["test"]] + list(evaluation)
    held = [text for pair in held_pairs for text in pair]
    train = parts["train"]
    dirty = contaminated([p.sv for p in train], held) | contaminated([p.en for p in train], held)
    parts["train"] = [p for i, p in enumerate(train) if i not in dirty]
    return parts


def build_corpus(work: Path, evaluation: list[tuple[str, str]] = ()) -> dict:
    """Fetch every package, extract, clean and split (``evaluation`` pairs kept out of
    training, see :func:`split`); write TSVs and a stats JSON in ``work``."""
    root = fetch(work, HELP_PACKAGES + CATALOGUE_PACKAGES)
    pairs = help_pairs(root) + catalogue_pairs(work, root)
    parts = split(pairs, evaluation)
    for name, items in parts.items():
        with open(work / f"{name}.tsv", "w", encoding="utf-8") as f:
            for p in items:
                f.write(f"{p.sv}\t{p.en}\t{p.doc}\n")
    versions = _versions(work)
    sources: dict[str, dict] = {}
    for name, items in parts.items():
        for p in items:
            entry = sources.setdefault(
                p.source, {"licence": LICENCES[p.source], "train": 0, "dev": 0, "test": 0}
            )
            entry[name] += 1
    for source, entry in sources.items():
        names = HELP_PACKAGES if source == "libreoffice-help" else (source,)
        entry["packages"] = {n: versions.get(n, "?") for n in names}
    stats = {
        "raw_pairs": len(pairs),
        "splits": {k: len(v) for k, v in parts.items()},
        "documents": {k: len({p.doc for p in v}) for k, v in parts.items()},
        "sources": sources,
    }
    (work / "corpus.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False))
    return stats


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """Read (sv, en) pairs from a corpus TSV written by :func:`build_corpus`."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        sv, en = line.split("\t")[:2]
        rows.append((sv, en))
    return rows
