"""MOJ101: pinyin left after characters by a script converter ("內(nèi)江" -> "內江").

Each annotation is verified against the character's readings (pypinyin's table), so "(圈)", "(1979-)"
and "(men)" after Latin text never match. Decided per document: a converter annotates many
characters, a language lesson a few; below ``pinyin_min_annotations`` they are flagged, not removed.
"""
from __future__ import annotations

from cleancn.text import document_pinyin


def check_pinyin(doc, det):
    found = document_pinyin(doc)
    if not found:
        return
    remove = len(found) >= det.config.pinyin_min_annotations
    for start, end, syllable in found:
        char = doc.text[start - 1]
        if remove:
            msg = f"pinyin annotation ({syllable}) after {char}: converter residue, {len(found)} in this document"
        else:
            msg = (f"pinyin annotation ({syllable}) after {char}; only {len(found)} in this document, "
                   f"so it may be intended and is not removed")
        yield det.finding(doc, "MOJ101", start, end, "" if remove else None, msg)
