"""Batch translation on a Ray cluster (the optional ``ordbro[cluster]`` extra).

The driver runs the ordinary batch (:func:`glossary.batch.translate_paths`: the same
planner, formats, segmenter, memory, atomic writes and report) with a
:class:`~glossary.cluster.translator.ClusterTranslator` as its translator: memory
lookups and recording stay on the driver (one writer), and the segments to translate
are sent, in parts, to Ray actors that each built the same translator once from the
recipe. Ray is imported only here, and only when ``--ray`` is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.errors import OrdbroError

HINT = "--ray needs the cluster extra: pip install 'ordbro[cluster]'"


class ClusterError(OrdbroError):
    """Ray is missing, or the cluster cannot be reached or cannot run the actors."""


@dataclass(frozen=True)
class ClusterSettings:
    """Where and how to run: ``address`` of a cluster ("" or None: ``$RAY_ADDRESS``, else
    a new local instance), ``actors`` (0: one per free CPU, or per GPU with ``cuda``),
    ``cpus_per_actor``, and ``num_cpus`` for a local instance started here (None: all)."""

    address: str | None = None
    actors: int = 0
    cpus_per_actor: float = 1.0
    num_cpus: int | None = None
    max_retries: int = 3  # restarts of a dead actor, and retries of its batch


def require_ray():
    """The ``ray`` module, or ClusterError with the one-line install hint."""
    try:
        import ray
    except ImportError as exc:
        raise ClusterError(HINT) from exc
    return ray


__all__ = ["HINT", "ClusterError", "ClusterSettings", "require_ray"]
