"""Pilot helpers: wait for workers and timers, type text, read the editor's state."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot


async def settle(pilot: Pilot, timeout: float = 20.0, extra: float = 0.0) -> None:
    """Wait until no worker runs and the message queues are empty (plus ``extra`` seconds)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    if extra:
        await pilot.pause(extra)
    while True:
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
        if loop.time() > deadline:
            raise TimeoutError(f"workers still running: {[w.name for w in app.workers]}")
        await asyncio.sleep(0.02)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


async def opened(pilot: Pilot) -> None:
    """Wait for the document, the matcher and the first segment's side panels."""
    await settle(pilot)
    await settle(pilot, extra=0.35)  # the live QA check runs after a short pause
