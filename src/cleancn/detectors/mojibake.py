"""The mojibake detector: every way Chinese text gets garbled, one check per family.

Checks run in an order that lets later ones skip what earlier ones explained (``covered``).
"""
from __future__ import annotations

from cleancn.detectors.base import Detector
from cleancn.detectors.big5_gbk_lossy import check_big5_gbk_lossy
from cleancn.detectors.encodings import (check_big5_gbk, check_gbk_as_latin1, check_utf8_as_cp1252_dropped,
                                         check_utf8_as_cp1252_lossy, check_utf8_as_gbk, check_utf8_as_latin1)
from cleancn.detectors.escapes import check_escapes
from cleancn.detectors.garble import check_markers, check_misaligned
from cleancn.detectors.markup import check_entities, check_invisible, check_tags
from cleancn.detectors.pinyin import check_pinyin
from cleancn.detectors.script import check_mixed_script, check_script_conversion
from cleancn.facts import document_facts
from cleancn.spans import Spans


def anchors() -> dict[str, list[str]]:
    """Anchors (cleancn.facts) of the checks whose first screen reads the original text: what each
    screen searches for, in Hyperscan's dialect. Not anchored: UTF-8 read as GBK (its screen reads the
    page's GB18030 bytes), Big5/GBK (a run of characters outside a list of 7,800 common ones) and
    stray characters of the other script (classes of 2,300 and 2,700 characters, which Hyperscan scans
    at 4-10 ns a character, for a screen that passes most pages)."""
    from cleancn.detectors import encodings, garble
    from cleancn.prescreen import any_of, literal, py_class
    from cleancn.text import INVISIBLE_OR_CONTROL_CLASS

    high = py_class(encodings._HIGH)
    pair = f"[{high}][{py_class(chr(0x40) + '-' + chr(0x7e) + encodings._HIGH)}]"
    return {
        "MOJ105": [f"{pair}(?:{pair})+"],  # LATIN_RUN
        "MOJ107": [f"[{py_class(chr(0xc0) + '-' + chr(0xff))}][{py_class(chr(0x80) + '-' + chr(0xbf) + encodings.CP1252_HIGH)}]"],
        "MOJ107:lossy": [literal("\ufffd")],
        "MOJ106:lossy": [literal("\ufffd")],
        "MOJ102": [f"[{py_class(garble.TONED)}][a-zA-Z]*\\)"],  # TONED_CLOSE
        "MOJ108": [any_of(garble.MARKERS)],
        "MOJ109": [any_of(("&", "＆"))],
        "MOJ113": [literal("<"), "&(?:amp;)*lt;"],  # a tag, or one escaped (ESCAPED_TAG_RE)
        # a backslash before u, U or x; percent-encoding; quoted-printable; a MIME encoded-word
        "MOJ114": ["\\\\[uUx]", "%[89a-fA-F][0-9a-fA-F]%", "=[89a-fA-F][0-9a-fA-F]=", "=\\?[A-Za-z0-9_-]+\\?[BbQq]\\?"],
        "MOJ110": [f"[{py_class(INVISIBLE_OR_CONTROL_CLASS)}]"],
    }


class MojibakeDetector(Detector):
    name = "mojibake"

    def detect(self, doc):
        covered = Spans()  # what the checks so far repaired
        facts = document_facts(doc)  # None: not known, every check runs its screen

        def on(code: str, anchor: str | None = None) -> bool:
            return self.enabled(code) and (facts is None or (anchor or code) in facts)

        # Pinyin is read once for the normalised view (document_pinyin, its own anchor).
        if self.enabled("MOJ101"):
            yield from check_pinyin(doc, self)
        if self.enabled("MOJ103") or self.enabled("MOJ104"):
            yield from check_utf8_as_gbk(doc, self, covered)
        # UTF-8 read as cp1252 with its undefined bytes lost is whole UTF-8 once they are restored:
        # before GBK-as-Latin-1, which would read the pieces between the U+FFFDs as GBK.
        if on("MOJ107", "MOJ107:lossy"):
            yield from check_utf8_as_cp1252_lossy(doc, self, covered)
        # ... and with them dropped without a trace: whole runs, before ftfy repairs only their whole parts.
        if on("MOJ107"):
            yield from check_utf8_as_cp1252_dropped(doc, self, covered)
        # GBK-as-Latin-1 first: it only repairs when the GBK reading is good Chinese, and ftfy would
        # otherwise "fix" such runs into Greek or Arabic.
        if on("MOJ105"):
            yield from check_gbk_as_latin1(doc, self, covered)
        if on("MOJ107"):
            yield from check_utf8_as_latin1(doc, self, covered)
        if self.enabled("MOJ106"):
            yield from check_big5_gbk(doc, self, covered)
        # What a decoder lost to U+FFFD in such a run: chosen by the character model.
        if on("MOJ106", "MOJ106:lossy"):
            yield from check_big5_gbk_lossy(doc, self, covered)
        if on("MOJ102"):
            yield from check_misaligned(doc, self, covered)
        if on("MOJ108"):
            yield from check_markers(doc, self, covered)
        if on("MOJ109"):
            yield from check_entities(doc, self)
        if on("MOJ113"):
            yield from check_tags(doc, self)
        if on("MOJ114"):
            yield from check_escapes(doc, self)
        if on("MOJ110"):
            yield from check_invisible(doc, self, covered)
        if self.enabled("MOJ111"):
            yield from check_mixed_script(doc, self, covered)
        if self.enabled("MOJ112"):
            yield from check_script_conversion(doc, self)
