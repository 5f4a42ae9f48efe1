"""Fetch the QA evaluation corpus: Swedish gettext catalogues from Debian packages.

Each catalogue is a professionally translated en->sv PO file (mostly the Translation
Project's Swedish team). ``apt-get download`` fetches the package, ``dpkg-deb -x``
unpacks it and ``msgunfmt`` turns the compiled ``sv`` catalogue back into a PO file
under tests/data/qa/corpus/<set>/. The ``dev`` set is the one the checks were tuned
on; ``heldout`` was only run after tuning. Needs apt-get, dpkg-deb and gettext.

    python tools/fetch_qa_corpus.py            # (re)fetch all catalogues
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "qa" / "corpus"

# set -> (catalogue name, Debian package shipping /usr/share/locale/sv/LC_MESSAGES/<name>.mo)
CORPUS = {
    "dev": [
        ("apt", "apt"),
        ("libapt-pkg6.0", "libapt-pkg6.0"),
        ("grep", "grep"),
        ("sed", "sed"),
        ("diffutils", "diffutils"),
        ("findutils", "findutils"),
        ("tar", "tar"),
        ("adduser", "adduser"),
        ("xz", "xz-utils"),
        ("psmisc", "psmisc"),
        ("avahi", "libavahi-common-data"),
        ("PackageKit", "packagekit"),
        ("python-apt", "python-apt-common"),
        ("software-properties", "software-properties-common"),
        ("gdk-pixbuf", "libgdk-pixbuf2.0-common"),
    ],
    "heldout": [
        ("wget", "wget"),
        ("shadow", "login"),
        ("man-db", "man-db"),
        ("systemd", "systemd"),
        ("gstreamer-1.0", "libgstreamer1.0-0"),
        ("make", "make"),
        ("Linux-PAM", "libpam-runtime"),
        ("gnutls30", "libgnutls30"),
        ("gettext-runtime", "gettext-base"),
    ],
}


def fetch(name: str, package: str, dest: Path, work: Path) -> str:
    """Download ``package``, unpack its Swedish ``name.mo`` and write ``dest``; its version."""
    subprocess.run(["apt-get", "download", package], cwd=work, check=True, capture_output=True)
    deb = next(work.glob(f"{package}_*.deb"))
    unpacked = work / package
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    mo = unpacked / "usr/share/locale/sv/LC_MESSAGES" / f"{name}.mo"
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["msgunfmt", str(mo), "-o", str(dest)], check=True)
    return deb.name.split("_")[1].replace("%3a", ":")


def main() -> int:
    lines = ["set\tcatalogue\tpackage\tversion"]
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, items in CORPUS.items():
            for name, package in items:
                version = fetch(name, package, OUT / set_name / f"{name}.po", Path(tmp))
                lines.append(f"{set_name}\t{name}\t{package}\t{version}")
                print(f"{set_name}/{name}.po <- {package} {version}")
    (OUT / "SOURCES.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
