"""`ordbro serve` throughput and latency: 16 concurrent clients against 1, batching on and off.

    python benchmarks/serve.py [--clients 16] [--requests 8] [--rounds 2] [--model PATH|tiny]

Starts the real server on 127.0.0.1 three times (free ports, temporary data directories,
no translation memory unless ``--tm``, the starter termbase in a temporary home): with
request batching (requests that arrive while the model is busy go to it together), and
without (one request per model call) with the same worker threads and with one worker.
The settings take turns, ``--rounds`` times each, on the same sentences (the lone
client request by request), so a change in the machine's load hits all of them. Each request is one generated Swedish sentence
through ``POST /translate``. Reports per setting sentences/s, p50/p99 latency and
sentences per CPU-second of the server process (the work batching saves, whatever
share of the CPU the machine gives the server), then the ratios: batching's throughput
at ``--clients`` against one request at a time (target >= 3x), and how much batching
slows a lone request (target: not measurably). ``--model tiny`` builds the tests' tiny
copy model. Loopback only; every run is bounded by ``--budget-s``.
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

    def __init__(self, home: Path, name: str, options: list[str], model: str | None,
                 threads: int, tm: bool) -> None:  # fmt: skip
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "glossary", "serve", "--port", str(self.port),
                "--data-dir", str(home / f"data-{abs(hash(name))}"),
                "--chars-per-minute", "100000000", "--threads", str(threads), *options]  # fmt: skip
        if not tm:
            args.append("--no-tm")
        if model:
            args += ["--model", model]
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

    def cpu_seconds(self) -> float:
        """CPU time the server process has used (all its threads, the model's included)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_clients(server: Server, clients: int, texts: list[str], deadline: float) -> dict:
    """``clients`` threads, each translating its share of ``texts`` one request at a time."""
    import requests

    url = server.url
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
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return {"latencies": latencies, "wall": wall, "cpu": server.cpu_seconds() - cpu}


def lone_client(servers: dict, texts: list[str], deadline: float) -> dict:
    """One client, one request at a time, taking turns between ``servers`` request by
    request (so each setting's lone latency is measured under the same load)."""
    runs = {name: {"latencies": [], "wall": 0.0, "cpu": 0.0} for name in servers}
    for text in texts:
        for name, server in servers.items():
            if time.monotonic() > deadline:
                return runs
            run = run_clients(server, 1, [text], deadline)
            for key in runs[name]:
                runs[name][key] += run[key]
    return runs


def merge(rows: dict, key: tuple, run: dict) -> None:
    """Add one run's latencies, time and server CPU time to ``rows[key]``."""
    into = rows.setdefault(key, {"latencies": [], "wall": 0.0, "cpu": 0.0})
    into["latencies"] += run["latencies"]
    into["wall"] += run["wall"]
    into["cpu"] += run["cpu"]


def summary(run: dict) -> dict:
    """Sentences, sentences/s, p50/p99 latency and sentences per server CPU-second."""
    ordered = sorted(run["latencies"])
    return {
        "sentences": len(ordered),
        "per_s": len(ordered) / run["wall"],
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "per_cpu_s": len(ordered) / max(run["cpu"], 1e-9),
    }


def model_alone(model: str | None, threads: int, batch: int) -> list[tuple[float, float]]:
    """[(sentences/s, sentences per CPU-second)] of the plain engine alone, one sentence
    per call and ``batch`` per call: what batching can give the model on this machine."""
    from glossary.engine import EngineSettings
    from glossary.translate import Recipe

    engine = Recipe("sv", "en", model, EngineSettings(intra_threads=threads)).load_engine()
    texts = sentences(4 * batch, seed=99)
    engine.translate_sentences(texts[:2])
    rates = []
    for size in (1, batch):
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), size):
            engine.translate_sentences(texts[i : i + size])
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        rates.append((len(texts) / took, len(texts) / max(cpu, 1e-9)))
    return rates


def tiny_model(work: Path) -> str:
    """The tests' tiny copy model, built into ``work`` (it copies its input)."""
    from tests.modelfactory import build_package

    return str(build_package(work / "translate-sv_en-0_1.argosmodel"))


SETTINGS = {  # name: serve options
    "batching": [],
    "one at a time": ["--no-batching"],
    "one at a time, 1 worker": ["--no-batching", "--workers", "1"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=8, help="requests per client and round")
    parser.add_argument("--lone", type=int, default=12, help="requests of the single client")
    parser.add_argument("--rounds", type=int, default=2, help="turns of each setting")
    parser.add_argument("--model", help="model package, or tiny (default: installed, else the "
                        "starter)")  # fmt: skip
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: automatic)")
    parser.add_argument("--tm", action="store_true", help="with the translation memory")
    parser.add_argument("--budget-s", type=float, default=300, help="bound on the measured part")
    args = parser.parse_args(argv)

    rows: dict = {}
    with tempfile.TemporaryDirectory(prefix="ordbro-serve-bench-") as tmp:
        home = Path(tmp)
        model = tiny_model(home) if args.model == "tiny" else args.model
        os.environ["ORDBRO_HOME"] = str(home)  # the model-alone run unpacks here too
        ceiling = model_alone(model, args.threads, args.clients)
        servers = {name: Server(home, name, options, model, args.threads, args.tm)
                   for name, options in SETTINGS.items()}  # fmt: skip
        try:
            for server in servers.values():
                server.wait(120)
            deadline = time.monotonic() + args.budget_s
            for server in servers.values():
                run_clients(server, 1, sentences(3, seed=1), deadline)  # warm up
            # the settings take turns on the same sentences, so load changes hit them all
            for turn in range(args.rounds):
                lone = lone_client(servers, sentences(args.lone, seed=100 * turn), deadline)
                many = sentences(args.clients * args.requests, seed=100 * turn + 1)
                for name, server in servers.items():
                    merge(rows, (name, 1), lone[name])
                    merge(rows, (name, args.clients),
                          run_clients(server, args.clients, many, deadline))  # fmt: skip
        finally:
            for server in servers.values():
                server.stop()
    rows = {key: summary(run) for key, run in rows.items()}

    print(f"model {args.model or 'default'}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}, memory {'on' if args.tm else 'off'}")  # fmt: skip
    print("| setting | clients | sentences | sentences/s | p50 ms | p99 ms | per CPU-s |")
    print("|---|---|---|---|---|---|---|")
    for (name, clients), r in sorted(rows.items(), key=lambda kv: kv[0][1]):
        print(f"| {name} | {clients} | {r['sentences']} | {r['per_s']:.1f} | "
              f"{r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['per_cpu_s']:.1f} |")  # fmt: skip
    batched = rows[("batching", args.clients)]
    for base in ("one at a time", "one at a time, 1 worker"):
        other = rows[(base, args.clients)]
        print(
            f"batching at {args.clients} clients vs {base}: "
            f"{batched['per_s'] / other['per_s']:.2f}x the throughput (target >= 3x), "
            f"{batched['per_cpu_s'] / other['per_cpu_s']:.2f}x the sentences per CPU-second"
        )
    slower = rows[("batching", 1)]["p50_ms"] - rows[("one at a time", 1)]["p50_ms"]
    print(f"a lone request with batching: {slower:+.0f} ms at p50")
    (one, one_cpu), (many_, many_cpu) = ceiling
    print(f"the plain model alone: {one:.1f} sentences/s ({one_cpu:.1f} per CPU-s) one at a "
          f"time, {many_:.1f} ({many_cpu:.1f} per CPU-s) in batches of {args.clients}: "
          f"{many_ / one:.2f}x ({many_cpu / one_cpu:.2f}x per CPU-s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
