"""The document score (0-100, 100 = nothing found) and its verdict.

    penalty  = sum over codes c of weight(c) * (1 + ln(n_c))     n_c = findings of code c
             + 30 * (characters the edits change / document length)
    score    = round(clamp(100 - penalty, 0, 100))

The log keeps one bad code from counting 1,800 times while a second occurrence still costs something;
the coverage term makes a page that is mostly spam score lower than one spam line in a long article.
Claim findings at info severity cost nothing: a refutation, and a debunking's quotes of the rumour it
refutes, are not damage. Nor does a flag inside text an edit removes or repairs (a stray character in a
deleted porn line, a heading that the spam detector deletes and the duplicate detector also names): that
damage is paid for once, by the edit.
Verdict: score >= clean_at (90) "clean", >= dirty_below (60) "suspect", else "dirty".
"""
from __future__ import annotations

import bisect
import math
from collections import Counter
from typing import Sequence

from cleancn.config import Config
from cleancn.model import Finding

COVERAGE_WEIGHT = 30.0


def score(findings: Sequence[Finding], length: int, config: Config) -> int:
    # Only claim findings can be free: the test is inlined for the others (a page of pinyin residue
    # has thousands of findings).
    covered = _covered_flags([(f.start, f.end, f.replacement) for f in findings])
    return _score([(f.code, i in covered or f.detector == "claim" and _free(f.code, f.stance, f.severity._value_),
                    f.end - f.start, f.replacement) for i, f in enumerate(findings)], length, config)


def score_records(findings: Sequence[dict], length: int, config: Config) -> int:
    """The same score from report records (after a baseline removed known findings)."""
    covered = _covered_flags([(f["start"], f["end"], f["replacement"]) for f in findings])
    return _score([(f["code"], i in covered or _free(f["code"], f.get("stance"), f.get("severity")),
                    f["end"] - f["start"], f["replacement"]) for i, f in enumerate(findings)], length, config)


def _covered_flags(spans) -> set[int]:
    """Indexes of the flags (replacement None) whose whole span lies inside one edit's span. Edits never
    overlap each other once the pipeline resolved them, so the edit starting last at or before a flag's
    start is the only one that can hold it."""
    edits = sorted((s, e) for s, e, r in spans if r is not None and e > s)
    if not edits:
        return set()
    starts = [s for s, _ in edits]
    out = set()
    for i, (s, e, r) in enumerate(spans):
        if r is None and e > s:
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and e <= edits[k][1]:
                out.add(i)
    return out


def _free(code: str, stance: str | None, severity: str | None) -> bool:
    """A finding that costs no score: a claim finding at info severity, or one refuting its claim."""
    return stance == "refutes" or code.startswith("CLM") and severity == "info"


def _score(items, length: int, config: Config) -> int:
    counts = Counter(code for code, free, _, _ in items if not free)
    penalty = sum(config.weight(code) * (1 + math.log(n)) for code, n in counts.items())
    changed = sum(size for _, _, size, replacement in items if replacement is not None)
    if length:
        penalty += COVERAGE_WEIGHT * min(1.0, changed / length)
    return int(round(max(0.0, min(100.0, 100.0 - penalty))))


def verdict(value: float, config: Config) -> str:
    if value >= config.clean_at:
        return "clean"
    if value >= config.dirty_below:
        return "suspect"
    return "dirty"
