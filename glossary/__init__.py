"""ordbro's headless core: termbase, term matching, translation engine, formats, QA.

This package never imports textual or rich at import time, and keeps heavy
libraries (ctranslate2, sentencepiece, lxml, docx) behind lazy imports.
"""

__version__ = "0.1.0"
