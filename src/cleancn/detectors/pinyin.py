"""MOJ101: pinyin left after characters by a script converter ("內(nèi)江" -> "內江").

Each annotation is verified against the character's readings (pypinyin's table), so "(圈)", "(1979-)"
and "(men)" after Latin text never match. Decided per document: a converter annotates many
characters, a language lesson a few; below ``pinyin_min_annotations`` they are flagged, not removed.
"""
from __future__ import annotations

from cleancn.codes import BY_CODE
from cleancn.model import Finding
from cleancn.text import document_pinyin


def check_pinyin(doc, det):
    found = document_pinyin(doc)
    if not found:
        return
    remove = len(found) >= det.config.pinyin_min_annotations
    if remove:
        template = "pinyin annotation ({}) after {}: converter residue, %d in this document" % len(found)
    else:
        template = ("pinyin annotation ({}) after {}; only %d in this document, "
                    "so it may be intended and is not removed" % len(found))
    # A page of converter residue holds thousands of annotations: the findings are made here in one
    # loop (what det.finding does, without its call and look-ups for each).
    text, name, severity, replacement = doc.text, det.name, BY_CODE["MOJ101"].severity, "" if remove else None
    at = Finding.at
    for start, end, syllable in found:
        yield at(text, name, "MOJ101", severity, start, end, replacement, template.format(syllable, text[start - 1]))
