"""MOJ102 runs garbled by a shifted double-byte stream, MOJ108 unrecoverable markers. Flag only.

A shifted stream leaves pinyin fragments with unbalanced parentheses ("?yōu)"), annotations after
non-Han characters ("F(xiàn)"), "?" for lost bytes, and rare characters. Several readings are possible,
so the run is flagged with its whole extent and never guessed.
"""
from __future__ import annotations


from cleancn.detectors.encodings import common_chars
from cleancn.spans import Spans
from cleancn.text import HAN_CLASS, lazy_re

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYL = f"[a-zA-Z]*[{TONED}][a-zA-Z]*"
# Evidence of a shifted stream: an unbalanced pinyin close "?yōu)" / "yōu)", or "(xiàn)" after a non-Han.
SEED_RE = lazy_re(f"(?<!\\()(?<![a-zA-Z{TONED}])\\??{_SYL}\\)|(?<=[^{HAN_CLASS}\\s(])\\({_SYL}\\)")
# Both kinds of seed end in a toned syllable and ")": a page without one has no seed (a fast screen;
# SEED_RE itself opens with look-behinds, tried at every position).
TONED_CLOSE = lazy_re(f"[{TONED}][a-zA-Z]*\\)")
MERGE_GAP = 3

MARKERS = ("锟斤拷", "烫烫烫", "屯屯屯", "\ufffd", "??")  # what MARKER_RE needs
MARKER_RE = lazy_re(
    f"(?:锟斤拷)+|(?:烫){{3,}}|(?:屯){{3,}}|\ufffd+|(?<=[{HAN_CLASS}])\\?{{2,}}(?=[{HAN_CLASS}])")


def _garble_char(ch: str) -> bool:
    return (ch == "?" or ch in TONED or ch in "()" or ch.isascii() and ch.isalpha()
            or (ord(ch) > 0x2FFF and ch not in common_chars() and not ("\u3000" <= ch <= "\u303f")
                and not ("\uff00" <= ch <= "\uffef")))


def check_misaligned(doc, det, covered: Spans):
    text = doc.text
    if not TONED_CLOSE.search(text):
        return
    from cleancn.text import document_pinyin

    # Verified annotations are MOJ101's: a garbled run never extends into one.
    annotations = document_pinyin(doc)
    ann_ends = {e for _, e, _ in annotations}
    ann_starts = {s for s, _, _ in annotations}
    runs: list[list[int]] = []
    for m in SEED_RE.finditer(text):
        s, e = m.start(), m.end()
        while s > 0 and _garble_char(text[s - 1]) and text[s - 1] != "(" and s not in ann_ends:
            s -= 1
        while e < len(text) and _garble_char(text[e]) and text[e] != ")" and e not in ann_starts:
            e += 1
        if runs and s - runs[-1][1] <= MERGE_GAP:
            runs[-1][1] = max(runs[-1][1], e)
        else:
            runs.append([s, e])
    for s, e in runs:
        if covered.contains(s, e):
            continue
        covered.append((s, e))
        yield det.finding(doc, "MOJ102", s, e, None,
                          f"garbled run {text[s:e][:24]!r}: a double-byte stream cut or shifted; "
                          "the original cannot be read back with confidence")


def check_markers(doc, det, covered: Spans):
    if not any(c in doc.text for c in MARKERS):
        return  # the common case, at the speed of str.__contains__
    for m in MARKER_RE.finditer(doc.text):
        s, e = m.start(), m.end()
        if covered.contains(s, e):
            continue
        what = m.group(0)
        kind = ("锟斤拷: U+FFFD written as UTF-8 then read as GBK" if what.startswith("锟") else
                "烫烫烫: uninitialised stack memory (0xCC) read as GBK" if what[0] == "烫" else
                "屯屯屯: uninitialised heap memory (0xCD) read as GBK" if what[0] == "屯" else
                "replacement characters: bytes already lost" if what[0] == "\ufffd" else
                "question marks inside Chinese: characters lost by an encoder")
        yield det.finding(doc, "MOJ108", s, e, None, f"unrecoverable marker {what[:12]!r} ({kind})")
