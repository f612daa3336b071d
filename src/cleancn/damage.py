"""Damage clean text the way the web does, for the mojibake benchmark and property tests.

Each family is a function ``(text, rng) -> damaged | None``, or ``(clean reference, damaged)`` when the
family can only damage part of the text; None when that damage cannot be made from this text (a character GBK or Big5 has no code for, a UTF-8 byte stream GBK happens not to accept).
The families mirror the MOJ codes; the benchmark measures detection and exact repair on their output.
"""
from __future__ import annotations

import random
import re
from typing import Callable

from cleancn.text import HAN_RE

Damage = Callable[[str, random.Random], "str | tuple[str, str] | None"]

# cp1252 leaves five bytes undefined; Windows-era decoders and ftfy's "sloppy" codec pass them
# through as the C1 control of the same number, which is what such pages really contain.
_CP1252_TABLE = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)}


def _sloppy_cp1252(data: bytes) -> str:
    return "".join(_CP1252_TABLE[b] for b in data)


def pinyin_residue(text: str, rng: random.Random, share: float = 0.3, style: str = "TONE") -> str | None:
    """A script converter's "發(fā)展": pinyin in half-width parentheses after characters, tone-marked
    (``style`` TONE), with tone digits ("發(fa1)", TONE3) or plain ("發(fa)", NORMAL)."""
    from pypinyin import Style, pinyin

    out = []
    added = 0
    for ch in text:
        out.append(ch)
        if HAN_RE.match(ch) and rng.random() < share:
            reading = pinyin(ch, style=getattr(Style, style), heteronym=False, errors="ignore",
                             neutral_tone_with_five=True)
            if reading and reading[0] and reading[0][0] != ch:
                out.append(f"({reading[0][0]})")
                added += 1
    return "".join(out) if added >= 3 else None


def pinyin_residue_tone_numbers(text: str, rng: random.Random) -> str | None:
    return pinyin_residue(text, rng, style="TONE3")


def pinyin_residue_plain(text: str, rng: random.Random) -> str | None:
    return pinyin_residue(text, rng, style="NORMAL")


_CLAUSE = re.compile(r"[^，。；：！？、]+[，。；：！？、]?")


def _clauses_that_decode(text: str, src: str, dst: str) -> tuple[str, str] | None:
    """The clauses of ``text`` whose ``src`` bytes decode strictly as ``dst``, one per line, as
    (clean reference, damaged); None unless at least two do."""
    kept = []
    for clause in _CLAUSE.findall(text):
        try:
            kept.append((clause, clause.encode(src).decode(dst)))
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    if len(kept) < 2:
        return None
    return "\n".join(c for c, _ in kept), "\n".join(d for _, d in kept)


def utf8_as_gbk(text: str, rng: random.Random) -> tuple[str, str] | None:
    """UTF-8 bytes decoded as GB18030 with every byte kept ("鍙戝睍" for 发展).

    A whole sentence almost never decodes strictly (an odd byte count before ASCII breaks it), so
    this family is made of the clauses that do, one per line, as in titles and lists."""
    return _clauses_that_decode(text, "utf-8", "gb18030")


def utf8_as_gbk_lossy(text: str, rng: random.Random, lost: str = "\ufffd") -> str | None:
    """UTF-8 decoded as GBK with errors replaced: each rejected byte became U+FFFD (or "?" once the
    text was saved back to GBK). Only texts where something was actually lost count."""
    damaged = text.encode("utf-8").decode("gbk", errors="replace")
    if "\ufffd" not in damaged:
        return None
    return damaged if lost == "\ufffd" else damaged.replace("\ufffd", lost)


def utf8_as_gbk_lossy_qmark(text: str, rng: random.Random) -> str | None:
    return utf8_as_gbk_lossy(text, rng, lost="?")


def utf8_as_gbk_dropped(text: str, rng: random.Random) -> str | None:
    """UTF-8 decoded as GBK with errors ignored (a common scraper setting): rejected bytes vanish
    without a marker. Only texts where something was actually dropped count."""
    damaged = text.encode("utf-8").decode("gbk", errors="ignore")
    if "\ufffd" not in text.encode("utf-8").decode("gbk", errors="replace"):
        return None
    return damaged


def gbk_as_latin1(text: str, rng: random.Random) -> str | None:
    """GBK bytes decoded as Latin-1 ("ÄÚ½­" for 内江)."""
    try:
        return text.encode("gbk").decode("latin-1")
    except UnicodeEncodeError:
        return None


def gbk_as_cp1252(text: str, rng: random.Random) -> str | None:
    try:
        return _sloppy_cp1252(text.encode("gbk"))
    except UnicodeEncodeError:
        return None


def big5_as_gbk(text: str, rng: random.Random) -> str | None:
    """Traditional text in Big5 decoded as GBK (by a GB18030 decoder, as browsers do for "gbk")."""
    try:
        return text.encode("big5").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def gbk_as_big5(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Simplified text in GBK decoded as Big5; Big5 rejects many GBK pairs, so clause by clause."""
    return _clauses_that_decode(text, "gbk", "big5")


def _lossy(text: str, src: str, dst: str) -> str | None:
    try:
        damaged = text.encode(src).decode(dst, errors="replace")
    except UnicodeEncodeError:
        return None
    return damaged if "\ufffd" in damaged else None


def big5_as_gbk_lossy(text: str, rng: random.Random) -> str | None:
    """Traditional text in Big5 decoded as GBK with errors replaced: GBK leaves Big5's punctuation and
    about a third of its characters undefined, and each rejected lead byte became U+FFFD."""
    return _lossy(text, "big5", "gbk")


def gbk_as_big5_lossy(text: str, rng: random.Random) -> str | None:
    """Simplified text in GBK decoded as Big5 with errors replaced, the whole text at once."""
    return _lossy(text, "gbk", "big5")


def utf8_as_latin1(text: str, rng: random.Random) -> str | None:
    """ftfy's family: UTF-8 bytes decoded as Latin-1 ("ä¸­æ–‡")."""
    return text.encode("utf-8").decode("latin-1")


def utf8_as_cp1252(text: str, rng: random.Random) -> str | None:
    return _sloppy_cp1252(text.encode("utf-8"))


def utf8_as_cp1252_lossy(text: str, rng: random.Random) -> str | None:
    """UTF-8 decoded as cp1252 with errors replaced (Python's codec): the five bytes cp1252 leaves
    undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D; 、 and 理 hold one) became U+FFFD. Only texts where
    something was lost count."""
    damaged = text.encode("utf-8").decode("cp1252", errors="replace")
    return damaged if "\ufffd" in damaged else None


def utf8_as_cp1252_dropped(text: str, rng: random.Random) -> str | None:
    """UTF-8 decoded as cp1252 with errors ignored, as many scrapers do: the undefined bytes are gone
    without a trace. Only texts where something was dropped count."""
    damaged = text.encode("utf-8").decode("cp1252", errors="ignore")
    return damaged if len(damaged.encode("cp1252")) < len(text.encode("utf-8")) else None


_ENTITY_FORMS = {
    "，": ["&#65292;", "&#xFF0C;"], "。": ["&#12290;"], "“": ["&ldquo;", "&amp;ldquo;", "& ldquo;"],
    "”": ["&rdquo;", "&amp;rdquo;"], "—": ["&mdash;", "& mdash;", "&mdash"], "…": ["&hellip;"],
    "·": ["&middot;", "&#183;"], "、": ["&#12289;"],
}
_ENTITY_TARGETS = re.compile("[" + "".join(_ENTITY_FORMS) + "]")


def html_entities(text: str, rng: random.Random) -> str | None:
    """Punctuation left as (sometimes broken or double-escaped) HTML entities."""
    if not _ENTITY_TARGETS.search(text):
        return None
    return _ENTITY_TARGETS.sub(lambda m: rng.choice(_ENTITY_FORMS[m.group(0)]), text)


def html_tags(text: str, rng: random.Random) -> str | None:
    """Markup a careless HTML-to-text step left: the paragraph's <p> tags, and a styled span around
    one of its clauses."""
    clauses = [m.span() for m in re.finditer(r"[^，。；！？]{4,}", text)]
    if not clauses:
        return None
    a, b = rng.choice(clauses)
    style = rng.choice(['<span class="hl">', '<strong>', '<font color="red">'])
    close = {"<span": "</span>", "<stro": "</strong>", "<font": "</font>"}[style[:5]]
    return "<p>" + text[:a] + style + text[a:b] + close + text[b:] + "</p>"


def unicode_escapes(text: str, rng: random.Random) -> str | None:
    """A record serialised twice: every non-ASCII character as JSON's \\uXXXX (astral ones as a
    surrogate pair), as json.dumps writes with ensure_ascii."""
    if text.isascii():
        return None
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x80:
            out.append(ch)
        elif cp < 0x10000:
            out.append(f"\\u{cp:04x}")
        else:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
    return "".join(out)


def bytes_repr(text: str, rng: random.Random) -> str | None:
    """One clause printed as a Python bytes object instead of decoded: b'\\xe5\\xae\\x9c…'. Not right after
    a Latin word, where no program prints one ("BBCb'…" would read as the word's own b)."""
    clauses = [m.span() for m in re.finditer(r"(?<![A-Za-z])[^，。；！？\x00-\x7f]{2,}", text)
               if len(HAN_RE.findall(m.group(0))) >= 2]
    if not clauses:
        return None
    a, b = rng.choice(clauses)
    return text[:a] + str(text[a:b].encode("utf-8")) + text[b:]


def quoted_printable(text: str, rng: random.Random) -> str | None:
    """A mail body archived as sent: UTF-8 as quoted-printable (the standard library's encoder, soft
    line breaks every 76 characters, "=" as =3D)."""
    import quopri

    if text.isascii():
        return None
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def mime_encoded_words(text: str, rng: random.Random) -> str | None:
    """A mail's subject archived as sent: RFC 2047 words, UTF-8 in Base64 or GBK in Base64 or Q, folded
    over lines as the standard library's header encoder writes them."""
    from email.header import Header

    if text.isascii():
        return None
    charset = rng.choice(["utf-8", "gbk"])
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    header = Header(text, charset)
    if charset == "gbk" and rng.random() < 0.5:
        from email.charset import QP, Charset

        cs = Charset("gbk")
        cs.header_encoding = QP
        header = Header(text, cs)
    return header.encode()


_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\x07"]


def invisible_chars(text: str, rng: random.Random, share: float = 0.05) -> str | None:
    """Zero-width characters, a stray BOM and controls sprinkled between characters."""
    out = []
    for ch in text:
        out.append(ch)
        if rng.random() < share:
            out.append(rng.choice(_INVISIBLE))
    damaged = "".join(out)
    return damaged if damaged != text else None


def unrecoverable_markers(text: str, rng: random.Random) -> str | None:
    """Lost characters shown as 锟斤拷 / 烫烫 / U+FFFD runs: to be flagged, never repaired."""
    if len(text) < 4:
        return None
    marker = rng.choice(["锟斤拷", "锟斤拷锟斤拷", "烫烫烫", "屯屯屯", "\ufffd\ufffd\ufffd"])
    at = rng.randrange(1, len(text) - 1)
    return text[:at] + marker + text[at:]


def recovered_share(original: str, repaired: str) -> float:
    """Share of ``original``'s characters found, in order, in ``repaired`` (difflib matching blocks):
    how much of a lossy text a repair brought back."""
    import difflib

    sm = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(original))


# name -> (damage, MOJ code expected, lossless?, script of the clean text it needs)
FAMILIES: dict[str, tuple[Damage, str, bool, str]] = {
    "pinyin residue": (pinyin_residue, "MOJ101", True, "any"),
    "pinyin residue, tone numbers": (pinyin_residue_tone_numbers, "MOJ101", True, "any"),
    "pinyin residue, no tones": (pinyin_residue_plain, "MOJ101", True, "any"),
    "UTF-8 as GBK": (utf8_as_gbk, "MOJ103", True, "any"),
    "UTF-8 as GBK, lost bytes as U+FFFD": (utf8_as_gbk_lossy, "MOJ104", False, "any"),
    "UTF-8 as GBK, lost bytes as ?": (utf8_as_gbk_lossy_qmark, "MOJ104", False, "any"),
    "UTF-8 as GBK, lost bytes dropped": (utf8_as_gbk_dropped, "MOJ104", False, "any"),
    "GBK as Latin-1": (gbk_as_latin1, "MOJ105", True, "any"),
    "GBK as cp1252": (gbk_as_cp1252, "MOJ105", True, "any"),
    "Big5 as GBK": (big5_as_gbk, "MOJ106", True, "hant"),
    "GBK as Big5": (gbk_as_big5, "MOJ106", True, "hans"),
    "Big5 as GBK, lost bytes as U+FFFD": (big5_as_gbk_lossy, "MOJ106", False, "hant"),
    "GBK as Big5, lost bytes as U+FFFD": (gbk_as_big5_lossy, "MOJ106", False, "hans"),
    "UTF-8 as Latin-1": (utf8_as_latin1, "MOJ107", True, "any"),
    "UTF-8 as cp1252": (utf8_as_cp1252, "MOJ107", True, "any"),
    "UTF-8 as cp1252, lost bytes as U+FFFD": (utf8_as_cp1252_lossy, "MOJ107", False, "any"),
    "UTF-8 as cp1252, lost bytes dropped": (utf8_as_cp1252_dropped, "MOJ107", False, "any"),
    "HTML entities": (html_entities, "MOJ109", True, "any"),
    "HTML tags": (html_tags, "MOJ113", True, "any"),
    "\\u escapes": (unicode_escapes, "MOJ114", True, "any"),
    "bytes printed as b'\\x..'": (bytes_repr, "MOJ114", True, "any"),
    "quoted-printable mail body": (quoted_printable, "MOJ114", True, "any"),
    "MIME encoded-words": (mime_encoded_words, "MOJ114", True, "any"),
    "invisible characters": (invisible_chars, "MOJ110", True, "any"),
    "unrecoverable markers": (unrecoverable_markers, "MOJ108", False, "any"),
}

__all__ = ["FAMILIES", "Damage", "recovered_share"] + [f.__name__ for f, *_ in FAMILIES.values()]
