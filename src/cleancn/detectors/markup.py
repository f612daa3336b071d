"""MOJ109 broken or leftover HTML entities, MOJ110 invisible and control characters, MOJ113 leftover
HTML tags, comments and script/style blocks."""
from __future__ import annotations

import re
from bisect import bisect_right

from cleancn.spans import Spans
from cleancn.text import INVISIBLE_OR_CONTROL_CLASS, lazy_re

# Entity names common enough in Chinese web text to repair even when the markup is broken
# ("& mdash", "&nbsp" without ";"). Any other HTML5 name is repaired only in its exact form "&name;".
COMMON_ENTITIES = {
    "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "mdash": "—", "ndash": "–",
    "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "hellip": "…", "middot": "·", "times": "×",
    "divide": "÷", "copy": "©", "reg": "®", "trade": "™", "bull": "•", "deg": "°", "yen": "¥",
    "emsp": " ", "ensp": " ", "thinsp": " ", "laquo": "«", "raquo": "»", "ordm": "º", "sup2": "²",
}
# The spaces by number as by name: "&#160;" is "&nbsp;", a plain space (so are &#8194; &#8195; &#8201;).
_AS_NAMED = {0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}
# &name; / &#123; / &#x1F; exact, possibly double-escaped (&amp;nbsp;), full-width ampersand/semicolon too.
EXACT_RE = lazy_re(r"[&＆](?:amp;)*(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31})[;；]")
# Broken forms of the common names: a space after "&" or a missing ";" (then not followed by a letter).
BROKEN_RE = lazy_re(r"[&＆](?:amp;)*[ \u3000]?(" + "|".join(sorted(COMMON_ENTITIES, key=len, reverse=True))
                    + r")(?:[ \u3000]?[;；]|(?![A-Za-z0-9]))")


def _decode(body: str) -> str | None:
    if body.startswith("#"):
        try:
            cp = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
        except ValueError:
            return None
        if cp in (0, 0xFFFD) or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF or cp < 32 and cp not in (9, 10):
            return None
        return _AS_NAMED.get(cp) or chr(cp)
    if body in COMMON_ENTITIES:
        return COMMON_ENTITIES[body]
    from html.entities import html5  # 1.5 ms to import; most pages have no rare entity

    return html5.get(body + ";")


def check_entities(doc, det):
    text = doc.text
    if "&" not in text and "＆" not in text:
        return
    # Entities inside tags that are residue go with the tag (MOJ113): an escaped tag's, a script's.
    found, residue = tags_of(doc)
    inside = [m.span() for m in found] if residue else []
    exact: list[tuple[int, int]] = []
    for m in EXACT_RE.finditer(text):
        if inside and _within(inside, m.start()):
            continue
        value = _decode(m.group(1))
        if value is None:
            continue
        exact.append(m.span())
        yield det.finding(doc, "MOJ109", m.start(), m.end(), value,
                          f"HTML entity {m.group(0)!r} left in text: means {value!r}")
    taken = sorted(inside + exact)  # neither overlaps the other: entities inside tags were skipped
    for m in BROKEN_RE.finditer(text):
        if _within(taken, m.start()):
            continue
        value = COMMON_ENTITIES[m.group(1)]
        yield det.finding(doc, "MOJ109", m.start(), m.end(), value,
                          f"broken HTML entity {m.group(0)!r}: means {value!r}")


def _within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted, not overlapping)? A page of entities has hundreds."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and pos < spans[k][1]


INVISIBLE_OR_CONTROL_RE = lazy_re(f"[{INVISIBLE_OR_CONTROL_CLASS}]+")
NAMES = {"\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
         "\ufeff": "byte-order mark", "\u00ad": "soft hyphen", "\u2060": "word joiner"}


def _is_pictograph(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def check_invisible(doc, det, covered=None):
    text = doc.text
    covered = covered if covered is not None else Spans()
    for m in INVISIBLE_OR_CONTROL_RE.finditer(text):
        s, e = m.start(), m.end()
        if covered.contains(s, e):
            continue  # part of a run another check re-decodes
        run = m.group(0)
        # A zero-width joiner between pictographs builds one emoji (👨‍👩‍👧): keep it.
        if run == "\u200d" and 0 < s and e < len(text) and _is_pictograph(text[s - 1]) and _is_pictograph(text[e]):
            continue
        first = run[0]
        what = NAMES.get(first) or f"U+{ord(first):04X}"
        message = f"invisible character {what}" + (f" (+{len(run) - 1} more)" if len(run) > 1 else "")
        if _inside_latin_garble(text, s, e, run):
            # A C1 control or soft hyphen between Latin-1 letters is a byte of text decoded with the
            # wrong codec: deleting it would lose what a re-decoding needs. Flag it only.
            yield det.finding(doc, "MOJ110", s, e, None, message + ", inside a garbled Latin-1 run: not removed")
            continue
        meant = _cp1252_meaning(run)
        if meant is not None and det.enabled("MOJ107"):
            # C1 controls that are cp1252 punctuation decoded as Latin-1 ("\x93…\x94" for “…”): what
            # ftfy's fix_c1_controls does. Deleting them would lose the quotes and dashes.
            yield det.finding(doc, "MOJ107", s, e, meant,
                              f"cp1252 punctuation read as Latin-1 (C1 control characters): {run!r} -> {meant!r}")
            continue
        yield det.finding(doc, "MOJ110", s, e, "", message)


_C1_OR_SHY = lazy_re("[\x80-\x9f\u00ad]+")


def _cp1252_meaning(run: str) -> str | None:
    """The cp1252 characters a run of C1 controls stands for, when every one of them has one."""
    if not all("\x80" <= c <= "\x9f" for c in run):
        return None
    try:
        return run.encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252
        return None


def _inside_latin_garble(text: str, s: int, e: int, run: str) -> bool:
    if not _C1_OR_SHY.fullmatch(run):
        return False
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    return "\u00a0" <= before <= "\u00ff" or "\u00a0" <= after <= "\u00ff"


# --- MOJ113: markup left by a careless HTML-to-text step --------------------------------------------
# Only the tags of ordinary page markup, in their exact syntax, so "a<b 且 b>c", "<三体>" (a book title
# typed without 《》) and "<<三体>>" are never tags.
_TAG_NAMES = ("a|abbr|article|aside|b|big|blockquote|br|button|center|code|dd|div|dl|dt|em|figcaption|figure|"
              "font|footer|form|h[1-6]|header|hr|i|iframe|img|input|label|li|link|meta|nav|ol|p|pre|section|"
              "small|source|span|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|u|ul|video")
_ATTRIBUTE = r"""\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>=`]+))?"""
TAG_RE = lazy_re(r"<(?:!--.{0,2000}?-->|(script|style)\b[^>]{0,500}>.{0,20000}?</\1\s*>|/?(?:" + _TAG_NAMES
                 + r")(?:" + _ATTRIBUTE + r")*\s*/?>)", re.I | re.S)
# Where a deleted tag broke a line, a line break keeps the text apart ("一</p><p>二" -> "一\n二").
_BREAKING = lazy_re(r"<(?:br\b|/(?:p|div|li|tr|h[1-6]|table|ul|ol|blockquote|section|article)\s*>)", re.I)
# The same tags escaped once or more ("&lt;p&gt;", "&amp;lt;/p&amp;gt;"): a page escaped twice. Decoding the
# entities alone would leave "<p>" in the cleaned text.
_LT, _GT = r"&(?:amp;)*lt;", r"&(?:amp;)*gt;"
_ESCAPED_ATTRIBUTE = r"""\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:&(?:amp;)*quot;[^<>&\n]*&(?:amp;)*quot;|"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>=`&]+))?"""
ESCAPED_TAG_RE = lazy_re(_LT + r"/?(?:" + _TAG_NAMES + r")(?:" + _ESCAPED_ATTRIBUTE + r")*\s*/?" + _GT, re.I)
# A page about markup quotes its tags; they are flagged there, not deleted.
_ABOUT_MARKUP = lazy_re(r"(?<!\.)html|标签|源代码|源码|网页代码", re.I)  # not a URL's ".html"


_CLAUSE_END = frozenset("。，、；：！？）」』”,.;:!?)")


def _escaped(m: re.Match) -> bool:
    return m.group(0).startswith("&")


def _unescaped(tag: str) -> str:
    return re.sub(_GT, ">", re.sub(_LT, "<", tag))


def tags_of(doc) -> tuple[list[re.Match], bool]:
    """The page's tags and escaped tags in order, and whether they are residue (to delete): a lone tag
    without attributes may be quoted; several tags, attributes, comments or scripts are residue of a
    page, unless the page is about markup. Shared by the tag and entity checks."""
    def build(d):
        text = d.text
        found = list(TAG_RE.finditer(text)) if "<" in text else []
        if "lt;" in text:
            escaped = [m for m in ESCAPED_TAG_RE.finditer(text)  # not inside a script block or a comment
                       if not any(t.start() <= m.start() < t.end() for t in found)]
            found = sorted(found + escaped, key=lambda m: m.start())
        if not found:
            return [], False
        outside = TAG_RE.sub(" ", ESCAPED_TAG_RE.sub(" ", text))
        residue = (len(found) >= 2 or any(" " in m.group(0) or m.group(0).startswith("<!")
                                          or not _escaped(m) and m.group(1) for m in found)) \
            and not _ABOUT_MARKUP.search(outside)
        return found, residue

    return doc.view("tags", build)


def check_tags(doc, det):
    text = doc.text
    if "<" not in text and "&" not in text:
        return
    found, residue = tags_of(doc)
    if not found:
        return
    # Tags that touch form runs ("</p><p>"): one line break at most per run, from its last breaking tag,
    # and none where the run already sits at a line's start or end.
    run_start = [0] * len(found)
    run_end = [0] * len(found)
    for k, m in enumerate(found):
        run_start[k] = run_start[k - 1] if k and found[k - 1].end() == m.start() else m.start()
    last_break: list[int | None] = [None] * len(found)  # the run's last breaking tag at or after k
    for k in range(len(found) - 1, -1, -1):
        joined = k + 1 < len(found) and found[k + 1].start() == found[k].end()
        run_end[k] = run_end[k + 1] if joined else found[k].end()
        later = last_break[k + 1] if joined else None
        last_break[k] = later if later is not None else (k if _BREAKING.match(_unescaped(found[k].group(0))) else None)
    for k, m in enumerate(found):
        tag = m.group(0)
        if not residue and _escaped(m):
            continue  # a quoted tag, written as HTML writes one: the entity check decodes it
        kind = ("escaped HTML tag" if _escaped(m) else "script/style block" if m.group(1)
                else "HTML comment" if tag.startswith("<!") else "HTML tag")
        if not residue:
            yield det.finding(doc, "MOJ113", m.start(), m.end(), None,
                              f"{kind} {tag[:40]!r} in text; not removed (a single bare tag, or a page about markup)")
            continue
        after = text[run_end[k]:run_end[k] + 1]
        before = text[run_start[k] - 1:run_start[k]] if run_start[k] else ""
        # No break before punctuation that ends a clause ("带伞</p>。"): the tag fell mid-sentence.
        breaks = last_break[k] == k and after not in ("", "\n", "\r") and after not in _CLAUSE_END \
            and before not in ("", "\n")
        yield det.finding(doc, "MOJ113", m.start(), m.end(), "\n" if breaks else "",
                          f"{kind} {tag[:40]!r} left in text")
