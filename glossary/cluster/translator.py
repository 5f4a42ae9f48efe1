"""The driver's translator on a Ray cluster: the front door's Translator, with the
translation of new segments done by actors.

Everything else a :class:`~glossary.translate.Translator` does stays on the driver, in
the one code path: memory lookup and recording (one writer), the digest of how it
translates (so a cluster run and a local run reuse each other's memory), and the
results for the term report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from glossary.cluster import ClusterError, ClusterSettings, require_ray
from glossary.cluster.shipping import pack_database, pack_folder
from glossary.translate.translator import Translator


@dataclass
class ClusterTranslator(Translator):
    """A Translator whose new segments are translated by Ray actors, a chunk each."""

    actors: list = field(default_factory=list)
    keep_alive: list = field(default_factory=list)  # object refs the actors restart from
    owns_ray: bool = False
    lost: str | None = None  # why the cluster can no longer translate

    turn: int = 0  # the actor that gets the next chunk

    @property
    def in_flight(self) -> int:
        """How many chunks the batch runner may have on their way at once."""
        return len(self.actors)

    def submit_segments(self, sources: list[str], files: list[str | None]) -> _Chunk:
        """Start translating a whole chunk on the next actor (a chunk is never split, so
        the engine batches exactly as in a local run); ``.result()`` waits for it,
        records it in the memory and returns what ``translate_segments`` would."""
        if self.lost:
            raise ClusterError(self.lost)
        actor = self.actors[self.turn % len(self.actors)]
        self.turn += 1
        return _Chunk(self, sources, files, actor.translate.remote(sources))

    def translate_new(self, sources: list[str]) -> list[Any]:
        """Results of ``sources``, translated now on the next actor (nothing recorded)."""
        if not sources:
            return []
        return self.submit_segments(sources, [None] * len(sources)).wait()

    def _answer(self, ref: Any) -> list[Any]:
        ray = require_ray()
        try:
            results, sentences = ray.get(ref)
        except ray.exceptions.RayActorError as exc:
            self.lost = f"a cluster worker died and could not be restarted ({exc})"
            raise ClusterError(self.lost) from exc
        if self.keep_results:
            self.results.extend(sentences)
        return results

    def worker_pids(self) -> list[int]:
        """The process ids of the actors (each on its own node's machine)."""
        ray = require_ray()
        return ray.get([a.pid.remote() for a in self.actors])

    def close(self) -> None:
        """Close the memory, end the actors, and stop Ray if this translator started it."""
        try:
            super().close()
        finally:
            ray = require_ray()
            for actor in self.actors:
                ray.kill(actor, no_restart=True)
            self.actors = []
            self.keep_alive = []
            if self.owns_ray:
                ray.shutdown()


@dataclass
class _Chunk:
    """A chunk on its way to an actor."""

    owner: ClusterTranslator
    sources: list[str]
    files: list[str | None]
    ref: Any

    def wait(self) -> list[Any]:
        """The results, unrecorded."""
        return self.owner._answer(self.ref)

    def result(self) -> list[Any]:
        """The results, recorded in the memory (by the driver, its one writer)."""
        done = self.wait()
        rows = zip(self.sources, (r.target for r in done), self.files, strict=True)
        self.owner._record(list(rows))
        return done


def connect(settings: ClusterSettings) -> bool:
    """Join ``settings.address`` (else ``$RAY_ADDRESS``) or start a local instance on
    loopback; True when this process started or joined Ray (and must shut it down)."""
    ray = require_ray()
    if ray.is_initialized():
        return False
    address = settings.address or os.environ.get("RAY_ADDRESS") or None
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    if address is None:
        options.update(num_cpus=settings.num_cpus, _node_ip_address="127.0.0.1")
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {exc}") from exc
    return True


def cluster_translator(recipe: Any, settings: ClusterSettings) -> ClusterTranslator:
    """The driver's translator for ``recipe`` with actors started on the cluster.

    The driver builds the recipe on its CPU (for the memory and the digest of how it
    translates); the actors get the model package and the termbase as bytes through the
    object store, and each builds the same translator once.
    """
    from glossary.engine import EngineSettings

    ray = require_ray()
    engine = recipe.engine or EngineSettings()
    local = replace(recipe, engine=replace(engine, device="cpu", intra_threads=1)).build()
    owns = False
    try:
        owns = connect(settings)
        package = getattr(local.engine, "package_dir", None) if recipe.core is None else None
        refs = [
            ray.put(pack_folder(package)) if package is not None else None,
            ray.put(pack_database(recipe.terms)) if recipe.terms is not None else None,
        ]
        cpus = settings.cpus_per_actor
        threads = engine.intra_threads or max(1, int(cpus))
        remote_recipe = replace(recipe, engine=replace(engine, intra_threads=threads))
        gpu = engine.device == "cuda"
        count = settings.actors or _free_slots(ray, cpus, gpu)
        from glossary.cluster.actor import SegmentWorker

        worker = ray.remote(SegmentWorker).options(
            num_cpus=cpus,
            num_gpus=1 if gpu else 0,
            max_restarts=settings.max_retries,
            max_task_retries=settings.max_retries,
        )
        actors = [worker.remote(remote_recipe, *refs) for _ in range(count)]
        try:
            ray.get([a.pid.remote() for a in actors])
        except ray.exceptions.RayError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise ClusterError(f"the cluster workers could not start: {first}") from exc
    except BaseException:
        local.close()
        if owns:
            ray.shutdown()
        raise
    return ClusterTranslator(
        local.core,
        local.from_code,
        local.to_code,
        memory=local.memory,
        made_by=local.made_by,
        recipe=recipe,
        termbase=local.termbase,
        actors=actors,
        keep_alive=refs,
        owns_ray=owns,
    )


def _free_slots(ray: Any, cpus: float, gpu: bool) -> int:
    """How many actors fit the cluster: one per GPU, else one per ``cpus`` CPUs."""
    resources = ray.cluster_resources()
    if gpu:
        count = int(resources.get("GPU", 0))
        if count < 1:
            raise ClusterError("--device cuda: the Ray cluster has no GPU")
        return count
    return max(1, int(resources.get("CPU", 1) // cpus))
