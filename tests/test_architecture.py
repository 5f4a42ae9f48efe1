"""The shape of the core, checked: no import cycles, one front door for translation.

Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The glossary modules ``path`` imports (anywhere in it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def test_no_import_cycles_among_core_modules():
    files = {_module_name(p): p for p in (ROOT / "glossary").rglob("*.py")}
    modules = set(files)
    graph = {
        name: {m for m in _imports(path, modules) if m != name and not name.startswith(m + ".")}
        for name, path in files.items()
    }  # a subpackage importing its own package's __init__ is not a cycle

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            here = todo.pop()
            if here == goal:
                return True
            if here not in seen:
                seen.add(here)
                todo.extend(graph[here])
        return False

    cycles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if a < b and reaches(b, a))
    assert cycles == []


def _sources() -> dict[str, str]:
    paths = [*(ROOT / "glossary").rglob("*.py"), *(ROOT / "tui").rglob("*.py")]
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in paths}


def _where(pattern: str) -> list[str]:
    return sorted(name for name, text in _sources().items() if re.search(pattern, text))


def test_one_place_builds_a_translator():
    # the engine is loaded and enforcement put on it only by the front door's recipe
    assert _where(r"\bGlossaryTranslator\(") == ["glossary/translate/recipe.py"]
    assert _where(r"\bEngine\.load\(") == ["glossary/translate/recipe.py"]
    # the front door's Translator is made only inside glossary/translate (the cluster's is a
    # subclass built from a recipe there too)
    assert _where(r"(?<![\w.])Translator\(") == [
        "glossary/translate/__init__.py",
        "glossary/translate/recipe.py",
    ]


def test_only_the_engine_touches_ctranslate2():
    # one ctranslate2 model object, one batched decoding call; the rest ask the engine
    assert _where(r"ctranslate2\.Translator\(") == ["glossary/engine.py"]
    assert _where(r"\.translate_batch\(") == ["glossary/engine.py"]
    assert _where(r"(?<![\w.])Engine\(|\bcls\(info") == ["glossary/engine.py"]


def test_only_the_store_opens_sqlite():
    assert _where(r"sqlite3\.connect\(") == ["glossary/store.py"]
    # the termbase and the memory set their connections up through it
    assert _where(r"\bstore\.connect\(") == ["glossary/memory.py", "glossary/termbase.py"]


def test_one_place_looks_up_and_records_machine_translations():
    assert _where(r"\.reusable\(") == ["glossary/translate/translator.py"]
    assert _where(r'"origin": "machine"') == ["glossary/translate/translator.py"]


def test_the_environment_is_read_in_one_place_each():
    assert _where(r"environ\b.*(ORDBRO_TERMS|TERMS_ENV)") == ["glossary/termbase.py"]
    assert _where(r"environ\b.*(ORDBRO_TM\b|TM_ENV)") == ["glossary/memory.py"]
    assert _where(r"envvar=") == []  # click never reads them on its own


def test_a_module_over_400_lines_says_why_at_its_top():
    """~400 lines is the limit; a longer module writes its reason in its docstring."""
    unexplained = []
    for path in sorted([*ROOT.glob("glossary/**/*.py"), *ROOT.glob("tui/**/*.py")]):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= 420:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if not re.search(r"\b(Over|About) 400 lines because\b", doc):
            unexplained.append(str(path.relative_to(ROOT)))
    assert unexplained == []


def test_one_module_decides_the_encoding_of_text_files():
    assert _where(r"charset_normalizer|getincrementaldecoder|BOM_UTF") == ["glossary/textcodec.py"]


def test_widgets_and_screens_post_only_their_own_messages():
    """A message is defined on the class that posts it (a screen does not post a widget's
    message for it, it calls the widget)."""
    foreign = []
    for name, text in _sources().items():
        if not name.startswith("tui/"):
            continue
        for owner in re.findall(r"post_message\(\s*([A-Z]\w*)\.", text):
            if not re.search(rf"^class {owner}\b", text, re.M):
                foreign.append(f"{name}: {owner}")
    assert foreign == []
