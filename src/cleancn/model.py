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
           replacement: str | None, message: str, claim_id: str | None = None, stance: str | None = None,
           confidence: float | None = None) -> "Finding":
        """Build a finding whose ``text`` is taken from the original, so it can never disagree.

        Detectors make one finding per pinyin annotation or entity, up to ~200,000 on a 24 MB corpus:
        this fills the instance's dict in one call instead of the frozen ``__init__``'s eleven
        ``object.__setattr__`` calls (3x faster), with the same check as ``__post_init__``."""
        if not (0 <= start <= end):
            raise ValueError(f"{code}: bad span {start}-{end}")
        f = object.__new__(cls)
        f.__dict__.update(detector=detector, code=code, severity=severity, start=start, end=end,
                          text=doc_text[start:end], replacement=replacement, message=message,
                          claim_id=claim_id, stance=stance, confidence=confidence)
        return f
