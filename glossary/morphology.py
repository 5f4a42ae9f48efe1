"""Swedish term forms (placeholder contract; the recognition work replaces the body).

``generate_forms(term)`` returns every surface form of a stored term with its
grammatical features; the termbase stores them and the matcher searches them.
"""

from __future__ import annotations

from glossary.termtypes import Form, Term


def generate_forms(term: Term) -> list[Form]:
    """All surface forms of ``term`` (including the base form)."""
    return [Form(term.text, ("base",))]
