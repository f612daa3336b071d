"""Re-decoding repairs: MOJ103/104 UTF-8 read as GBK (lossless / lossy), MOJ105 GBK read as
Latin-1/cp1252, MOJ106 Big5<->GBK, MOJ107 UTF-8 read as Latin-1 (delegated to ftfy).

Each family is screened at regex speed over the whole text; only screened runs are re-encoded and
judged by the character language model (``charlm``): a repair is made only when the re-decoded run
reads as much more natural Chinese than the original.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import chain

from cleancn import compiled_re
from cleancn.prescreen import Prescreen
from cleancn.rules import packaged_dir
from cleancn.spans import Spans
from cleancn.text import HAN_CLASS, HAN_RE, lazy_re, line_bounds

# A repaired run must gain this much mean log-probability per Han character, and end up above FLOOR.
MIN_GAIN = 2.5
FLOOR = -10.0
HOLE = 0x00  # stands for a byte lost to "?" or U+FFFD

# --- UTF-8 read as GBK/GB18030 -------------------------------------------------------------------

# The screen: two or more UTF-8 sequences in a row, inside the GB18030 re-encoding, of characters
# Chinese text is made of: CJK ideographs (lead E4-E9), CJK and full-width punctuation, curly quotes and
# dashes. Any three-byte sequence would do in principle, but clean GBK text forms those by chance
# (in about one page in four of a mixed corpus); these it almost never forms.
_UTF8_CJK = rb"(?:[\xe4-\xe9][\x80-\xbf]{2}|\xe3[\x80-\x83][\x80-\xbf]|\xef[\xbc\xbd][\x80-\xbf]|\xe2\x80[\x90-\xa6])"
# Written to open with one byte class (the lead byte, then a look back at which one it was), so the
# engine skips to candidate bytes instead of trying the alternation at every byte: 3x faster.
UTF8_SCREEN = lazy_re(rb"[\xe2-\xe9\xef](?:(?<=[\xe4-\xe9])[\x80-\xbf]{2}|(?<=\xe3)[\x80-\x83][\x80-\xbf]"
                      rb"|(?<=\xef)[\xbc\xbd][\x80-\xbf]|(?<=\xe2)\x80[\x90-\xa6])" + _UTF8_CJK + rb"+")
# A stretch that re-decodes as UTF-8, allowing lost bytes (HOLE), ASCII swallowed as GBK trail bytes, and
# a three-byte sequence one byte short: a decoder run with errors="ignore" drops the bytes it rejects
# (most often a 0x80 continuation byte that fell in lead position) without leaving a "?".
_C = rb"[\x80-\xbf\x00]"
UTF8_SEGMENT = lazy_re(rb"(?:[\xe0-\xef\x00]" + _C + _C + rb"|[\xe0-\xef][\x80-\xbf](?![\x80-\xbf\x00])"
                       + rb"|[\xc2-\xdf]" + _C + rb"|[\xf0-\xf4]" + _C * 3 + rb"|[\x40-\x7e])+")
# Runs of characters that a GBK misreading can produce (anything but ASCII controls/space).
NON_ASCII_RUN = lazy_re(r"(?:[^\x00-\x7f\s]|\?)+")


def _lm():
    from cleancn.charlm import model

    return model()


def _han_count(s: str) -> int:
    return len(HAN_RE.findall(s))


def _char_index_of_byte(text: str, data: bytes, byte_pos: int, cache: list) -> int:
    """Index of the character whose GB18030 bytes contain ``byte_pos`` (incremental; positions rise)."""
    b0, c0 = cache
    if byte_pos < b0:
        b0 = c0 = 0
    # Decoding the bytes since the last known boundary counts the characters at C speed; a character
    # cut at byte_pos may be counted once too often, so step back until the prefix ends at or before it.
    c = min(len(text), c0 + len(data[b0:byte_pos].decode("gb18030", errors="replace")))
    while c > c0 and b0 + len(text[c0:c].encode("gb18030", errors="replace")) > byte_pos:
        c -= 1
    cache[0], cache[1] = b0 + len(text[c0:c].encode("gb18030", errors="replace")), c
    return c


def _run_around(text: str, index: int) -> tuple[int, int]:
    """The maximal NON_ASCII_RUN containing ``index``."""
    s = index
    while s > 0 and (ord(text[s - 1]) > 0x7F and not text[s - 1].isspace() or text[s - 1] == "?"):
        s -= 1
    e = index
    while e < len(text) and (ord(text[e]) > 0x7F and not text[e].isspace() or text[e] == "?"):
        e += 1
    return s, e


class _Runs:
    """_run_around for many positions of one text: its maximal runs found once (in C) and looked up by
    bisection. Walking the run again for each position made a 20,000-character line of garble, with a
    screen match every few characters, take minutes."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] | None = None

    def around(self, index: int) -> tuple[int, int]:
        if self.spans is None:
            self.spans = [m.span() for m in NON_ASCII_RUN.finditer(self.text)]
            self.starts = [a for a, _ in self.spans]
        k = bisect_right(self.starts, index) - 1
        if k >= 0 and index < self.spans[k][1]:
            return self.spans[k]
        return _run_around(self.text, index)  # an ASCII position: the run that ends there


def _run_bytes(run: str):
    """GB18030 bytes of ``run`` with HOLE for "?"/U+FFFD, and the byte offset where each character starts."""
    out = bytearray()
    starts = []
    for ch in run:
        starts.append(len(out))
        if ch in "?\ufffd":
            out.append(HOLE)
        else:
            out += ch.encode("gb18030")
    starts.append(len(out))
    return bytes(out), starts


def _decode_with_holes(data: bytes, before: str = "", cp1252: bool = False, dropped: bool = False):
    """UTF-8 decode where HOLE bytes are unknown: returns (text, confidence) or None.

    Each character with one lost byte gets every byte that makes it valid; a character with two or
    three lost bytes gets the common characters whose UTF-8 bytes fit the bytes that are left. A
    Viterbi pass over the character bigram model picks the most natural sequence. ``cp1252``: the
    bytes were lost to a cp1252 decoder, which rejects only five values; ``dropped``: that decoder
    dropped them without a trace (errors="ignore"), so a three-byte sequence may be one byte short.
    """
    lm = _lm()
    slots: list[list[str]] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80 and b != HOLE:
            slots.append([chr(b)])
            i += 1
            continue
        n = 3 if b == HOLE or 0xE0 <= b <= 0xEF else 2 if 0xC2 <= b <= 0xDF else 4 if 0xF0 <= b <= 0xF4 else 0
        if not cp1252 and n == 3 and b != HOLE and i + 1 < len(data) and 0x80 <= data[i + 1] <= 0xBF \
                and (i + 2 == len(data) or not (0x80 <= data[i + 2] <= 0xBF or data[i + 2] == HOLE)):
            # One byte short, silently dropped: either continuation byte may be the lost one.
            cands = _short_chars(b, data[i + 1], data[i + 2] if i + 2 < len(data) else None)
            if not cands:
                return None
            slots.append(cands)
            i += 2
            continue
        if cp1252 and dropped and n == 3 and b != HOLE:
            # One or both continuation bytes dropped (提 is E6 8F 90: both undefined in cp1252).
            conts = 0
            while conts < 2 and i + 1 + conts < len(data) and 0x80 <= data[i + 1 + conts] <= 0xBF:
                conts += 1
            if conts < 2:
                cands = _cp1252_short_chars(b, data[i + 1]) if conts else _cp1252_hole_chars(bytes([b, HOLE, HOLE]))
                if not cands:
                    return None
                slots.append(cands)
                i += 1 + conts
                continue
        if n == 0 or i + n > len(data):
            return None
        chunk = data[i:i + n]
        holes = [k for k in range(n) if chunk[k] == HOLE]
        if cp1252 and holes:
            cands = _cp1252_hole_chars(chunk)
            if not cands:
                return None
            slots.append(cands)
            i += n
            continue
        if len(holes) > 1:
            following = data[i + n] if i + n < len(data) else None
            cands = _fitting_chars(chunk, tuple(holes), following)
            if not cands:
                return None
            slots.append(cands)
            i += n
            continue
        if not holes:
            try:
                slots.append([chunk.decode("utf-8")])
            except UnicodeDecodeError:
                return None
        else:
            k = holes[0]
            following = data[i + k + 1] if i + k + 1 < len(data) else None
            cands = _one_hole_chars(chunk, k, following)
            if not cands:
                return None
            slots.append(cands)
        i += n
    # Traditional candidates are scored as their simplified forms; where nothing known around them is
    # traditional, one is unlikely (协議 for 协调 in a simplified sentence).
    penalty: dict[str, float] = {}
    if not (before and lm.traditional_only(before) or any(len(o) == 1 and lm.traditional_only(o[0]) for o in slots)):
        penalty = {c: TRADITIONAL_PENALTY for o in slots if len(o) > 1 for c in o if lm.traditional_only(c)}

    # Viterbi over slots with the bigram model.
    def first(c: str) -> float:
        base = lm.unigram_any(c) if HAN_RE.match(c) else COMMON_PUNCT.get(c, -16.0)
        # After a number, a lost character is most likely a unit or a date part ("7月1日", "3万").
        return base + penalty.get(c, 0.0) + (AFTER_DIGIT.get(c, -3.0) if before.isdigit() else 0.0)

    best = {c: (first(c), c) for c in slots[0]}
    confidence = 1.0
    for options in slots[1:]:
        nxt = {}
        for c in options:
            scored = [(s + _step(lm, path[-1], c) + penalty.get(c, 0.0), path) for s, path in best.values()]
            s, path = max(scored)
            nxt[c] = (s, path + c)
        if len(options) > 1:
            scores = sorted((v[0] for v in nxt.values()), reverse=True)
            z = sum(math.exp(s - scores[0]) for s in scores)
            confidence = min(confidence, 1.0 / z)
        best = nxt
    score, path = max(best.values())
    return path, confidence


def _fills_a_hole(ch: str) -> bool:
    """A character a lost byte of Chinese text can have belonged to: Han, CJK or full-width punctuation."""
    return bool(HAN_RE.match(ch)) or ch in COMMON_PUNCT or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


@lru_cache(maxsize=8192)
def _one_hole_chars(chunk: bytes, k: int, following: int | None) -> list[str]:
    """The CJK characters or punctuation ``chunk`` can be with byte ``k`` lost: every value a GBK
    decoder would have dropped there that makes valid UTF-8. Memoised: a garbled page repeats its
    characters, and each call tries up to 64 bytes."""
    cands = []
    for v in range(0xE0, 0xF0) if k == 0 else range(0x80, 0xC0):
        if not decoder_rejects("gbk", v, following):
            continue
        try:
            ch = (chunk[:k] + bytes([v]) + chunk[k + 1:]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _fills_a_hole(ch):
            cands.append(ch)
    return cands


# The bytes cp1252 leaves undefined: bytes.decode("cp1252", errors="replace") writes U+FFFD for each.
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


@lru_cache(maxsize=4096)
def _cp1252_hole_chars(chunk: bytes) -> list[str]:
    """The CJK characters or punctuation ``chunk`` can be, each HOLE one of cp1252's undefined bytes."""
    from itertools import product

    holes = [k for k in range(len(chunk)) if chunk[k] == HOLE]
    cands = []
    for values in product(CP1252_UNDEFINED, repeat=len(holes)):
        raw = bytearray(chunk)
        for k, v in zip(holes, values):
            raw[k] = v
        try:
            ch = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _fills_a_hole(ch):
            cands.append(ch)
    return cands


@lru_cache(maxsize=4096)
def _cp1252_short_chars(lead: int, cont: int) -> list[str]:
    """What ``lead`` ``cont`` can be with one of cp1252's undefined bytes dropped before or after ``cont``."""
    both = _cp1252_hole_chars(bytes([lead, HOLE, cont])) + _cp1252_hole_chars(bytes([lead, cont, HOLE]))
    return list(dict.fromkeys(both))


@lru_cache(maxsize=1)
def _common_utf8() -> dict[int | None, list[tuple[bytes, str]]]:
    """(UTF-8 bytes, character) of the common characters and punctuation, most frequent first, by
    lead byte (key None: all of them, for a lost lead byte)."""
    lm = _lm()
    # Sorted from the sorted list: ties fall the same way in every process (a frozenset's order does not).
    chars = sorted(common_chars_sorted(), key=lambda c: -lm.unigram_any(c)) + list(COMMON_PUNCT)
    table: dict[int | None, list[tuple[bytes, str]]] = {None: []}
    for c in chars:
        raw = c.encode("utf-8")
        table[None].append((raw, c))
        table.setdefault(raw[0], []).append((raw, c))
    return table


@lru_cache(maxsize=4096)
def _fitting_chars(chunk: bytes, holes: tuple[int, ...], following: int | None, limit: int = 200) -> list[str]:
    """Common characters whose UTF-8 bytes agree with ``chunk`` outside the holes and whose lost bytes
    a GBK decoder would indeed have rejected; at most ``limit``, most frequent first."""
    n = len(chunk)
    known = [k for k in range(n) if k not in holes]
    out = []
    for raw, c in _common_utf8().get(None if 0 in holes else chunk[0], ()):
        if len(raw) != n or any(raw[k] != chunk[k] for k in known):
            continue
        if all(decoder_rejects("gbk", raw[k], raw[k + 1] if k + 1 < n else following) for k in holes):
            out.append(c)
            if len(out) >= limit:
                break
    return out


@lru_cache(maxsize=4096)
def _short_chars(lead: int, cont: int, following: int | None, limit: int = 200) -> list[str]:
    """Common three-byte characters that ``lead`` ``cont`` can be with one continuation byte dropped
    without a trace: the dropped byte, before ``cont`` or after it, is one a GBK decoder rejects there.
    Most frequent first, at most ``limit``."""
    out = []
    for raw, c in _common_utf8().get(lead, ()):
        if len(raw) != 3:
            continue
        if raw[2] == cont and decoder_rejects("gbk", raw[1], cont) \
                or raw[1] == cont and decoder_rejects("gbk", raw[2], following):
            out.append(c)
            if len(out) >= limit:
                break
    return out


# Log-probability added to a traditional-only candidate where the run shows no traditional character.
TRADITIONAL_PENALTY = -4.0

# Characters that follow a number in Chinese text, with a bonus in log-probability: units, dates, counters.
AFTER_DIGIT = {c: 2.0 for c in "年月日号时点分秒万亿元岁人个次位名家项件种条天周期届倍米度%"}

# Punctuation a lost byte may have belonged to, with a rough log-probability; any other symbol is unlikely.
COMMON_PUNCT = {"，": -3.0, "。": -3.5, "、": -5.0, "“": -5.5, "”": -5.5, "：": -6.0, "；": -6.5, "？": -6.5,
                "！": -7.0, "（": -7.0, "）": -7.0, "《": -7.0, "》": -7.0, "…": -8.0, "·": -8.0, "—": -8.0,
                "【": -8.5, "】": -8.5, "‘": -8.5, "’": -8.5}


@lru_cache(maxsize=None)  # at most a few codecs x 256 x 257 answers
def decoder_rejects(codec: str, lost: int, following: int | None) -> bool:
    """Would ``codec``'s decoder have replaced byte ``lost`` when followed by ``following``? Only such
    bytes can be the ones a "?" or U+FFFD stands for. ASCII is read alone, never rejected."""
    if lost < 0x80:
        return False
    if following is None or following == HOLE:
        return True
    try:
        bytes([lost, following]).decode(codec)
        return False
    except UnicodeDecodeError:
        return True


def _step(lm, prev: str, c: str) -> float:
    if not HAN_RE.match(c):
        return COMMON_PUNCT.get(c, -16.0)
    return lm.pair_any(prev, c) if HAN_RE.match(prev) else lm.unigram_any(c)


# Characters a correct re-decoding of Chinese text may produce besides common Han.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7\u00d7"
CJK_PUNCT_RE = lazy_re(f"[{CJK_PUNCT}]")
# Box drawing and block elements (U+2500-259F) too: what a wrong reading of GBK or Big5 bytes gives
# ("畟畟良耜" read back as "衣衣▆侧"), not what Chinese text is written with.
_IMPLAUSIBLE = lazy_re("[\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd\u2500-\u259f]")


def _plausible(candidate: str, allow_one: bool = False) -> bool:
    """A re-decoded run is believable only without private-use or control characters and with at most
    one Han character in four outside the common set (names and variants like 呉 or 佈 are rare
    characters; a wrong re-decoding is mostly rare characters). ``allow_one``: a short run in a document
    already proven garbled may hold one rare character ("汶莱", "竹崎") whatever its length."""
    if _IMPLAUSIBLE.search(candidate):
        return False
    han = HAN_RE.findall(candidate)
    common = common_chars()
    rare = sum(c not in common for c in han)
    return rare * 4 <= len(han) or allow_one and rare <= 1


def _judge(original: str, candidate: str) -> float | None:
    """The LM gain of ``candidate`` over ``original`` when it is a clear improvement, else None."""
    if _han_count(candidate) < 2 or not _plausible(candidate):
        return None
    lm = _lm()
    after = lm.score(candidate)
    # Garbling into Latin letters leaves no Han to score: count it as the least likely text.
    before = lm.score(original) if _han_count(original) else lm.floor
    if after < FLOOR or after - before < MIN_GAIN:
        return None
    return after - before


def _gain_confidence(gain: float) -> float:
    return round(1 - math.exp(-gain / 2), 3)


def _utf8_anchors() -> dict[str, list[str]]:
    """UTF8_SCREEN for Hyperscan: two of _UTF8_CJK in a row (its look-behinds spelled forward)."""
    return {"MOJ103": [f"(?:{_UTF8_CJK.decode('latin-1')}){{2}}"]}


_UTF8_PRESCREEN = Prescreen("utf8-as-gbk", _utf8_anchors, on_bytes=True)


def check_utf8_as_gbk(doc, det, covered: Spans):
    text = doc.text
    plain = text.replace("\ufffd", "\x00")  # a lost byte, not a character to encode
    data = plain.encode("gb18030", errors="replace")
    if _UTF8_PRESCREEN.could_fire(data) == set():  # one compiled pass, 3-5x the regex's speed
        return
    screen = list(UTF8_SCREEN.finditer(data))
    if not screen:
        return
    cache = [0, 0]
    seen_runs = set()
    runs = _Runs(text)
    before = len(covered)
    for m in screen:
        idx = _char_index_of_byte(plain, data, m.start(), cache)
        run_start, run_end = runs.around(min(idx, len(text) - 1))
        if (run_start, run_end) in seen_runs:
            continue
        seen_runs.add((run_start, run_end))
        yield from _repair_run(doc, det, run_start, run_end, covered)
    if len(covered) > before:
        yield from _confirmed_pass(doc, det, "MOJ103", NON_ASCII_RUN, _utf8_of_gbk, covered, "UTF-8 read as GBK")


def _utf8_of_gbk(run: str, before: str = "") -> str | None:
    """A short run re-read as UTF-8; lost bytes ("?", U+FFFD) are chosen as in the long runs."""
    if "?" in run or "\ufffd" in run:
        if not run.strip("?\ufffd"):
            return None
        decoded = _decode_with_holes(_run_bytes(run)[0], before)
        return decoded[0] if decoded else None
    try:
        data = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # a byte dropped without a trace ("鏈" for 月): chosen as a lost byte
        decoded = _decode_with_holes(data, before)
        return decoded[0] if decoded else None


def _decode_chunk(chunk: bytes, before: str):
    """(text, confidence, lossy) for bytes read back as UTF-8, or None. Strict when nothing was lost;
    lost bytes, marked (HOLE) or dropped without a trace (a sequence one byte short), are chosen by
    the character model, with its confidence."""
    if HOLE not in chunk:
        try:
            return chunk.decode("utf-8"), None, False
        except UnicodeDecodeError:
            pass
    decoded = _decode_with_holes(chunk, before)
    return None if decoded is None else (decoded[0], decoded[1], True)


def _repair_run(doc, det, run_start: int, run_end: int, covered: Spans):
    run = doc.text[run_start:run_end]
    data, starts = _run_bytes(run)
    boundary = {b: i for i, b in enumerate(starts)}
    for seg in UTF8_SEGMENT.finditer(data):
        bs, be = seg.start(), seg.end()
        while bs < be and bs not in boundary:
            bs += 1
        while be > bs and be not in boundary:
            be -= 1
        # A segment found inside a character (its trail byte looked like a lead) starts at the next
        # character whose first byte can open a UTF-8 sequence.
        while bs < be and not (data[bs] == HOLE or 0xC2 <= data[bs] <= 0xF4 or 0x40 <= data[bs] <= 0x7E):
            bs += 1
            while bs < be and bs not in boundary:
                bs += 1
        if be - bs < 6:
            continue
        cs, ce = boundary[bs], boundary[be]
        # Trim "?" at the edges: a real question mark next to a garbled run is not a lost byte.
        while cs < ce and run[cs] == "?":
            cs += 1
            bs = starts[cs]
        before = doc.text[run_start + cs - 1] if run_start + cs else ""
        decoded = _decode_chunk(data[bs:be], before)
        # A ragged end (the run stops inside a character that lost bytes): drop up to two characters.
        for _ in range(2):
            if decoded is not None or ce - cs < 3 or starts[ce - 1] - bs < 6:
                break
            ce -= 1
            be = starts[ce]
            decoded = _decode_chunk(data[bs:be], before)
        if decoded is None:
            continue
        original = run[cs:ce]
        candidate, confidence, lossy = decoded
        gain = _judge(original, candidate)
        if gain is None:
            continue
        start, end = run_start + cs, run_start + ce
        covered.append((start, end))
        if lossy:
            yield det.finding(doc, "MOJ104", start, end, candidate,
                              f"UTF-8 read as GBK with lost bytes: {original[:12]!r} -> {candidate[:12]!r} "
                              f"(lost bytes chosen by the character model, confidence {confidence:.2f})",
                              confidence=round(confidence, 3))
        else:
            yield det.finding(doc, "MOJ103", start, end, candidate,
                              f"UTF-8 read as GBK: {original[:12]!r} -> {candidate[:12]!r}",
                              confidence=_gain_confidence(gain))


# --- Latin-1 / cp1252 readings ----------------------------------------------------------------------

CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c" \
              "\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
# GBK characters read as Latin-1/cp1252, as (lead, trail) pairs: the lead byte is 0x81-0xFE, the trail
# 0x40-0xFE, so a trail may be an ASCII letter ("Å_" for 臺). Pairing from a lead keeps a real ASCII
# letter after the run out of it.
_HIGH = f"\u0080-\u00ff{CP1252_HIGH}"
LATIN_PAIRS = f"(?:[{_HIGH}][\x40-\x7e{_HIGH}])"
# Spelled to open with a character class, which the regex engine skips ahead to (4x faster than a group).
LATIN_RUN = lazy_re(f"[{_HIGH}][\x40-\x7e{_HIGH}]{LATIN_PAIRS}+")


def _latin_bytes(run: str) -> bytes | None:
    """The bytes a Latin-1/cp1252 decoder read as ``run``: each character's cp1252 byte, else its Latin-1
    one (the C1 controls cp1252 leaves undefined); None if a character has neither."""
    try:
        return run.encode("cp1252")  # the common case in one call: every character is cp1252's
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in run:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            try:
                out += ch.encode("latin-1")
            except UnicodeEncodeError:
                return None
    return bytes(out)


# UTF-8 read as cp1252 with errors="replace": a run of what cp1252 decodes bytes 0x80-0xFF to, with the
# U+FFFD each undefined byte became ("ç�†" is 理: E7 90 86, 0x90 lost). ftfy leaves such runs broken.
CP1252_LOSSY_RUN = lazy_re(f"[\u00a0-\u00ff{CP1252_HIGH}\ufffd]*\ufffd[\u00a0-\u00ff{CP1252_HIGH}\ufffd]*")


def check_utf8_as_cp1252_lossy(doc, det, covered: Spans):
    """MOJ107 where bytes were lost: each U+FFFD in a run that is otherwise UTF-8 read as cp1252 was one
    of the five bytes cp1252 leaves undefined; the character model picks which, from the run's context
    (a character with one lost byte has at most five readings, most of them not valid UTF-8)."""
    text = doc.text
    if "\ufffd" not in text or not FTFY_SCREEN.search(text):
        return
    for m in CP1252_LOSSY_RUN.finditer(text):
        start, end = m.span()
        run = m.group(0)
        if end - start < 4 or covered.overlaps(start, end):
            continue
        raw = bytes(HOLE if c == "\ufffd" else _latin_bytes(c)[0] for c in run)
        # Trim a character cut at either edge: the run starts at a lead byte and ends after a whole one.
        lead = next((i for i, b in enumerate(raw) if b >= 0xC2 and b != HOLE), None)
        if lead is None:
            continue
        decoded = _decode_with_holes(raw[lead:], cp1252=True)
        if decoded is None:
            continue
        fixed, confidence = decoded
        if _han_count(fixed) < 2 or not _plausible(fixed) or not _utf8_han(raw[lead:].replace(bytes([HOLE]), b"\x80")):
            continue
        start += lead
        covered.append((start, end))
        lost = run.count("\ufffd", lead)
        yield det.finding(doc, "MOJ107", start, end, fixed,
                          f"UTF-8 read as cp1252, {lost} undefined byte{'s' if lost > 1 else ''} lost and "
                          f"restored from context: {text[start:end][:16]!r} -> {fixed[:16]!r}",
                          confidence=round(confidence, 3))


# A run of what cp1252 decodes bytes 0x80-0xFF to, and Latin-1's C1 controls: UTF-8 Chinese read either
# way, ASCII apart. A run Latin-1 read whole decodes strictly and is left to ftfy.
CP1252_RUN = lazy_re(f"[\u0080-\u00ff{CP1252_HIGH}]{{4,}}")


def check_utf8_as_cp1252_dropped(doc, det, covered: Spans):
    """MOJ107 where a cp1252 decoder dropped its undefined bytes without a trace (errors="ignore", common
    in scrapers): "好消æ¯ã€‚" is 好消息。 with 息's 0x81 gone. ftfy repairs the whole characters around
    such a sequence and leaves the short one garbled. A run is taken only when, with at most one
    short sequence for every two whole ones, it decodes to Chinese the character model prefers."""
    text = doc.text
    before = len(covered)
    for m in CP1252_RUN.finditer(text):
        start, end = m.span()
        if covered.overlaps(start, end):
            continue
        raw = _latin_bytes(m.group(0))
        if raw is None:
            continue
        lead = next((i for i, b in enumerate(raw) if 0xE0 <= b <= 0xEF), None)
        if lead is None:
            continue
        raw = raw[lead:]
        try:
            raw.decode("utf-8")
            continue  # whole UTF-8: ftfy's (check_utf8_as_latin1)
        except UnicodeDecodeError:
            pass
        whole = len(_UTF8_MULTIBYTE.findall(raw))
        leads = sum(1 for b in raw if b >= 0xC0)
        if whole < 2 or (leads - whole) * 2 > whole:
            continue
        decoded = _decode_with_holes(raw, text[start + lead - 1] if start + lead else "", cp1252=True,
                                     dropped=True)
        if decoded is None:
            continue
        fixed, confidence = decoded
        start += lead
        if not _plausible(fixed) or _judge(text[start:end], fixed) is None:
            continue
        covered.append((start, end))
        lost = leads - whole
        yield det.finding(doc, "MOJ107", start, end, fixed,
                          f"UTF-8 read as cp1252, {lost} undefined byte{'s' if lost > 1 else ''} dropped and "
                          f"restored from context: {text[start:end][:16]!r} -> {fixed[:16]!r}",
                          confidence=round(confidence, 3))
    if len(covered) > before:  # "2014å¹´3月": the short runs between ASCII, which ftfy finds too short to judge
        yield from _confirmed_pass(doc, det, "MOJ107", CP1252_SHORT_RUN, _utf8_of_cp1252, covered,
                                   "UTF-8 read as cp1252")


CP1252_SHORT_RUN = lazy_re(f"[\u0080-\u00ff{CP1252_HIGH}]{{2,}}")


def _utf8_of_cp1252(run: str, before: str = "") -> str | None:
    """A short run read back as UTF-8, a dropped undefined byte chosen as in the long runs."""
    raw = _latin_bytes(run)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = _decode_with_holes(raw, before, cp1252=True, dropped=True)
        return decoded[0] if decoded else None


def _ftfy_config():
    import ftfy

    # Chinese-safe: never fold full-width punctuation or uncurl quotes (ftfy's defaults do both).
    return ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                remove_control_chars=False, normalization=None, explain=False)


FTFY_SCREEN = lazy_re(f"[\u00c0-\u00ff][\u0080-\u00bf{CP1252_HIGH}]")


def check_utf8_as_latin1(doc, det, covered: Spans):
    """ftfy's family: fix only the lines its own screen finds bad, and report the changed spans."""
    text = doc.text
    if not FTFY_SCREEN.search(text):
        return
    import difflib

    import ftfy
    from ftfy.badness import is_bad

    from cleancn.text import lines

    config = _ftfy_config()
    for line in lines(doc):
        if not FTFY_SCREEN.search(line.text):
            continue
        for w0, w1 in _diff_windows(line.text):
            piece = line.text[w0:w1]
            if not FTFY_SCREEN.search(piece) or not is_bad(piece):
                continue
            fixed = ftfy.fix_text(piece, config)
            if fixed == piece:
                continue
            ops = difflib.SequenceMatcher(None, piece, fixed, autojunk=False).get_opcodes()
            for tag, a0, a1, b0, b1 in _merge_ops(ops):
                start, end = line.start + w0 + a0, line.start + w0 + a1
                if covered.overlaps(start, end) or not _ftfy_plausible(fixed[b0:b1]):
                    continue
                covered.append((start, end))
                yield det.finding(doc, "MOJ107", start, end, fixed[b0:b1],
                                  f"UTF-8 read as Latin-1/cp1252: {piece[a0:a1][:16]!r} -> {fixed[b0:b1][:16]!r}")


MAX_DIFF = 2000  # characters of a line ftfy fixes and difflib compares at once: difflib is quadratic
# A place to cut a long line: after a full stop, a comma or a space that no Latin-1 or cp1252 character
# touches (UTF-8 read as Latin-1 is made of those), so no garbled run is cut in two.
_DIFF_CUT = lazy_re(f"(?<![{_HIGH}])[。！？；，!?;, ](?![{_HIGH}])")


def _diff_windows(text: str) -> list[tuple[int, int]]:
    """The line in pieces of about MAX_DIFF characters (a line that short, or without a cut, whole). A
    line of 300,000 characters (a page with no line breaks) took difflib minutes."""
    if len(text) <= MAX_DIFF:
        return [(0, len(text))]
    out, start = [], 0
    while len(text) - start > MAX_DIFF:
        cut = None
        for m in _DIFF_CUT.finditer(text, start + MAX_DIFF // 2, start + MAX_DIFF):
            cut = m.end()
        if cut is None:  # none in the window (a line of garble, no space or punctuation): a hard cut
            cut = _hard_cut(text, start + MAX_DIFF // 2, start + MAX_DIFF)
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


# Where a window may end in a line without a soft cut: before what Latin-1 or cp1252 read a UTF-8 lead
# byte of a CJK character as (0xE0-0xEF), or an ASCII character, so no sequence is cut in two.
_HARD_CUT = lazy_re("[\u00e0-\u00ef\x00-\x7f]")


def _hard_cut(text: str, lo: int, hi: int) -> int:
    """The last place in ``text[lo:hi]`` before a sequence can start; ``hi`` when there is none."""
    cut = hi
    for m in _HARD_CUT.finditer(text, lo, hi):
        cut = m.start()
    return cut if cut > lo else hi


# What a UTF-8 re-decoding of Chinese web text can rightly produce: Latin letters, punctuation and
# symbols, CJK, emoji. ftfy on GBK garble that nothing else explained produces Cyrillic, Syriac or
# N'Ko ("Ð©" -> "Щ"); those "repairs" are refused.
_FTFY_OK = lazy_re("[\x09\x0a\x0d\x20-\x7e\u00a0-\u024f\u2000-\u2bff\u3000-\u30ff\u3400-\u9fff"
                   "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U0001f000-\U0001faff"
                   "\U00020000-\U0003134f]*")


def _ftfy_plausible(fixed: str) -> bool:
    return _FTFY_OK.fullmatch(fixed) is not None


def _merge_ops(ops):
    """Join change opcodes separated by nothing, so one mojibake run is one finding."""
    merged = []
    for tag, a0, a1, b0, b1 in ops:
        if tag == "equal":
            continue
        if merged and merged[-1][2] == a0:
            t, x0, _, y0, _ = merged[-1]
            merged[-1] = ("replace", x0, a1, y0, b1)
        else:
            merged.append((tag, a0, a1, b0, b1))
    return merged


# Three- and four-byte sequences only: Chinese in UTF-8 is three bytes a character, while two-byte
# sequences (lead 0xC2-0xDF, trail 0x80-0xBF) are common inside GBK text too.
_UTF8_MULTIBYTE = lazy_re(rb"[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf8_han(raw: bytes) -> bool:
    """Are these bytes mostly UTF-8 sequences? Then the run is UTF-8 read as Latin-1 (MOJ107), not GBK:
    GBK bytes form a valid UTF-8 sequence only by chance, UTF-8 bytes always do (a run may be cut
    mid-character at its edges, so the test is a share, not a strict decode)."""
    covered = 0
    for m in _UTF8_MULTIBYTE.finditer(raw):
        ch = m.group(0).decode("utf-8", errors="replace")
        if len(ch) == 1 and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ord(ch) >= 0x20000):
            covered += len(m.group(0))  # a CJK character or punctuation, what UTF-8 Chinese is made of
    return covered * 2 >= len(raw)


# A word of Latin-1/cp1252-encodable characters: any of the 256 but whitespace, or cp1252's high ones.
LATIN_WORD = lazy_re("[" + "".join(f"\\x{c:02x}" for c in range(256) if not chr(c).isspace()) + CP1252_HIGH + "]+")


class _LatinWords:
    """Whether a run's word is UTF-8 read as Latin-1, for the runs of one text: its words found once (in
    C), each judged once. A page of GBK read as Latin-1 has no spaces, so a paragraph is one word holding
    a run every few characters: walking it again for each run cost 1 ms a run."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] | None = None
        self.judged: dict[tuple[int, int], bool] = {}

    def _word_at(self, i: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, i) - 1
        return self.spans[k] if k >= 0 and i < self.spans[k][1] else None

    def utf8_latin(self, start: int, end: int) -> bool:
        """Is the word holding ``text[start:end]`` (the run, and the Latin-1/cp1252-encodable characters
        but spaces around it) UTF-8 read as Latin-1, in a script that is not Chinese ("HÄ±rsÄ±zÄ±" is
        Turkish "Hırsızı")? Its pairs of high characters can also read as GBK ("±zÄ±" -> "您覺"); the
        whole word decodes as UTF-8, which GBK-encoded Chinese does only by chance."""
        if self.spans is None:
            self.spans = [m.span() for m in LATIN_WORD.finditer(self.text)]
            self.starts = [a for a, _ in self.spans]
        left = self._word_at(start - 1) if start else None
        right = self._word_at(end)
        key = (left[0] if left else start, right[1] if right else end)
        if key not in self.judged:
            self.judged[key] = _utf8_latin(self.text[key[0]:key[1]])
        return self.judged[key]


def _utf8_latin(word: str) -> bool:
    try:
        decoded = _latin_bytes(word).decode("utf-8")
    except (UnicodeDecodeError, AttributeError):
        return False
    return decoded != word and not any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in decoded)


def check_gbk_as_latin1(doc, det, covered: Spans):
    text = doc.text
    repaired = 0
    words = _LatinWords(text)
    for m in LATIN_RUN.finditer(text):
        start, end = m.start(), m.end()
        if covered.overlaps(start, end):
            continue
        raw = _latin_bytes(m.group(0))
        if raw is None or _utf8_han(raw) or words.utf8_latin(start, end):
            continue
        best = None
        for enc, label in (("gb18030", "GBK"), ("big5", "Big5")):
            cut = len(raw)
            while cut >= 4:
                try:
                    cand = raw[:cut].decode(enc)
                    break
                except UnicodeDecodeError:
                    cut -= 1
            else:
                continue
            n = cut  # each character of the run is one byte: the decoded prefix is its first n characters
            gain = _judge(m.group(0)[:n], cand)
            if gain is not None and (best is None or gain > best[0]):
                best = (gain, cand, n, label)
        if best:
            gain, cand, n, label = best
            covered.append((start, start + n))
            repaired += 1
            yield det.finding(doc, "MOJ105", start, start + n, cand,
                              f"{label} read as Latin-1/cp1252: {m.group(0)[:n][:12]!r} -> {cand[:12]!r}",
                              confidence=_gain_confidence(gain))
    if repaired:
        yield from _confirmed_pass(doc, det, "MOJ105", SHORT_LATIN_RUN, _gbk_of_latin, covered,
                                   "GBK read as Latin-1/cp1252")


# Every stretch of Latin-1/cp1252 pairs, however short: in a document already shown to be GBK read
# as Latin-1, even one character ("Äê" between digits, "£©¡£" at the end) is a garbled Chinese one.
SHORT_LATIN_RUN = lazy_re(f"{LATIN_PAIRS}+")


def _gbk_of_latin(run: str, before: str = "") -> str | None:
    raw = _latin_bytes(run)
    if raw is None or len(raw) % 2 or _utf8_han(raw):
        return None
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return None


# Accented letters GBK encodes (for pinyin): "González" in GBK read as Latin-1 is "Gonz¨¢lez".
PINYIN_LETTERS = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňɑɡ")


def _in_latin_word(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or \
           (end < len(text) and text[end].isascii() and text[end].isalpha())


def looks_garbled(run: str) -> bool:
    """Does the run hold a character that is neither ASCII, common Han nor CJK punctuation (the kana,
    bopomofo, Latin-1 letters, U+FFFD and rare characters a misreading writes)? A short run of good
    text can re-decode into a more frequent character: a lone 或 ("2或3次") is Big5's 麼."""
    common = common_chars()
    return any(not c.isascii() and c not in common and not CJK_PUNCT_RE.match(c) for c in run)


def _line_has_repair(text: str, start: int, covered: Spans) -> bool:
    """Does the line of the run at ``start`` hold a repaired span? A short run of common characters beside
    repaired garble is garble too."""
    return covered.overlaps(*line_bounds(text, start))  # runs hold no line break


READS_WELL = -9.0  # the character model's mean score above which text is Chinese (clean: -7.7 to -4.4)


def _part_of_good_text(text: str, run: str, start: int, end: int, covered: Spans) -> bool:
    """Is a short run part of the good text around it, on a line nothing was repaired on? A run of only
    common characters and CJK punctuation on a line that reads well ("2或3次", a real "——"), or letters
    inside a Latin word there ("González" in a line of Chinese)."""
    if _line_has_repair(text, start, covered) or not _rest_of_line_reads_well(text, start, end):
        return False
    return not looks_garbled(run) or _in_latin_word(text, start, end)


def _rest_of_line_reads_well(text: str, start: int, end: int) -> bool:
    """Is the rest of the run's line good Chinese ("每天服用2或3次，每次1片。" around 或)? Then the run is
    part of good text, whatever its strict re-reading scores; a line of garble has no such rest."""
    a, b = line_bounds(text, start)
    rest = text[a:start] + " " + text[end:b]
    return _han_count(rest) >= 2 and _lm().score(rest) > READS_WELL


def _confirmed_pass(doc, det, code: str, runs: re.Pattern, decode, covered: Spans, label: str):
    """Second pass once a document has confident repairs of one misreading: the short runs left over
    (one or two characters, below what the language model can judge alone) are repaired too when they
    re-decode strictly into common Chinese characters and punctuation and read better than before, and
    are not a piece of the good text around them (_part_of_good_text). The document-level evidence is
    what makes a short run safe to touch."""
    lm = _lm()
    common = common_chars()
    text = doc.text
    for m in runs.finditer(text):
        start, end = m.start(), m.end()
        if covered.overlaps(start, end):
            continue
        cand = decode(m.group(0), text[start - 1] if start else "")
        if not cand or cand == m.group(0) or _IMPLAUSIBLE.search(cand):
            continue
        # ASCII may come from a trail byte the misreading swallowed ("浣哅" is 但M), Latin-1 signs from
        # a two-byte sequence ("拢" is £).
        if not _plausible(cand, allow_one=True) or not all(c in common or HAN_RE.match(c) or CJK_PUNCT_RE.match(c)
                                           or "\x20" <= c <= "\x7e" or "\u00a2" <= c <= "\u00bf"
                                           or c in PINYIN_LETTERS and _in_latin_word(text, start, end)
                                           for c in cand):
            continue
        before = lm.score(m.group(0)) if _han_count(m.group(0)) else lm.floor
        after = lm.score(cand) if _han_count(cand) else 0.0
        # Last, as it reads the whole line: only for the runs that would be repaired.
        if after <= before or _part_of_good_text(text, m.group(0), start, end, covered):
            continue
        covered.append((start, end))
        yield det.finding(doc, code, start, end, cand,
                          f"{label} (short run, confirmed by other repairs in this document): "
                          f"{m.group(0)[:12]!r} -> {cand[:12]!r}", confidence=0.8)


# --- Big5 <-> GBK --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def common_chars_sorted() -> str:
    """The common characters of rules/mojibake/common_chars.txt, sorted, as one string; memoised in the
    user cache (reading, de-duplicating and sorting 7,800 characters costs ~4 ms of a one-file scan)."""
    from cleancn.diskcache import derived

    path = packaged_dir("rules") / "mojibake" / "common_chars.txt"

    def build():
        body = "".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#"))
        return "".join(sorted(set(body)))

    return derived("common-chars", path, build)


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    return frozenset(common_chars_sorted())


@lru_cache(maxsize=1)
def uncommon_runs() -> re.Pattern:
    """Three or more uncommon characters (not common Han, ASCII, space or punctuation), each at most one
    common character from the next: a Big5/GBK misreading yields a mix ("笢弊衄"), not only rare ones.
    Its compiled code is kept between runs by compiled_re."""
    common = re.escape(common_chars_sorted())
    unc = f"[^{common}\\x00-\\x7f\\s\\u3000-\\u303f\\uff00-\\uffef\\u2010-\\u206f]"
    return compiled_re.compile(f"{unc}(?:[{common}]?{unc}){{2,}}")

# GBK's full-width comma, full stop, enumeration comma and colon read as Big5 become Bopomofo and small
# brackets (，-> ㄛ, 。-> ﹝, 、-> ﹜, ：-> ㄩ): after Chinese characters they sign a GBK-as-Big5 run even
# when its characters happen to be common ones.
GBK_PUNCT_AS_BIG5 = "ㄛ﹝﹜ㄩ"
# Written to open with the punctuation and look back at the two characters before it: the run before it
# is the check's to find (_run_around). "[^\x00-\x7f\s]{2,}[ㄛ…]" was tried from every character of a
# paragraph and ran it to its end each time: 1.2 s for four matches on a 5 MB page.
GBK_PUNCT_AS_BIG5_RE = lazy_re(f"[{GBK_PUNCT_AS_BIG5}](?<=[^\\x00-\\x7f\\s]{{2}}[{GBK_PUNCT_AS_BIG5}])")


def check_big5_gbk(doc, det, covered: Spans):
    text = doc.text
    labels: list[str] = []
    screens = [uncommon_runs().finditer(text)]
    if any(c in text for c in GBK_PUNCT_AS_BIG5):
        screens.append(GBK_PUNCT_AS_BIG5_RE.finditer(text))
    runs = _Runs(text)
    seen: set[int] = set()
    for m in chain(*screens):
        start, end = runs.around(m.start())
        if start in seen or covered.overlaps(start, end):
            continue
        seen.add(start)
        run = text[start:end].rstrip("?")
        end = start + len(run)
        best = _big5_gbk_reading(run)
        if best:
            # Good text before or after the garble, read with it, would become garble ("消息：" -> "秏洘ㄩ"):
            # the run between its good edges is read again, and failing that, its pieces alone.
            lo, hi = good_edges(run, *BIG5_GBK_CODECS[best[2]])
            if (lo, hi) != (0, len(run)):
                start, end, run = start + lo, start + hi, run[lo:hi]
                best = _big5_gbk_reading(run)
        pieces = [(start, end, run, best)] if best else []
        if not best:
            # The run may hold good text before or after the garble ("消息：" then GBK read as Big5): the
            # pieces between real full-width punctuation, which neither misreading produces, are tried alone.
            # A piece has less context than a run, and classical text is full of rare characters the
            # model scores low (瑟兮僩兮), so its reading must be made only of common characters, four or more.
            # The piece itself must look like such garble: two or more Han characters and no run of kana
            # (Japanese in parentheses, "（とうきょう）", is not Big5 read as GBK).
            common = common_chars()
            for p in BETWEEN_PUNCT.finditer(run):
                if _han_count(p.group()) < 2 or _KANA_RUN.search(p.group()):
                    continue
                b = _big5_gbk_reading(p.group())
                if b and len(b[1]) >= 4 and all(c in common or CJK_PUNCT_RE.match(c) for c in b[1]):
                    pieces.append((start + p.start(), start + p.end(), p.group(), b))
        for s0, e0, piece, (gain, cand, label) in pieces:
            covered.append((s0, e0))
            labels.append(label)
            yield det.finding(doc, "MOJ106", s0, e0, cand, f"{label}: {piece[:12]!r} -> {cand[:12]!r}",
                              confidence=_gain_confidence(gain))
    if labels:
        label = max(set(labels), key=labels.count)
        src, dst = ("gb18030", "big5") if label == "Big5 read as GBK" else ("big5", "gbk")
        yield from _confirmed_pass(doc, det, "MOJ106", NON_ASCII_RUN, lambda r, _: _recode(r, src, dst), covered, label)


BETWEEN_PUNCT = lazy_re("[^，。：；！？、“”‘’（）《》]+")
# The codec that misread the bytes and the one they were written in, by a repair's label.
BIG5_GBK_CODECS = {"Big5 read as GBK": ("gb18030", "big5"), "GBK read as Big5": ("big5", "gbk")}


def good_edges(run: str, src: str, dst: str) -> tuple[int, int]:
    """(lo, hi): ``run`` without its good edges, the pieces before its first and after its last real
    full-width punctuation mark that are good text: no U+FFFD, only common Han (and ASCII letters or
    digits; garble has kana and Bopomofo), and no better when read as ``dst`` bytes that ``src`` decoded.
    A misreading spans a whole stretch between line breaks or spaces, so a run can begin with a
    field's label ("消息：") or end with a sentence the page wrote itself."""
    pieces = [m.span() for m in BETWEEN_PUNCT.finditer(run)]
    lo, hi = 0, len(run)
    i, j = 0, len(pieces) - 1
    while i < j and _good_piece(run[pieces[i][0]:pieces[i][1]], src, dst):
        i += 1
        lo = pieces[i][0]
    while j > i and _good_piece(run[pieces[j][0]:pieces[j][1]], src, dst):
        j -= 1
        hi = pieces[j][1]
    return lo, hi


def _good_piece(piece: str, src: str, dst: str) -> bool:
    if "\ufffd" in piece or not _han_count(piece):
        return False
    common = common_chars()
    if not all(c in common or c.isascii() and c.isalnum() for c in piece):
        return False
    cand = _recode(piece, src, dst)
    return cand is None or _judge(piece, cand) is None
_KANA_RUN = lazy_re("[\u3041-\u30ff]{2}")


def _big5_gbk_reading(run: str):
    """(gain, repaired, label) for the better of the two readings of ``run`` when it is a clear
    improvement, else None."""
    best = None
    for src, dst, label in (("gb18030", "big5", "Big5 read as GBK"), ("big5", "gbk", "GBK read as Big5")):
        try:
            cand = run.encode(src).decode(dst)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        gain = _judge(run, cand)
        if gain is not None and (best is None or gain > best[0]):
            best = (gain, cand, label)
    return best


def _recode(run: str, src: str, dst: str) -> str | None:
    try:
        return run.encode(src).decode(dst)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


__all__ = ["check_utf8_as_gbk", "check_utf8_as_latin1", "check_gbk_as_latin1", "check_big5_gbk",
           "common_chars", "uncommon_runs", "HAN_CLASS"]
