"""The mojibake detector: every way Chinese text gets garbled, one check per family.

Checks run in an order that lets later ones skip what earlier ones explained (``covered``).
"""
from __future__ import annotations

from cleancn.detectors.base import Detector
from cleancn.detectors.encodings import (check_big5_gbk, check_gbk_as_latin1, check_utf8_as_cp1252_lossy,
                                         check_utf8_as_gbk, check_utf8_as_latin1)
from cleancn.detectors.garble import check_markers, check_misaligned
from cleancn.detectors.markup import check_entities, check_invisible, check_tags
from cleancn.detectors.pinyin import check_pinyin
from cleancn.detectors.script import check_mixed_script, check_script_conversion


class MojibakeDetector(Detector):
    name = "mojibake"

    def detect(self, doc):
        covered: list[tuple[int, int]] = []
        on = self.enabled
        if on("MOJ101"):
            yield from check_pinyin(doc, self)
        if on("MOJ103") or on("MOJ104"):
            yield from check_utf8_as_gbk(doc, self, covered)
        # UTF-8 read as cp1252 with its undefined bytes lost is whole UTF-8 once they are restored:
        # before GBK-as-Latin-1, which would read the pieces between the U+FFFDs as GBK.
        if on("MOJ107"):
            yield from check_utf8_as_cp1252_lossy(doc, self, covered)
        # GBK-as-Latin-1 first: it only repairs when the GBK reading is good Chinese, and ftfy would
        # otherwise "fix" such runs into Greek or Arabic.
        if on("MOJ105"):
            yield from check_gbk_as_latin1(doc, self, covered)
        if on("MOJ107"):
            yield from check_utf8_as_latin1(doc, self, covered)
        if on("MOJ106"):
            yield from check_big5_gbk(doc, self, covered)
        if on("MOJ102"):
            yield from check_misaligned(doc, self, covered)
        if on("MOJ108"):
            yield from check_markers(doc, self, covered)
        if on("MOJ109"):
            yield from check_entities(doc, self)
        if on("MOJ113"):
            yield from check_tags(doc, self)
        if on("MOJ110"):
            yield from check_invisible(doc, self, covered)
        if on("MOJ111"):
            yield from check_mixed_script(doc, self, covered)
        if on("MOJ112"):
            yield from check_script_conversion(doc, self)
