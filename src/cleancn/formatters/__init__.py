"""Output formats. Each renders the canonical records of ``report.py``; none looks at findings directly.

A formatter streams: ``begin()``, ``document(record)`` per document, ``end(summary)``.
"""
from __future__ import annotations

from cleancn.formatters.base import Formatter
from cleancn.formatters.github import GithubFormatter
from cleancn.formatters.json import JsonFormatter, JsonlFormatter
from cleancn.formatters.sarif import SarifFormatter
from cleancn.formatters.text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonlFormatter,
    "sarif": SarifFormatter,
    "github": GithubFormatter,
}


def get_formatter(name: str) -> type[Formatter]:
    return FORMATTERS[name]
