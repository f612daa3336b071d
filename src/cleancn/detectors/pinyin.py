"""MOJ101: pinyin left after characters by a script converter ("內(nèi)江" -> "內江").

Each annotation is verified against the character's readings (pypinyin's table), so "(圈)", "(1979-)"
and "(men)" after Latin text never match. Decided per document: a converter annotates many
characters, a language lesson a few; below ``pinyin_min_annotations`` they are flagged, not removed.

A lesson can annotate many characters too ("长(zhǎng)大…银行(háng)…"), and there the annotations are
the text. Two things tell it from a converter, which writes each character's usual reading after the
characters it converted (the seeds: 1,947 annotations, every one the first reading in pypinyin's table,
every one after a character t2s changes):
- a lesson gives the other readings of polyphones: a fifth of its annotations or more are not the
  character's usual reading;
- a lesson says what it does (读音, 拼音, 多音字…) and annotates characters a converter leaves alone.
Such a page keeps its annotations and no finding is made: they are its text, not damage.
"""
from __future__ import annotations

from cleancn.codes import BY_CODE
from cleancn.model import Finding
from cleancn.text import document_pinyin, is_usual_reading, t2s_sensitive

MIN_UNUSUAL_SHARE = 0.2
# Words a page about pronunciation uses (simplified and traditional). Not 字音 (数字音乐) or 声调
# (大声调侃): a word that spans two words of ordinary prose would call a converter's page a lesson.
LESSON_WORDS = ("读音", "讀音", "拼音", "注音", "多音字", "读作", "讀作", "念作", "唸作", "生字", "发音", "發音")
MAX_CONVERTED_SHARE = 0.8
SAMPLE = 200  # annotations read to decide: a converter's page holds thousands, all alike


def reads_as_lesson(text: str, found) -> str | None:
    """Why the annotations look intended (for tests and debugging), or None when they look like
    converter residue. Read from the first SAMPLE annotations."""
    found = found[:SAMPLE]
    unusual = sum(1 for start, _, syllable in found if not is_usual_reading(text[start - 1], syllable))
    if unusual >= MIN_UNUSUAL_SHARE * len(found):
        return f"{unusual} of {len(found)} give a reading other than the character's usual one"
    if any(w in text for w in LESSON_WORDS):
        listed = t2s_sensitive()
        converted = sum(1 for start, _, _ in found if text[start - 1] in listed[0]) if listed else 0
        if converted < MAX_CONVERTED_SHARE * len(found):
            return "the page is about pronunciation"
    return None


def check_pinyin(doc, det):
    found = document_pinyin(doc)
    if not found:
        return
    text = doc.text
    if reads_as_lesson(text, found):
        return
    remove = len(found) >= det.config.pinyin_min_annotations
    if remove:
        template = "pinyin annotation ({}) after {}: converter residue, %d in this document" % len(found)
    else:
        template = ("pinyin annotation ({}) after {}; only %d in this document, "
                    "so it may be intended and is not removed" % len(found))
    # A page of converter residue holds thousands of annotations: the findings are made here in one
    # loop (what det.finding does, without its call and look-ups for each).
    name, severity, replacement = det.name, BY_CODE["MOJ101"].severity, "" if remove else None
    at = Finding.at
    for start, end, syllable in found:
        yield at(text, name, "MOJ101", severity, start, end, replacement, template.format(syllable, text[start - 1]))
