"""String keys with 32-bit values in a compact trie that loads by mapping its bytes.

A :class:`KeyTrie` replaces an Aho-Corasick automaton where every key begins with a
space: the keys found in a text are those that start at one of its spaces, so one prefix
search per word finds them all. It is a marisa-trie (a few bytes per key) with an array
of values indexed by the trie's own key ids. Both pickle as out-of-band buffers
(protocol 5), so the matcher cache maps them from the file instead of rebuilding an
automaton node by node (:mod:`glossary.matcher_cache`): loading costs nothing per key.

A reversed trie holds its keys backwards: it finds keys that *end* at a space (a word
end) by searching the reversed text from that space.
"""

from __future__ import annotations

import pickle
import re
from array import array
from collections.abc import Iterable, Iterator

import marisa_trie

# A space followed by something else: where a key (a space, then a word) may start.
_SPACE_BEFORE_WORD = re.compile(r" (?=[^ ])")


class KeyTrie:
    """Keys (each beginning with a space; ending with one when ``reverse``) and values."""

    def __init__(self, trie: marisa_trie.Trie, values, longest: int, reverse: bool) -> None:
        self._trie, self._values = trie, values
        self._longest, self._reverse = longest, reverse

    @classmethod
    def build(cls, items: Iterable[tuple[str, int]], reverse: bool = False) -> KeyTrie | None:
        """A trie of ``(key, value)`` pairs (values fit in 32 bits); None when empty."""
        pairs = [(k[::-1] if reverse else k, v) for k, v in items]
        if not pairs:
            return None
        trie = marisa_trie.Trie([k for k, _ in pairs])
        values = array("I", bytes(4 * len(trie)))
        key_id = trie.key_id
        for key, value in pairs:
            values[key_id(key)] = value
        return cls(trie, values, max(len(k) for k, _ in pairs), reverse)

    def __len__(self) -> int:
        return len(self._trie)

    def get(self, key: str, default: int = -1) -> int:
        """The value of ``key``, or ``default``."""
        kid = self._trie.get(key[::-1] if self._reverse else key)
        return default if kid is None else self._values[kid]

    def iter(self, text: str) -> Iterator[tuple[int, int]]:
        """``(end, value)`` of every key in ``text`` (``end``: the index of its last
        character), as an Aho-Corasick automaton's ``iter`` finds them, by word."""
        values, longest = self._values, self._longest
        prefixes, key_id = self._trie.prefixes, self._trie.key_id
        if self._reverse:
            backwards = text[::-1]
            last = len(text) - 1
            for m in _SPACE_BEFORE_WORD.finditer(backwards):
                p = m.start()
                found = prefixes(backwards[p : p + longest])
                if found:
                    for key in found:
                        yield last - p, values[key_id(key)]
            return
        for m in _SPACE_BEFORE_WORD.finditer(text):
            p = m.start()
            found = prefixes(text[p : p + longest])
            if found:
                for key in found:
                    yield p + len(key) - 1, values[key_id(key)]

    def __reduce_ex__(self, protocol):
        # Out of band when pickled with protocol 5 and a buffer callback (the matcher
        # cache maps them back from its file); in the pickle itself otherwise.
        return (
            _restore,
            (
                _buffer(self._trie.tobytes(), protocol),
                _buffer(self._values, protocol),
                self._longest,
                self._reverse,
            ),
        )


def _restore(trie_bytes, values, longest: int, reverse: bool) -> KeyTrie:
    """A trie over the buffers it was pickled with (mapped, not copied, where they are)."""
    trie = marisa_trie.Trie()
    trie.map(trie_bytes)
    keep = trie_bytes  # the trie reads the buffer in place: it must stay alive with it
    restored = KeyTrie(trie, _flat_view(values, "I"), longest, reverse)
    restored._buffer = keep  # type: ignore[attr-defined]
    return restored


class Flat:
    """An array, bytes or memoryview that pickles as one out-of-band buffer (protocol 5)
    and is restored as a memoryview of its items: over the mapped cache file when the
    buffers come from there, so a loaded matcher reads its arrays in place."""

    __slots__ = ("data", "fmt")

    def __init__(self, data) -> None:
        self.data = data
        self.fmt = data.typecode if isinstance(data, array) else memoryview(data).format

    def __reduce_ex__(self, protocol):
        return (_flat_view, (_buffer(self.data, protocol), self.fmt))


def flat_state(state: dict) -> dict:
    """``state`` with its arrays and byte strings as :class:`Flat` (for ``__getstate__``)."""
    return {
        name: Flat(value) if isinstance(value, array | bytes | memoryview) and len(value) else value
        for name, value in state.items()
    }


def _flat_view(buffer, fmt: str) -> memoryview:
    view = memoryview(buffer)
    if view.format != "B":
        view = view.cast("B")
    return view if fmt == "B" else view.cast(fmt)


def _buffer(data, protocol: int):
    """``data`` as a buffer that protocol 5 may send out of band; bytes before it."""
    if protocol >= 5:
        return pickle.PickleBuffer(data)
    return bytes(memoryview(data).cast("B") if memoryview(data).format != "B" else data)
