"""Shared text views: character classes, lines, line/column lookup, and the normalised view.

The normalised view (pinyin annotations and invisible characters removed, full-width ASCII folded,
traditional converted to simplified) is what matching runs on; ``View.span`` maps a match back to the
original so findings keep offsets into the decoded original.
"""
from __future__ import annotations

import bisect
from array import array
import re
import unicodedata
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from cleancn import compiled_re
from cleancn.model import Document

class lazy_re:  # noqa: N801 - used like re.compile
    """``re.compile`` on first use, through compiled_re. A one-file scan pays for every pattern it
    compiles (~70 module-level patterns, some with character classes of tens of thousands of code
    points); most pages use few of them. After the first call the compiled pattern's methods sit on the
    instance, so later calls cost what calling the compiled pattern costs."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern",
                "flags", "groups", "groupindex")

    def __init__(self, pattern, flags=0):
        self._source = (pattern, flags)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = compiled_re.compile(*self._source)
        for attr in self._METHODS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)


def alternation(words) -> str:
    """Pattern source matching any of many literal words, grouped by first character: the engine skips
    to a possible first character and then tries one group, not every word (longest first within a
    group, so the longest word at a position wins). The same string every run, for compiled_re's keys.
    No words: a pattern that never matches. Wrap it in (?:…) to embed it in a larger pattern."""
    groups: dict[str, list[str]] = {}
    for w in sorted({w for w in words if w}, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    if not groups:
        return "(?!)"
    return "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())


def literal_alternation(words) -> re.Pattern:
    """``alternation(words)`` compiled. The words come from the source or rule files, so compiled_re
    keeps the compiled pattern between runs."""
    return compiled_re.compile(alternation(words))


# Han ideographs: URO, Extension A, compatibility, and the supplementary planes (Ext B and later).
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = f"[{HAN_CLASS}]"
HAN_RE = lazy_re(HAN)
# Characters that count as Chinese text for density checks: Han plus CJK punctuation and full-width forms.
CJK_PUNCT_CLASS = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
SENTENCE_END = "。！？!?；;…"
# A calendar date as pages write it: 2023-10-12, 2023/10/12, 2023.10.12, 2023年10月12 (日 left to the caller).
DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"

# Zero-width and other invisible format characters (Cf) worth removing; ZWJ inside emoji is kept by the detector.
INVISIBLE_CLASS = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 and C1 controls but tab, line feed and carriage return.
CONTROL_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
INVISIBLE_OR_CONTROL_CLASS = INVISIBLE_CLASS + CONTROL_CLASS
# What the normalised view drops (what MOJ110 deletes): "毛\x1b片" and "毛\u200b片" are 毛片 to the lexicons.
INVISIBLE_RE = lazy_re(f"[{INVISIBLE_OR_CONTROL_CLASS}]")

# A pinyin syllable in parentheses, half- or full-width, right after a Han character: tone-marked,
# plain, or with its tone as a digit ("內(nei4)江"; 0 or 5 for the neutral tone).
PINYIN_LETTERS = "a-zA-Z\u00e0\u00e1\u00e8\u00e9\u00ec\u00ed\u00f2\u00f3\u00f9\u00fa\u00fc\u0101\u0113\u011b\u012b\u0144\u0148\u014d\u016b\u01ce\u01d0\u01d2\u01d4\u01d6\u01d8\u01da\u01dc\u01f9\u1e3f"
# Starts with a two-character class so the regex engine can skip ahead to each parenthesis; the
# look-behind after it checks the character before it is Han, in C (a leading look-behind would be
# tried at every position). Converters that fold to full width write "內（nèi）江".
PINYIN_CHAINED_RE = lazy_re(f"[(\uff08]([{PINYIN_LETTERS}]{{1,7}}[0-5]?)[)\uff09]")  # one right after another
PINYIN_ANNOTATION_RE = lazy_re(f"[(\uff08](?<=[{HAN_CLASS}][(\uff08])([{PINYIN_LETTERS}]{{1,7}}[0-5]?)[)\uff09]")

_TONE_FREE = str.maketrans({
    "ā": "a", "á": "a", "ǎ": "a", "à": "a", "ē": "e", "é": "e", "ě": "e", "è": "e",
    "ī": "i", "í": "i", "ǐ": "i", "ì": "i", "ō": "o", "ó": "o", "ǒ": "o", "ò": "o",
    "ū": "u", "ú": "u", "ǔ": "u", "ù": "u", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v", "ü": "v",
    "ń": "n", "ň": "n", "ǹ": "n", "ḿ": "m",
})


def strip_tones(syllable: str) -> str:
    return syllable.lower().translate(_TONE_FREE)


def has_tone_mark(syllable: str) -> bool:
    return strip_tones(syllable) != syllable.lower()


_TONE_NUMBER = {c: str(n) for n, marks in enumerate(("āēīōūǖ", "áéíóúǘńḿ", "ǎěǐǒǔǚň", "àèìòùǜǹ"), 1) for c in marks}


def tone_numbered(reading: str) -> str:
    """A tone-marked reading with its tone as a digit: "nèi" -> "nei4", "lǜ" -> "lv4", "de" -> "de5"."""
    return strip_tones(reading) + next((_TONE_NUMBER[c] for c in reading if c in _TONE_NUMBER), "5")


def _says(syllable: str, reading: str) -> bool:
    """Does an annotation's ``syllable`` (lower case, NFC) write ``reading`` (pypinyin's, tone-marked)?
    Tone-marked: exactly; with a tone digit: the same tone; plain: tones ignored."""
    if syllable[-1].isdigit():
        return strip_tones(syllable[:-1]) + ("5" if syllable[-1] == "0" else syllable[-1]) == tone_numbered(reading)
    if has_tone_mark(syllable):
        return syllable == reading
    return strip_tones(reading) == syllable


@lru_cache(maxsize=None)
def _pinyin_table() -> dict[int, str]:
    """pypinyin's readings by code point. Importing it runs pypinyin's package set-up (segmenter
    training, ~0.3 s), so the table file is read on its own, once, and kept in the user cache."""
    import importlib.util

    from cleancn.diskcache import derived, package_file

    folder = package_file("pypinyin")
    module_file = folder / "pinyin_dict.py"
    data_file = folder / "pinyin_dict.json"  # where recent versions keep the table itself

    def build():
        spec = importlib.util.spec_from_file_location("_cleancn_pinyin_dict", module_file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # a data module: it builds the table, nothing else
        return dict(module.pinyin_dict)

    return derived("pinyin-readings", data_file if data_file.is_file() else module_file, build)


@lru_cache(maxsize=65536)
def is_reading_of(char: str, syllable: str) -> bool:
    """True when ``syllable`` (tone-marked, with a tone digit, or toneless) is a reading of ``char``."""
    readings = _pinyin_table().get(ord(char))
    if not readings:
        return False
    syllable = unicodedata.normalize("NFC", syllable.lower())
    return any(_says(syllable, o) for o in readings.split(","))


@lru_cache(maxsize=65536)
def is_usual_reading(char: str, syllable: str) -> bool:
    """True when ``syllable`` is ``char``'s first reading in the table, what a converter writes (tones
    ignored when the syllable has none)."""
    readings = _pinyin_table().get(ord(char))
    if not readings:
        return False
    return _says(unicodedata.normalize("NFC", syllable.lower()), readings.split(",")[0])


def pinyin_annotations(text: str):
    """Yield (start, end, syllable) for each converter-style annotation verified against the character's readings."""
    if "(" not in text and "\uff08" not in text:
        return
    for m in PINYIN_ANNOTATION_RE.finditer(text):
        start, syllable = m.start(), m.group(1)
        char = text[start - 1]
        if not is_reading_of(char, syllable):
            continue
        # Converters run one after another leave a chain of readings of the same character
        # ("孟(mèng)(meng4)"): one annotation, or cleaning once would leave the next.
        end = m.end()
        while (c := PINYIN_CHAINED_RE.match(text, end)) is not None and is_reading_of(char, c.group(1)):
            end = c.end()
        yield start, end, syllable


def document_pinyin(doc: Document) -> list[tuple[int, int, str]]:
    """The document's verified annotations, found once and shared by every check that needs them."""
    from cleancn.facts import present

    return doc.view("pinyin", lambda d: list(pinyin_annotations(d.text)) if present(d, "pinyin") else [])


# --- lines and positions ---------------------------------------------------------------------------

class Line(NamedTuple):
    """One line of a document. A NamedTuple, not a frozen dataclass: one is made for every line of
    every page (0.7 us against 1.7), and creating the class costs ~0.2 ms at start-up against ~1.5."""

    number: int  # 1-based
    start: int
    end: int  # exclusive, before "\r\n" / "\n"
    text: str
    break_len: int = 0  # "\n" or "\r\n" after ``end``

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def full_end(self) -> int:
        """End including the line break, for deleting a whole line."""
        return self.end + self.break_len


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end (before its break) of the line holding ``pos``."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end == -1 else end


def _build_lines(doc: Document) -> list[Line]:
    text = doc.text
    out: list[Line] = []
    pos = 0
    n = 1
    length = len(text)
    while pos <= length:
        nl = text.find("\n", pos)
        if nl == -1:
            end, brk = length, 0
        else:
            end, brk = nl, 1
        content_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        out.append(Line(n, pos, content_end, text[pos:content_end], (end - content_end) + brk))
        if nl == -1:
            break
        pos = nl + 1
        n += 1
    return out


def lines(doc: Document) -> list[Line]:
    return doc.view("lines", _build_lines)


_NEWLINE = lazy_re("\n")


def line_starts(doc: Document) -> list[int]:
    return doc.view("line_starts", lambda d: [0] + [m.end() for m in _NEWLINE.finditer(d.text)])


# --- the normalised view ------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def opencc_converter(config: str):
    import opencc

    return opencc.OpenCC(config)


# Full-width ASCII (！-～) and the ideographic space to half-width; one character for one.
WIDTH_FOLD = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def replace_chars(text: str, table: dict[str, str], finder: re.Pattern) -> str:
    """``str.translate`` for a few one-for-one replacements, several times faster on CJK text:
    translate takes its slow path on any non-ASCII string, while ``str.replace`` per character that
    actually occurs runs at memory speed. ``finder`` matches the table's keys and none of its values.
    Each search finds a character not yet replaced (not a list of every occurrence: a page holds
    thousands of full-width commas)."""
    m = finder.search(text)
    while m is not None:
        ch = m.group()
        text = text.replace(ch, table[ch])
        m = finder.search(text, m.start())
    return text


_WIDTH_TABLE = {chr(k): chr(v) for k, v in WIDTH_FOLD.items()}
_WIDTH_RE = lazy_re("[\uff01-\uff5e\u3000]")


def fold_width(text: str) -> str:
    return replace_chars(text, _WIDTH_TABLE, _WIDTH_RE)


class View(NamedTuple):
    """A derived text plus, for each of its characters, the index of the original character it came from.

    ``origin`` None means the identity map (nothing was dropped), which saves memory on big documents.
    """

    text: str
    origin: "array | None"
    original_length: int

    def _orig(self, i: int) -> int:
        return i if self.origin is None else self.origin[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering view characters ``start:end``."""
        if start >= end:
            return (self._orig(start), self._orig(start)) if start < len(self.text) else (self.original_length,) * 2
        return self._orig(start), self._orig(end - 1) + 1

    def range_of(self, start: int, end: int) -> tuple[int, int]:
        """The view indices whose characters came from original ``start:end`` (the inverse of ``span``)."""
        if self.origin is None:
            return start, end
        return bisect.bisect_left(self.origin, start), bisect.bisect_left(self.origin, end)


def _convert_same_length(text: str, config: str) -> str:
    """OpenCC conversion that keeps one output character per input character.

    Phrase conversion rarely changes length; where a line does, that line is converted character by
    character so the offset map stays exact.
    """
    conv = opencc_converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    pieces = []
    for piece in text.splitlines(keepends=True):
        converted = conv.convert(piece)
        if len(converted) != len(piece):
            converted = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in piece)
        pieces.append(converted)
    return "".join(pieces)


def _build_normalised(doc: Document) -> View:
    from cleancn.facts import present

    text = doc.text
    drops = [(a, b) for a, b, _ in document_pinyin(doc)]
    if present(doc, "invisible"):
        drops += [(m.start(), m.end()) for m in INVISIBLE_RE.finditer(text)]
    if not drops:
        origin = None
        kept = text
    else:
        drops.sort()
        # Kept positions are marked in a byte mask and listed by itertools.compress in C: a page of
        # pinyin residue drops thousands of spans, and a Python loop extending the map per span cost more.
        keep = bytearray(b"\x01") * len(text)
        parts = []
        pos = 0
        for a, b in drops:
            if a > pos:
                parts.append(text[pos:a])
            if b > pos:
                a = a if a > pos else pos
                keep[a:b] = bytes(b - a)
                pos = b
        parts.append(text[pos:])
        origin = array("q", compress(range(len(text)), keep))
        kept = "".join(parts)
    kept = fold_width(kept)
    # The t2s phrases' anchor was looked for in the original: the folded page when nothing was dropped.
    if t2s_could_change(kept, phrases=bool(drops) or present(doc, "t2s-phrase")):
        kept = _convert_same_length(kept, "t2s.json")
    return View(kept, origin, len(text))


def view_anchors() -> dict[str, list[str]]:
    """Anchors (cleancn.facts) of the view's screens on the original text: a pinyin annotation after a
    Han character (PINYIN_ANNOTATION_RE), an invisible character (INVISIBLE_RE), and a phrase t2s
    changes without any character it changes alone, as the folded page may hold it (a wide form for
    an ASCII character). t2s's 5,000 characters have no anchor: Hyperscan scans such a class at about
    the speed of ``re``."""
    from cleancn.prescreen import literal, py_class

    anchors = {"pinyin": [f"[{py_class(HAN_CLASS)}][(\\x{{ff08}}][{py_class(PINYIN_LETTERS)}]{{1,7}}[0-5]?[)\\x{{ff09}}]"],
               "invisible": [f"[{py_class(INVISIBLE_OR_CONTROL_CLASS)}]"]}
    sensitive = t2s_sensitive()
    if sensitive is not None and sensitive[1]:
        wide = {chr(v): chr(k) for k, v in WIDTH_FOLD.items()}  # a folded character -> its wide form
        spelled = sorted("".join(f"[{literal(c)}{literal(wide[c])}]" if c in wide else literal(c) for c in p)
                         for p in sensitive[1])
        anchors["t2s-phrase"] = ["(?:" + "|".join(spelled) + ")"]
    return anchors


# --- when t2s can be skipped --------------------------------------------------------------------------
# Most Chinese web pages are simplified: t2s would return them unchanged, at ~55 ns a character plus
# ~8 ms to load OpenCC in a one-file run. A page without any character t2s could change, alone or inside
# one of its phrases, is left as it is. The set is listed from OpenCC's own dictionaries once and kept
# in the user cache; tests/test_screens.py checks that skipping never changes a view.

@lru_cache(maxsize=1)
def _opencc_share():  # a find_spec walk of sys.path: once a process
    from cleancn.diskcache import package_file

    return package_file("opencc", "clib", "share", "opencc")


def _list_t2s_sensitive(share) -> tuple[str, tuple[str, ...]] | None:
    """The characters t2s changes on their own, and the phrases that change text without holding any of
    them. A text with neither is what t2s returns it as. None when OpenCC's tables cannot be listed
    (its ``opencc_dict`` tool is missing)."""
    import subprocess
    import tempfile
    from pathlib import Path

    chars = [chr(c) for c in range(0x80, 0x31350) if not 0xD800 <= c <= 0xDFFF and c != 0x0A]
    converted = opencc_converter("t2s.json").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return None
    sensitive = {c for c, out in zip(chars, converted) if out != c}
    tool = share.parent.parent / "bin" / "opencc_dict"
    keys: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "entries.txt"
        for name in ("TSPhrases.ocd2", "TSCharacters.ocd2", "TSCharactersExt.ocd2"):
            if not (share / name).is_file():
                continue
            try:
                subprocess.run([str(tool), "-i", str(share / name), "-o", str(listing), "-f", "ocd2", "-t", "text"],
                               check=True, capture_output=True, timeout=60)
                keys[name] = [tuple(ln.split("\t", 1)) for ln in listing.read_text(encoding="utf-8").splitlines()]
            except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
                return None
    if "TSPhrases.ocd2" not in keys:
        return None
    # Phrases that change text although none of their characters changes alone (回覆 -> 回复) are
    # searched as phrases. A phrase that maps to itself changes nothing.
    phrases = [key for key, *value in keys["TSPhrases.ocd2"]
               if sensitive.isdisjoint(key) and (not value or value[0].split(" ")[0] != key)]
    return "".join(sorted(sensitive)), tuple(phrases)


@lru_cache(maxsize=1)
def t2s_sensitive() -> tuple[str, tuple[str, ...]] | None:
    """(the characters t2s changes alone, as one sorted string; the phrases), memoised in the user
    cache. One string, not a set: reading back a set of 5,000 characters costs ~2 ms a run."""
    from cleancn.diskcache import derived

    share = _opencc_share()
    if share is None or not (share / "TSPhrases.ocd2").is_file():
        return None
    return derived("t2s-chars", share / "TSPhrases.ocd2", lambda: _list_t2s_sensitive(share))


@lru_cache(maxsize=1)
def t2s_screen():
    """(BMP class, supplementary class, phrase alternation) to search. The two planes are kept apart:
    CPython's re keeps a class of BMP characters as a bitmap, but a class holding supplementary
    characters as a list it walks for every character (900 of them here: 1.7 us a character). The
    classes take ~15 ms to compile; compiled_re keeps their compiled code between runs."""
    chars, phrases = t2s_sensitive()
    split = bisect.bisect_right(chars, "\uffff")  # chars is sorted: the BMP ones come first
    bmp, astral = chars[:split], chars[split:]
    return (compiled_re.compile(f"[{re.escape(bmp)}]") if bmp else None,
            compiled_re.compile(f"[{re.escape(astral)}]") if astral else None,
            compiled_re.compile("|".join(map(re.escape, phrases))) if phrases else None)


# One range: cheap to scan for, where the 900-character supplementary class is walked character by character.
SUPPLEMENTARY = lazy_re("[\U00010000-\U0010ffff]")


def t2s_could_change(text: str, phrases: bool = True) -> bool:
    """Could t2s change ``text``? ``phrases``: also look for its phrases (False when the prescreen
    found none: cleancn.facts)."""
    if t2s_sensitive() is None:
        return True  # OpenCC's dictionaries could not be listed: always convert
    bmp, astral, phrase_re = t2s_screen()
    return bool(bmp and bmp.search(text) or phrases and phrase_re and phrase_re.search(text)
                or astral and SUPPLEMENTARY.search(text) and astral.search(text))


def normalised(doc: Document) -> View:
    return doc.view("normalised", _build_normalised)


def normalise_string(text: str) -> str:
    """The normalised form of a short string (lexicon entries, claim aliases)."""
    return normalised(Document(text=text)).text
