"""Data only: the document, a finding, and the severities. No behaviour beyond validation."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Document:
    """A decoded text. ``text`` is never mutated: every offset in a report points into it."""

    text: str
    path: str = "<text>"
    encoding: str = "utf-8"
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    # Shared, lazily computed views (line starts, normalised text); detectors read, never write text.
    views: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def view(self, name: str, build):
        """Return the cached view ``name``, building it once with ``build(self)``."""
        if name not in self.views:
            self.views[name] = build(self)
        return self.views[name]


@dataclass(frozen=True)
class Finding:
    """One thing a detector found: a span of the original text and what to do with it.

    ``replacement`` None flags only; "" deletes; any other string repairs.
    """

    detector: str
    code: str
    severity: Severity
    start: int
    end: int
    text: str
    replacement: str | None
    message: str
    claim_id: str | None = None
    stance: str | None = None
    confidence: float | None = None

    def __post_init__(self):
        if not (0 <= self.start <= self.end):
            raise ValueError(f"{self.code}: bad span {self.start}-{self.end}")

    @property
    def is_edit(self) -> bool:
        return self.replacement is not None

    @classmethod
    def at(cls, doc_text: str, detector: str, code: str, severity: Severity, start: int, end: int,
           replacement: str | None, message: str, **extra) -> "Finding":
        """Build a finding whose ``text`` is taken from the original, so it can never disagree."""
        return cls(detector, code, severity, start, end, doc_text[start:end], replacement, message, **extra)
