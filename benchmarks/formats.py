"""Parse + render time and peak memory of every file format at 1x, 4x and 16x input.

Each measurement runs in a fresh process (so peak memory is that of one document),
parses a generated document, renders it with every segment changed (upper-cased, so
every segment is rebuilt) and reports CPU seconds (best of ``--repeat``) and the peak
resident memory above the process's baseline. A reader linear in its input shows
time and memory ratios near 4 and 16 against 1x.

Besides a typical document per format, hostile shapes that broke readers before are
measured too: deeply nested inline HTML, many sibling paragraphs, and XLIFF units
with nested inline codes.

    python benchmarks/formats.py                 # the table
    python benchmarks/formats.py --base 2000     # larger base size (units per 1x)
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALES = (1, 4, 16)
NS12 = "urn:oasis:names:tc:xliff:document:1.2"


def _sentence(n: int) -> str:
    return f"Företaget nummer {n} sålde kiselskivor till en kund i Lund under året."


def make_txt(units: int) -> bytes:
    return "".join(f"{_sentence(n)}\n\n" for n in range(units)).encode()


def make_md(units: int) -> bytes:
    parts = []
    for n in range(units):
        if n % 10 == 0:
            parts.append(f"## Avsnitt {n}\n\n")
        parts.append(f"{_sentence(n)} Läs **mer** på [sidan](https://example.org/{n}).\n\n")
        if n % 5 == 0:
            parts.append(f"- punkt {n} med `kod`\n- en till punkt\n\n")
    return "".join(parts).encode()


def make_html(units: int) -> bytes:
    body = "".join(
        f'<p>{_sentence(n)} Med <b>fet</b> och <a href="/x{n}">länk</a>.</p>\n'
        for n in range(units)
    )
    return f"<html><head><title>Sida</title></head><body>{body}</body></html>".encode()


def make_html_deep(units: int) -> bytes:
    """``units`` paragraphs, each with inline elements nested 200 deep."""
    depth = 200
    para = "<p>Ett " + "<b>" * depth + "ord" + "</b>" * depth + " här.</p>\n"
    return ("<html><body>" + para * max(1, units // 20) + "</body></html>").encode()


def make_html_siblings(units: int) -> bytes:
    """Many sibling paragraphs with text between them (once quadratic)."""
    return ("<html><body>" + "<p>Ett ord.</p>mellan\n" * (units * 4) + "</body></html>").encode()


def make_srt(units: int) -> bytes:
    cues = []
    for n in range(units):
        s = n * 3
        cues.append(f"{n + 1}\n00:{s // 3600 % 60:02}:{s // 60 % 60:02},000 --> "
                    f"00:{s // 3600 % 60:02}:{s // 60 % 60:02},500\n{_sentence(n)}\n\n")  # fmt: skip
    return "".join(cues).encode()


def make_vtt(units: int) -> bytes:
    cues = ["WEBVTT\n\n"]
    for n in range(units):
        h, m, s = n // 3600, n // 60 % 60, n % 60
        cues.append(f"{h:02}:{m:02}:{s:02}.000 --> {h:02}:{m:02}:{s:02}.900\n{_sentence(n)}\n\n")
    return "".join(cues).encode()


def make_po(units: int) -> bytes:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body = "".join(f'msgid "{_sentence(n)} %s"\nmsgstr ""\n\n' for n in range(units))
    return (head + body).encode()


def make_xliff(units: int) -> bytes:
    tus = "".join(
        f'<trans-unit id="u{n}"><source>{_sentence(n)} <g id="1">fet</g> '
        f'<x id="2"/> slut.</source></trans-unit>\n'
        for n in range(units)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS12}">'
            f'<file source-language="sv" target-language="en" datatype="plaintext" '
            f'original="x"><body>\n{tus}</body></file></xliff>\n').encode()  # fmt: skip


def make_xliff_nested(units: int) -> bytes:
    depth = 100
    inner = '<g id="g">' * depth + "ord" + "</g>" * depth
    tus = "".join(
        f'<trans-unit id="u{n}"><source>Ett {inner} här.</source></trans-unit>\n'
        for n in range(max(1, units // 10))
    )
    return (f'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="{NS12}"><file '
            f'source-language="sv" datatype="plaintext" original="x"><body>{tus}'
            f"</body></file></xliff>\n").encode()  # fmt: skip


def make_docx(units: int) -> bytes:
    import docx

    document = docx.Document()
    for n in range(units):
        p = document.add_paragraph(_sentence(n) + " Med ")
        p.add_run("fet").bold = True
        p.add_run(" text.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CASES = {
    "txt": ("txt", make_txt),
    "md": ("md", make_md),
    "html": ("html", make_html),
    "html-deep": ("html", make_html_deep),
    "html-siblings": ("html", make_html_siblings),
    "srt": ("srt", make_srt),
    "vtt": ("vtt", make_vtt),
    "po": ("po", make_po),
    "xliff": ("xliff", make_xliff),
    "xliff-nested": ("xliff", make_xliff_nested),
    "docx": ("docx", make_docx),
}


def measure_one(case: str, units: int, repeat: int) -> dict:
    """Parse and render one generated document in this process."""
    import gc
    import importlib

    from glossary import formats

    fmt, make = CASES[case]
    data = make(units)
    module = importlib.import_module(formats.FORMATS[fmt].module)
    path = Path(f"bench.{fmt}")
    # warm up imports and caches on a small document, then take the baseline
    small = module.parse(make(2), path, fmt)
    small.render([s.source.upper() for s in small.segments])
    gc.collect()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = float("inf")
    segments = 0
    for _ in range(repeat):
        gc.collect()
        started = time.process_time()
        doc = module.parse(data, path, fmt)
        out = doc.render([s.source.upper() for s in doc.segments])
        best = min(best, time.process_time() - started)
        segments = len(doc.segments)
        del doc, out
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": best, "peak_mb": max(peak - base, 0) / 1024, "bytes": len(data),
            "segments": segments}  # fmt: skip


def run_case(case: str, units: int, repeat: int) -> dict:
    args = [sys.executable, __file__, "--one", case, "--units", str(units), "--repeat",
            str(repeat)]  # fmt: skip
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=500, help="units (paragraphs, cues) at 1x")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--units", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.units, args.repeat)))
        return
    print(f"{'case':<14} {'1x KB':>8} {'1x s':>7} {'4x s':>7} {'16x s':>7} "
          f"{'t4/t1':>6} {'t16/t1':>7} {'1x MB':>7} {'16x MB':>7} {'m16/m4':>7}")  # fmt: skip
    for case in args.cases.split(","):
        rows = [run_case(case, args.base * k, args.repeat) for k in SCALES]
        t1, t4, t16 = (r["seconds"] for r in rows)
        m1, m4, m16 = (r["peak_mb"] for r in rows)
        print(
            f"{case:<14} {rows[0]['bytes'] / 1024:>8.0f} {t1:>7.3f} {t4:>7.3f} {t16:>7.3f} "
            f"{t4 / t1:>6.1f} {t16 / t1:>7.1f} {m1:>7.1f} {m16:>7.1f} "
            f"{(m16 / m4 if m4 > 0.5 else float('nan')):>7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
