"""Who may call the server and how much: API keys and character limits."""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque

from glossary.serve.settings import ServeSettings, owner_of


class Refused(Exception):
    """A request the server will not serve: ``status`` is its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Access:
    """Checks keys and counts characters per key over a sliding minute (thread-safe)."""

    def __init__(self, settings: ServeSettings, clock=time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self._lock = threading.Lock()
        self._spent: dict[str, deque[tuple[float, int]]] = {}

    def owner(self, key: str | None) -> str:
        """The owner of ``key``; :class:`Refused` (403) when keys are required and it is
        missing or unknown."""
        keys = self.settings.api_keys
        if keys is not None:
            if not key:
                raise Refused(403, "Please provide an API key")
            if not any(hmac.compare_digest(key, k) for k in keys):
                raise Refused(403, "Invalid API key")
        return owner_of(key)

    def charge(self, owner: str, chars: int, per_request: bool = True) -> None:
        """Count ``chars`` for ``owner``: 400 over the per-request limit (``per_request``),
        429 over the per-minute limit (nothing counted then)."""
        limit = self.settings.char_limit
        if per_request and chars > limit:
            raise Refused(400, f"Invalid request: request ({chars}) exceeds text limit ({limit})")
        now = self.clock()
        with self._lock:
            spent = self._spent.setdefault(owner, deque())
            while spent and spent[0][0] <= now - 60:
                spent.popleft()
            used = sum(n for _, n in spent)
            if used + chars > self.settings.chars_per_minute:
                raise Refused(
                    429,
                    f"Too many requests: {used + chars} characters in a minute, "
                    f"at most {self.settings.chars_per_minute}",
                )
            spent.append((now, chars))

    def used(self, owner: str) -> int:
        """Characters ``owner`` translated in the last minute."""
        now = self.clock()
        with self._lock:
            return sum(n for t, n in self._spent.get(owner, ()) if t > now - 60)
