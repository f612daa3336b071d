"""Run the detectors over a document, resolve overlapping edits, take a second look at what the repairs
revealed (cleancn.revealed), score, and apply the edits once.

Overlap rule (deterministic): edits are considered longest first, then by earlier start, then by
detector order in ``DETECTORS``, then by code. An edit that overlaps one already kept is not applied:
it stays in the report as a flag (replacement None) and its message says which edit won. So a
whole spam line deleted wins over a pinyin repair inside it, and the report stays the exact diff.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Sequence

from cleancn import scoring
from cleancn.config import Config
from cleancn.model import Document, Finding
from cleancn.revealed import needs_second_look, second_look
from cleancn.rules import rule_roots


@dataclass
class Result:
    document: Document
    findings: list[Finding]
    score: int
    verdict: str
    errors: list[str] = field(default_factory=list)  # a detector that failed on this document

    @cached_property
    def cleaned(self) -> str:
        return apply_edits(self.document.text, self.findings)


def _overlap_free(findings: Sequence[Finding]) -> bool:
    """True when no two edits overlap (the common case), by one pass over the edits in offset order."""
    edits = sorted((f.start, f.end) for f in findings if f.replacement is not None)
    for (a0, a1), (b0, b1) in zip(edits, edits[1:]):
        if b0 < a1 or (a0 == b0 and (a0 == a1 or b0 == b1)):
            return False
    return True


def resolve_overlaps(findings: Sequence[Finding], detector_order: Sequence[str]) -> list[Finding]:
    rank = {name: i for i, name in enumerate(detector_order)}
    if _overlap_free(findings):
        return sorted(findings, key=lambda f: (f.start, f.end, rank.get(f.detector, len(rank)), f.code))
    edits = sorted((f for f in findings if f.replacement is not None),
                   key=lambda f: (-(f.end - f.start), f.start, rank.get(f.detector, len(rank)), f.code))
    starts: list[int] = []  # kept edits, sorted by start; they never overlap each other
    kept_by_start: list[Finding] = []
    losers: dict[int, Finding] = {}
    for f in edits:
        i = bisect.bisect_right(starts, f.start)
        clash = None
        for j in (i - 1, i):
            if 0 <= j < len(kept_by_start):
                k = kept_by_start[j]
                if f.start < k.end and k.start < f.end or (f.start == f.end and k.start < f.start < k.end):
                    clash = k
                    break
        if clash is None:
            starts.insert(i, f.start)
            kept_by_start.insert(i, f)
        else:
            losers[id(f)] = replace(f, replacement=None,
                                    message=f"{f.message} (not applied: inside {clash.code} edit {clash.start}-{clash.end})")
    out = [losers.get(id(f), f) for f in findings]
    out.sort(key=lambda f: (f.start, f.end, rank.get(f.detector, len(rank)), f.code))
    return out


def apply_edits(text: str, findings: Iterable[Finding]) -> str:
    """Apply the non-None replacements in offset order. The only place text is ever changed."""
    edits = sorted((f for f in findings if f.replacement is not None), key=lambda f: (f.start, f.end))
    out = []
    pos = 0
    for f in edits:
        if f.start < pos:
            raise ValueError(f"overlapping edits reached apply_edits: {f.code} at {f.start}")
        out.append(text[pos:f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


class Pipeline:
    def __init__(self, config: Config | None = None, detectors: dict | None = None):
        from cleancn.detectors import DETECTORS

        self.config = config or Config()
        table = DETECTORS if detectors is None else detectors
        roots = rule_roots(self.config.rules_dirs)
        enabled = self.config.enabled_codes
        self.detectors = []
        for name, cls in table.items():
            det = cls(self.config, roots)
            if any(c in enabled for c in det.codes):
                self.detectors.append(det)
        self.order = [d.name for d in self.detectors]

    def run_text(self, text: str) -> Result:
        return self.run(Document(text=text))

    def run(self, doc: Document) -> Result:
        enabled = self.config.enabled_codes
        found: list[Finding] = []
        errors: list[str] = []
        for det in self.detectors:
            try:
                found.extend(f for f in det.detect(doc) if f.code in enabled)
            except Exception as exc:  # one broken detector must not lose the document
                errors.append(f"detector {det.name} failed: {type(exc).__name__}: {exc}")
        findings = resolve_overlaps(found, self.order)
        if needs_second_look(doc.text, findings):
            mojibake = next((d for d in self.detectors if d.name == "mojibake"), None)
            if mojibake is not None:
                try:
                    findings = resolve_overlaps(
                        second_look(doc, findings, mojibake, enabled, lambda fs: resolve_overlaps(fs, self.order)),
                        self.order)
                except Exception as exc:
                    errors.append(f"second look failed: {type(exc).__name__}: {exc}")
        value = scoring.score(findings, len(doc.text), self.config)
        return Result(doc, findings, value, scoring.verdict(value, self.config), errors)
