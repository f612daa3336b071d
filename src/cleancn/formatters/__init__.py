"""Output formats. Each renders the canonical records of ``report.py``; none looks at findings directly.

A formatter streams: ``begin()``, ``document(record)`` per document, ``end(summary)``.
"""
from __future__ import annotations

from importlib import import_module

from cleancn.formatters.base import Formatter

# Imported on demand: the text formatter pulls in rich (~50 ms), which a JSON run never needs.
FORMATTERS: dict[str, str] = {
    "text": "cleancn.formatters.text:TextFormatter",
    "json": "cleancn.formatters.json:JsonFormatter",
    "jsonl": "cleancn.formatters.json:JsonlFormatter",
    "sarif": "cleancn.formatters.sarif:SarifFormatter",
    "github": "cleancn.formatters.github:GithubFormatter",
    "html": "cleancn.formatters.html:HtmlFormatter",
}


def get_formatter(name: str) -> type[Formatter]:
    module, cls = FORMATTERS[name].split(":")
    return getattr(import_module(module), cls)
