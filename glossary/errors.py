"""Named exceptions with messages a translator can act on.

Every error the CLI reports is an :class:`OrdbroError`; the CLI prints its
message on one line and exits with its ``exit_code``.
"""

from __future__ import annotations


class OrdbroError(Exception):
    """Base class: a problem the user can understand and fix."""

    exit_code = 2


class InputError(OrdbroError):
    """An input file (source text, glossary, memory) is missing or malformed."""


class ModelError(OrdbroError):
    """No usable translation model, or a model package is broken."""


class NetworkError(OrdbroError):
    """A download the user asked for could not be completed."""


class TermbaseError(OrdbroError):
    """The termbase cannot be opened, read or changed as asked."""
