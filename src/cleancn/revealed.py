"""A second look at what the repairs revealed, so that cleaning twice changes nothing more.

A repair can uncover damage the first look could not see: pinyin residue, invisible characters or
entities inside a run garbled by a wrong decoder become visible only once the run is re-decoded; a tag
deleted from between "內" and "(nèi)" joins a pinyin annotation; and the document-level decisions change
with them (the annotations a converter left are counted over the whole page). Run once, ``clean`` would
leave that damage for a second run to find, and a corpus cleaned once would fail a CI scan.

So when the first look made such a repair, the mojibake detector reads the cleaned text again, and each
edit it finds is carried back to the original:
- inside the replacement of a first-look repair, it is applied to that replacement (the finding keeps
  its code and span; its message says what else was done to it);
- across the edge of one or more replacements ("(tu" original, "á" repaired, "n)" original), the
  edits it touches and the text between them become one edit, under the code of the longest; the
  others stay in the report as flags that say where they were applied;
- in text no first-look edit touched, it becomes a finding at the same place in the original, or
  turns a first-look flag at that span into its edit (a page-level decision that changed).
At most MAX_ROUNDS looks. Every finding's span still points into the original and ``clean`` still
applies exactly the findings: the report stays the diff.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from cleancn.model import Document, Finding

# Edits after which the mojibake checks may find something new: repairs that write new text, and
# deletions inside a line that join what was on both sides.
REVEALING = frozenset({"MOJ103", "MOJ104", "MOJ105", "MOJ106", "MOJ107", "MOJ109", "MOJ110", "MOJ113", "MOJ114"})
MAX_ROUNDS = 3


# Deletions join what was on both sides, which may be anything (two halves of a garbled run, of an
# entity, of a pinyin annotation): they always call for a second look. A repair's own text is clean
# Chinese by its judge's standard, so it can reveal only what starts in it or around it: a pinyin
# annotation, an entity, a tag or an invisible character; or a byte it could not recover (U+FFFD).
DELETING = frozenset({"MOJ110", "MOJ113"})
CONTEXT = 8  # characters of the original on each side of a repair that may complete what it revealed


@lru_cache(maxsize=1)
def _revealable():
    from cleancn.text import INVISIBLE_OR_CONTROL_CLASS

    return re.compile(f"[(（][A-Za-z\u00e0-\u01dc]|[&＆][#A-Za-z]|[<＜][A-Za-z/!]|[{INVISIBLE_OR_CONTROL_CLASS}]")


def needs_second_look(text: str, findings: list[Finding]) -> bool:
    found = _revealable()
    for f in findings:
        if f.code not in REVEALING or f.replacement is None:
            continue
        if f.code in DELETING or "\ufffd" in f.replacement or \
                found.search(text[max(0, f.start - CONTEXT):f.start] + f.replacement + text[f.end:f.end + CONTEXT]):
            return True
    return False


def second_look(doc: Document, findings: list[Finding], detector, enabled, resolve) -> list[Finding]:
    """``findings`` with what ``detector`` finds in the cleaned text carried back (see the module)."""
    from cleancn.pipeline import apply_edits

    for _ in range(MAX_ROUNDS):
        cleaned = apply_edits(doc.text, findings)
        again = Document(text=cleaned, path=doc.path, encoding=doc.encoding, meta=doc.meta)
        found = resolve([f for f in detector.detect(again) if f.code in enabled])
        edits = [f for f in found if f.replacement is not None]
        if not edits:
            return findings
        changed = _carry_back(doc.text, cleaned, findings, edits)
        if changed is None:
            return findings
        findings = changed
    return findings


def _carry_back(original: str, cleaned: str, findings: list[Finding], edits: list[Finding]) -> list[Finding] | None:
    """The first-look findings with the second look's ``edits`` (offsets into ``cleaned``, the original
    with ``findings`` applied) carried back, or None when none could be."""
    applied = sorted((f for f in findings if f.replacement is not None), key=lambda f: (f.start, f.end))
    # Where each applied edit's replacement sits in the cleaned text.
    spans: list[tuple[int, int]] = []
    shift = 0
    for f in applied:
        start = f.start + shift
        spans.append((start, start + len(f.replacement)))
        shift += len(f.replacement) - (f.end - f.start)
    starts = [s for s, _ in spans]
    # Each edit with the applied edits it touches (a range of indexes into ``applied``), grouped where
    # they share one: an annotation whose "(" is original text and whose "á" a repair wrote joins them.
    groups: list[list] = []  # [first index, last index, edits]
    outer: list[Finding] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        touched = []
        k = max(0, bisect_right(starts, e.start) - 1)
        while k < len(spans) and spans[k][0] <= e.end:
            s, t = spans[k]
            if (s < e.end and e.start < t) if s < t else e.start < s < e.end:
                touched.append(k)
            k += 1
        if not touched:
            outer.append(e)
        elif groups and touched[0] <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], touched[-1])
            groups[-1][2].append(e)
        else:
            groups.append([touched[0], touched[-1], [e]])
    if not groups and not outer:
        return None
    out = {id(f): f for f in findings}
    added: list[Finding] = []
    for first, last, inside in groups:
        lo = min(spans[first][0], inside[0].start)
        hi = max(spans[last][1], max(e.end for e in inside))
        # The same range in the original: a replacement's edge maps to its edit's edge, a position in
        # untouched text by the shift next to it.
        o_lo = applied[first].start if lo == spans[first][0] else lo - (spans[first][0] - applied[first].start)
        o_hi = applied[last].end if hi == spans[last][1] else hi - (spans[last][1] - applied[last].end)
        text = cleaned[lo:hi]
        for e in sorted(inside, key=lambda e: e.start, reverse=True):
            text = text[:e.start - lo] + e.replacement + text[e.end - lo:]
        # The finding keeps the code of the longest edit it is made of, first look or second: a broken
        # entity (&#122​90;) split by a zero-width space is an entity once joined, not an invisible character.
        first_look = max(applied[first:last + 1], key=lambda f: f.end - f.start)
        second = max(inside, key=lambda e: e.end - e.start)
        n = len(inside)
        done = f"{', '.join(sorted({e.code for e in inside}))} on the repaired text ({n} edit{'s' * (n != 1)})"
        if second.end - second.start > first_look.end - first_look.start:
            lead = None
            merged = Finding.at(original, second.detector, second.code, second.severity, o_lo, o_hi, text,
                                f"{second.message}; found once {_codes(applied[first:last + 1])} had been applied",
                                second.claim_id, second.stance, second.confidence)
        else:
            lead = first_look
            if first == last and (o_lo, o_hi) == (lead.start, lead.end):
                message = f"{lead.message}; then {done}"
            elif first == last:
                message = f"{lead.message}; widened to the text around it, then {done}"
            else:
                message = f"{lead.message}; joined with {last - first} edits beside it, then {done}"
            merged = replace(lead, start=o_lo, end=o_hi, text=original[o_lo:o_hi], replacement=text, message=message)
            out[id(lead)] = merged
        for f in applied[first:last + 1]:
            if f is not lead:
                out[id(f)] = replace(f, replacement=None,
                                     message=f"{f.message} (applied within the {merged.code} edit {o_lo}-{o_hi})")
        if lead is None:
            added.append(merged)
    by_span = {(f.start, f.end, f.code): f for f in findings if f.replacement is None}
    for e in outer:
        # Text no edit touched: the same characters at the original offsets before it, shifted back.
        k = bisect_right(starts, e.start) - 1
        delta = 0 if k < 0 else spans[k][1] - applied[k].end
        start, end = e.start - delta, e.end - delta
        if original[start:end] != e.text:
            continue
        flag = by_span.get((start, end, e.code))
        if flag is not None:
            out[id(flag)] = replace(flag, replacement=e.replacement, message=e.message)
        else:
            added.append(Finding.at(original, e.detector, e.code, e.severity, start, end, e.replacement,
                                    e.message, e.claim_id, e.stance, e.confidence))
    return [out[id(f)] for f in findings] + added


def _codes(findings: list[Finding]) -> str:
    return ", ".join(sorted({f.code for f in findings}))
