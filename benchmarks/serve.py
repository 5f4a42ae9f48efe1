"""`ordbro serve` throughput and latency: 16 concurrent clients against 1, batching on and off.

    python benchmarks/serve.py [--clients 16] [--requests 6] [--window-ms 10] [--model PATH]

Starts the real server on 127.0.0.1 twice (free ports, temporary data directories, no
translation memory, the default termbase copied into a temporary home): with request
batching (requests arriving together go to the model together) and without (one
request per model call). The two take turns, twice each, so a change in the machine's
load hits both. Each request is one generated Swedish
sentence through ``POST /translate``. Reports sentences/s and p50/p99 latency per
setting, then the ratios: batching's throughput at ``--clients`` against one request at
a time (target >= 3x), and how much batching slows a lone request (target: no more
than the window). Loopback only; every run is bounded by ``--budget-s``.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_VOCABULARY = (
    "företaget kunderna halvledare fabriken regeringen marknaden tekniken priset dokumentet "
    "servrar minne leverantören året veckan processorer exporten licensen säljer köper "
    "bygger visar ökar minskar sparar öppnar stänger behöver använder skickar nya gamla "
    "stora små snabba viktiga billiga dyra svenska globala många flera alla"
)
WORDS = _VOCABULARY.split()


def sentences(count: int, seed: int) -> list[str]:
    """Distinct generated Swedish sentences of 6 to 14 words."""
    rng = random.Random(seed)
    out = []
    for serial in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        out.append(f"{words[0].capitalize()} {' '.join(words[1:])} {serial}.")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`ordbro serve` in a subprocess on loopback."""

    def __init__(
        self, home: Path, batching: bool, window_ms: float, model: str | None, threads: int
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "glossary", "serve", "--port", str(self.port),
                "--data-dir", str(home / ("data-b" if batching else "data-n")), "--no-tm",
                "--chars-per-minute", "100000000", "--batch-window", str(window_ms),
                "--threads", str(threads)]  # fmt: skip
        if model:
            args += ["--model", model]
        if not batching:
            args.append("--no-batching")
        env = dict(os.environ, ORDBRO_HOME=str(home), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(args, env=env, stderr=subprocess.DEVNULL)

    def wait(self, budget: float) -> None:
        import requests

        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/languages", timeout=2).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise SystemExit("the server did not start in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_clients(url: str, clients: int, texts: list[str], deadline: float) -> dict:
    """``clients`` threads, each translating its share of ``texts`` one request at a time."""
    import requests

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    shares = [texts[i::clients] for i in range(clients)]

    def client(share: list[str]) -> None:
        with requests.Session() as session:
            for text in share:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                r = session.post(url + "/translate", timeout=120,
                                 json={"q": text, "source": "sv", "target": "en"})  # fmt: skip
                took = time.perf_counter() - started
                with lock:
                    (latencies.append(took) if r.ok else errors.append(r.text[:200]))

    threads = [threading.Thread(target=client, args=(s,)) for s in shares]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return {"latencies": latencies, "wall": wall}


def merge(rows: dict, key: tuple, run: dict) -> None:
    """Add one run's latencies and time to ``rows[key]``."""
    into = rows.setdefault(key, {"latencies": [], "wall": 0.0})
    into["latencies"] += run["latencies"]
    into["wall"] += run["wall"]


def summary(run: dict) -> dict:
    """Sentences, sentences/s and p50/p99 latency of the merged runs."""
    ordered = sorted(run["latencies"])
    return {
        "sentences": len(ordered),
        "per_s": len(ordered) / run["wall"],
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
    }


def model_alone(model: str | None, threads: int, batch: int) -> tuple[float, float]:
    """(sentences/s one at a time, sentences/s in batches of ``batch``) of the engine alone:
    the ceiling of what request batching can give on this machine."""
    from glossary.engine import EngineSettings
    from glossary.translate import Recipe

    engine = Recipe("sv", "en", model, EngineSettings(intra_threads=threads)).load_engine()
    texts = sentences(4 * batch, seed=99)
    engine.translate_sentences(texts[:2])
    rates = []
    for size in (1, batch):
        started = time.perf_counter()
        for i in range(0, len(texts), size):
            engine.translate_sentences(texts[i : i + size])
        rates.append(len(texts) / (time.perf_counter() - started))
    return rates[0], rates[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=8, help="requests per client")
    parser.add_argument("--lone", type=int, default=40, help="requests of the single client")
    parser.add_argument("--window-ms", type=float, default=10)
    parser.add_argument("--model", help="model package (default: installed, else the starter)")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: automatic)")
    parser.add_argument("--budget-s", type=float, default=300, help="bound on the measured part")
    args = parser.parse_args(argv)
    ceiling = model_alone(args.model, args.threads, args.clients)

    rows: dict = {}
    with tempfile.TemporaryDirectory(prefix="ordbro-serve-bench-") as tmp:
        home = Path(tmp)
        servers = {
            "batching": Server(home, True, args.window_ms, args.model, args.threads),
            "one at a time": Server(home, False, args.window_ms, args.model, args.threads),
        }
        try:
            for server in servers.values():
                server.wait(120)
            deadline = time.monotonic() + args.budget_s
            for server in servers.values():
                run_clients(server.url, 1, sentences(3, seed=1), deadline)  # warm up
            # the two settings take turns, so a change in the machine's load hits both
            for turn in range(2):
                for number, (name, server) in enumerate(servers.items()):
                    seed = 100 * turn + 10 * number
                    lone = run_clients(server.url, 1, sentences(args.lone // 2, seed), deadline)
                    many = sentences(args.clients * args.requests // 2, seed + 1)
                    crowd = run_clients(server.url, args.clients, many, deadline)
                    merge(rows, (name, 1), lone)
                    merge(rows, (name, args.clients), crowd)
        finally:
            for server in servers.values():
                server.stop()
    rows = {key: summary(run) for key, run in rows.items()}

    print("| setting | clients | sentences | sentences/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for (name, clients), r in rows.items():
        print(f"| {name} | {clients} | {r['sentences']} | {r['per_s']:.1f} | "
              f"{r['p50_ms']:.0f} | {r['p99_ms']:.0f} |")  # fmt: skip
    speedup = (
        rows[("batching", args.clients)]["per_s"] / rows[("one at a time", args.clients)]["per_s"]
    )
    slower = rows[("batching", 1)]["p50_ms"] - rows[("one at a time", 1)]["p50_ms"]
    print(f"\nbatching at {args.clients} clients: {speedup:.2f}x the throughput of one request "
          f"at a time (target >= 3x)")  # fmt: skip
    print(f"a lone request with batching: {slower:+.0f} ms at p50 (window {args.window_ms:g} ms)")
    print(f"the model alone (same sentences, same process): {ceiling[0]:.1f} sentences/s one "
          f"at a time, {ceiling[1]:.1f} in batches of {args.clients}: "
          f"{ceiling[1] / ceiling[0]:.2f}x is what batching can give on this machine")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
