"""What every detector is: a name, the codes it may emit, and a read-only ``detect``."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from cleancn.codes import BY_CODE, RULES
from cleancn.config import Config
from cleancn.model import Document, Finding, Severity


class Detector:
    name: str = ""

    def __init__(self, config: Config, roots: tuple[Path, ...]):
        self.config = config
        self.roots = roots

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in RULES if r.detector == self.name)

    def enabled(self, code: str) -> bool:
        return code in self.config.enabled_codes

    def detect(self, doc: Document) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, doc: Document, code: str, start: int, end: int, replacement: str | None, message: str,
                severity: Severity | None = None, **extra) -> Finding:
        return Finding.at(doc.text, self.name, code, severity or BY_CODE[code].severity, start, end,
                          replacement, message, **extra)
