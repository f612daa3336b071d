"""MOJ111 stray characters of the other script; MOJ112 whole-text conversion with ``--script``.

Script membership comes from CC-CEDICT via zhon: characters only ever simplified, or only ever
traditional. Characters valid in both scripts (后, 台, 里) are never counted.
"""
from __future__ import annotations

import re
from functools import lru_cache

from cleancn import compiled_re
from cleancn.text import _convert_same_length, lazy_re, lines

MIN_DOMINANT = 20  # script-specific characters a document needs before a minority is suspicious
MIN_SHARE = 0.9


@lru_cache(maxsize=1)
def _script_chars() -> tuple[str, str]:
    """(simplified-only, traditional-only) characters, each as one sorted string, memoised on disk:
    importing zhon's character strings and building the sets costs ~9 ms of a one-file scan, and
    reading back sets of 2,000-3,000 characters ~2 ms."""
    from cleancn.diskcache import derived, package_file

    def build():
        from zhon import cedict

        simp, trad = set(cedict.simplified), set(cedict.traditional)
        return "".join(sorted(simp - trad)), "".join(sorted(trad - simp))

    return derived("script-chars", package_file("zhon", "cedict", "__init__.py"), build)


_NEVER = lazy_re("(?!)")


@lru_cache(maxsize=1)
def script_classes():
    """(simplified-only, traditional-only) character classes (BMP characters only: bitmaps). Their
    compiled code is kept between runs by compiled_re."""
    return tuple(compiled_re.compile(f"[{re.escape(s)}]") if s else _NEVER for s in _script_chars())


def check_mixed_script(doc, det, covered=None):
    """``covered``: spans other checks repaired. A re-decoding's garble ("鏃堕棿" for 时间) is full of
    characters of the other script; they were explained there, and are not stray characters."""
    text = doc.text
    simp_re, trad_re = script_classes()
    # Stray characters need both scripts present; most pages hold one (two searches, no counting).
    if not trad_re.search(text) or not simp_re.search(text):
        return
    simp = simp_re.findall(text)
    trad = trad_re.findall(text)
    total = len(simp) + len(trad)
    if total < MIN_DOMINANT:
        return
    if len(trad) >= MIN_SHARE * total and simp:
        stray_re, expected, conv = simp_re, "traditional", "s2t.json"
    elif len(simp) >= MIN_SHARE * total and trad:
        stray_re, expected, conv = trad_re, "simplified", "t2s.json"
    else:
        return
    from cleancn.text import opencc_converter

    converter = opencc_converter(conv)
    for m in stray_re.finditer(text):
        s = m.start()
        if covered is not None and covered.overlaps(s, s + 1):  # inside a repaired span
            continue
        context = text[max(0, s - 1): s + 2]
        suggestion = converter.convert(context)[min(1, s)] if context else ""
        if suggestion == m.group(0):
            continue  # the script lists call it one script's, OpenCC leaves it as it is (彝): not stray
        yield det.finding(doc, "MOJ111", s, s + 1, None,
                          f"{m.group(0)} in {expected} text (expected {suggestion}): a sign of machine conversion")


def check_script_conversion(doc, det):
    target = det.config.script
    if target == "keep":
        return
    conv = "t2s.json" if target == "hans" else "s2t.json"
    for line in lines(doc):
        if not line.text:
            continue
        converted = _convert_same_length(line.text, conv)
        if converted == line.text:
            continue
        i = 0
        n = len(line.text)
        while i < n:
            if line.text[i] == converted[i]:
                i += 1
                continue
            j = i
            while j < n and line.text[j] != converted[j]:
                j += 1
            yield det.finding(doc, "MOJ112", line.start + i, line.start + j, converted[i:j],
                              f"converted to {'simplified' if target == 'hans' else 'traditional'} (--script {target})")
            i = j
