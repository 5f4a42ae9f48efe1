"""The one guard every thread worker of the workbench uses.

A worker calls blocking core code; a problem the user can fix (:class:`OrdbroError`, or a
disk error) becomes one error notification on the UI thread instead of a crashed worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from glossary.errors import InputError, OrdbroError

T = TypeVar("T")
FAILED: Any = object()  # what :func:`guarded` returns when the call failed


def guarded(
    screen: Any, call: Callable[..., T], *args: Any, after_error: Callable[[], Any] | None = None
) -> T:
    """``call(*args)`` from a thread worker; on failure the error is shown on ``screen``
    (and ``after_error`` run on the UI thread) and :data:`FAILED` is returned."""
    try:
        return call(*args)
    except OrdbroError as exc:
        error: OrdbroError = exc
    except OSError as exc:
        error = InputError(f"{exc.filename or 'file'}: {exc.strerror or exc}")
    screen.app.call_from_thread(screen.notify, str(error), title="Error", severity="error")
    if after_error is not None:
        screen.app.call_from_thread(after_error)
    return FAILED
