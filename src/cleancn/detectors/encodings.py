"""Re-decoding repairs: MOJ103/104 UTF-8 read as GBK (lossless / lossy), MOJ105 GBK read as
Latin-1/cp1252, MOJ106 Big5<->GBK, MOJ107 UTF-8 read as Latin-1 (delegated to ftfy).

Each family is screened at regex speed over the whole text; only screened runs are re-encoded and
judged by the character language model (``charlm``): a repair is made only when the re-decoded run
reads as much more natural Chinese than the original.
"""
from __future__ import annotations

import difflib
import math
import re
from functools import lru_cache

from cleancn.rules import packaged_dir
from cleancn.text import HAN_CLASS, HAN_RE

# A repaired run must gain this much mean log-probability per Han character, and end up above FLOOR.
MIN_GAIN = 2.5
FLOOR = -10.0
HOLE = 0x00  # stands for a byte lost to "?" or U+FFFD

# --- UTF-8 read as GBK/GB18030 -------------------------------------------------------------------

# Two or more UTF-8 3-byte sequences in a row inside the GB18030 re-encoding: the screen.
UTF8_SCREEN = re.compile(rb"(?:[\xe2-\xef][\x80-\xbf][\x80-\xbf]){2,}")
# A stretch that re-decodes as UTF-8, allowing lost bytes (HOLE) and ASCII swallowed as GBK trail bytes.
_C = rb"[\x80-\xbf\x00]"
UTF8_SEGMENT = re.compile(rb"(?:[\xe0-\xef\x00]" + _C + _C + rb"|[\xc2-\xdf]" + _C + rb"|[\xf0-\xf4]" + _C * 3
                          + rb"|[\x40-\x7e])+")
# Runs of characters that a GBK misreading can produce (anything but ASCII controls/space).
NON_ASCII_RUN = re.compile(r"(?:[^\x00-\x7f\s]|\?)+")


def _lm():
    from cleancn.charlm import model

    return model()


def _han_count(s: str) -> int:
    return len(HAN_RE.findall(s))


def _char_index_of_byte(text: str, data: bytes, byte_pos: int, cache: list) -> int:
    """Index of the character whose GB18030 bytes contain ``byte_pos`` (incremental; positions rise)."""
    b0, c0 = cache
    # Walk characters from the last known boundary; each character's length is its own encoding.
    while c0 < len(text):
        n = len(text[c0].encode("gb18030"))
        if b0 + n > byte_pos:
            break
        b0 += n
        c0 += 1
    cache[0], cache[1] = b0, c0
    return c0


def _run_around(text: str, index: int) -> tuple[int, int]:
    """The maximal NON_ASCII_RUN containing ``index``."""
    s = index
    while s > 0 and (ord(text[s - 1]) > 0x7F and not text[s - 1].isspace() or text[s - 1] == "?"):
        s -= 1
    e = index
    while e < len(text) and (ord(text[e]) > 0x7F and not text[e].isspace() or text[e] == "?"):
        e += 1
    return s, e


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


def _decode_with_holes(data: bytes):
    """UTF-8 decode where HOLE bytes are unknown: returns (text, confidence) or None.

    Each character with one lost byte gets every byte that makes it valid; a Viterbi pass over the
    character bigram model picks the most natural sequence. Two lost bytes in one character: give up.
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
        if n == 0 or i + n > len(data):
            return None
        chunk = data[i:i + n]
        holes = [k for k in range(n) if chunk[k] == HOLE]
        if len(holes) > 1:
            return None
        if not holes:
            try:
                slots.append([chunk.decode("utf-8")])
            except UnicodeDecodeError:
                return None
        else:
            k = holes[0]
            options = range(0xE0, 0xF0) if k == 0 else range(0x80, 0xC0)
            cands = []
            following = data[i + k + 1] if i + k + 1 < len(data) else None
            for v in options:
                if not _gbk_rejects(v, following):
                    continue
                trial = chunk[:k] + bytes([v]) + chunk[k + 1:]
                try:
                    ch = trial.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if HAN_RE.match(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
                    cands.append(ch)
            if not cands:
                return None
            slots.append(cands)
        i += n
    # Viterbi over slots with the bigram model.
    best = {c: (lm.unigram(c) if HAN_RE.match(c) else COMMON_PUNCT.get(c, -16.0), c) for c in slots[0]}
    confidence = 1.0
    for options in slots[1:]:
        nxt = {}
        for c in options:
            scored = [(s + _step(lm, path[-1], c), path) for s, path in best.values()]
            s, path = max(scored)
            nxt[c] = (s, path + c)
        if len(options) > 1:
            scores = sorted((v[0] for v in nxt.values()), reverse=True)
            z = sum(math.exp(s - scores[0]) for s in scores)
            confidence = min(confidence, 1.0 / z)
        best = nxt
    score, path = max(best.values())
    return path, confidence


# Punctuation a lost byte may have belonged to, with a rough log-probability; any other symbol is unlikely.
COMMON_PUNCT = {"，": -3.0, "。": -3.5, "、": -5.0, "“": -5.5, "”": -5.5, "：": -6.0, "；": -6.5, "？": -6.5,
                "！": -7.0, "（": -7.0, "）": -7.0, "《": -7.0, "》": -7.0, "…": -8.0, "·": -8.0, "—": -8.0,
                "【": -8.5, "】": -8.5, "‘": -8.5, "’": -8.5}


def _gbk_rejects(lost: int, following: int | None) -> bool:
    """Would a GBK decoder have dropped byte ``lost`` when followed by ``following``? Only such bytes
    can be the ones a "?" or U+FFFD stands for."""
    if following is None or following == HOLE:
        return True
    try:
        bytes([lost, following]).decode("gbk")
        return False
    except UnicodeDecodeError:
        return True


def _step(lm, prev: str, c: str) -> float:
    if not HAN_RE.match(c):
        return COMMON_PUNCT.get(c, -16.0)
    return lm.pair(prev, c) if HAN_RE.match(prev) else lm.unigram(c)


def _judge(original: str, candidate: str) -> float | None:
    """The LM gain of ``candidate`` over ``original`` when it is a clear improvement, else None."""
    if _han_count(candidate) < 2:
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


def check_utf8_as_gbk(doc, det, covered: list):
    text = doc.text
    data = text.translate({0xFFFD: 0}).encode("gb18030", errors="replace")
    screen = list(UTF8_SCREEN.finditer(data))
    if not screen:
        return
    cache = [0, 0]
    seen_runs = set()
    for m in screen:
        idx = _char_index_of_byte(text.translate({0xFFFD: 0}), data, m.start(), cache)
        run_start, run_end = _run_around(text, min(idx, len(text) - 1))
        if (run_start, run_end) in seen_runs:
            continue
        seen_runs.add((run_start, run_end))
        yield from _repair_run(doc, det, run_start, run_end, covered)


def _repair_run(doc, det, run_start: int, run_end: int, covered: list):
    run = doc.text[run_start:run_end]
    data, starts = _run_bytes(run)
    boundary = {b: i for i, b in enumerate(starts)}
    for seg in UTF8_SEGMENT.finditer(data):
        bs, be = seg.start(), seg.end()
        while bs < be and bs not in boundary:
            bs += 1
        while be > bs and be not in boundary:
            be -= 1
        if be - bs < 6:
            continue
        cs, ce = boundary[bs], boundary[be]
        # Trim "?" at the edges: a real question mark next to a garbled run is not a lost byte.
        while cs < ce and run[cs] == "?":
            cs += 1
            bs = starts[cs]
        original = run[cs:ce]
        chunk = data[bs:be]
        lossy = HOLE in chunk
        if lossy:
            decoded = _decode_with_holes(chunk)
            if decoded is None:
                continue
            candidate, confidence = decoded
        else:
            try:
                candidate = chunk.decode("utf-8")
            except UnicodeDecodeError:
                continue
            confidence = None
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
# Two or more Latin-1 letters/symbols in a row (GB2312 bytes are all 0xA1-0xFE), possibly with
# ASCII trail bytes of GBK extension characters in between.
LATIN_RUN = re.compile(f"[\u00a1-\u00ff](?:[\u0080-\u00ff{CP1252_HIGH}]|[\x40-\x7e](?=[\u0080-\u00ff]))+")


def _latin_bytes(run: str) -> bytes | None:
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


def _ftfy_config():
    import ftfy

    # Chinese-safe: never fold full-width punctuation or uncurl quotes (ftfy's defaults do both).
    return ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                remove_control_chars=False, normalization=None, explain=False)


FTFY_SCREEN = re.compile(f"[\u00c0-\u00ff][\u0080-\u00bf{CP1252_HIGH}]")


def check_utf8_as_latin1(doc, det, covered: list):
    """ftfy's family: fix only the lines its own screen finds bad, and report the changed spans."""
    text = doc.text
    if not FTFY_SCREEN.search(text):
        return
    import ftfy
    from ftfy.badness import is_bad

    from cleancn.text import lines

    config = _ftfy_config()
    for line in lines(doc):
        if not FTFY_SCREEN.search(line.text) or not is_bad(line.text):
            continue
        fixed = ftfy.fix_text(line.text, config)
        if fixed == line.text:
            continue
        ops = difflib.SequenceMatcher(None, line.text, fixed, autojunk=False).get_opcodes()
        for tag, a0, a1, b0, b1 in _merge_ops(ops):
            start, end = line.start + a0, line.start + a1
            if any(a < end and start < b for a, b in covered):
                continue
            covered.append((start, end))
            yield det.finding(doc, "MOJ107", start, end, fixed[b0:b1],
                              f"UTF-8 read as Latin-1/cp1252: {line.text[a0:a1][:16]!r} -> {fixed[b0:b1][:16]!r}")


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


def check_gbk_as_latin1(doc, det, covered: list):
    text = doc.text
    for m in LATIN_RUN.finditer(text):
        start, end = m.start(), m.end()
        if any(a < end and start < b for a, b in covered):
            continue
        raw = _latin_bytes(m.group(0))
        if raw is None:
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
            # The decoded prefix covers whole source characters only if its bytes end on one.
            consumed, n = 0, 0
            for ch in m.group(0):
                step = len(_latin_bytes(ch))
                if consumed + step > cut:
                    break
                consumed += step
                n += 1
            if consumed != cut:
                continue
            gain = _judge(m.group(0)[:n], cand)
            if gain is not None and (best is None or gain > best[0]):
                best = (gain, cand, n, label)
        if best:
            gain, cand, n, label = best
            covered.append((start, start + n))
            yield det.finding(doc, "MOJ105", start, start + n, cand,
                              f"{label} read as Latin-1/cp1252: {m.group(0)[:n][:12]!r} -> {cand[:12]!r}",
                              confidence=_gain_confidence(gain))


# --- Big5 <-> GBK --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    path = packaged_dir("rules") / "mojibake" / "common_chars.txt"
    body = "".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#"))
    return frozenset(body)


@lru_cache(maxsize=1)
def uncommon_run_re() -> re.Pattern:
    """Three or more characters in a row that are neither common Han, ASCII, space nor punctuation."""
    common = "".join(sorted(common_chars()))
    cls = re.escape(common)
    return re.compile(f"[^{cls}\\x00-\\x7f\\s\u3000-\u303f\uff00-\uffef\u2010-\u206f]{{3,}}")


def check_big5_gbk(doc, det, covered: list):
    text = doc.text
    for m in uncommon_run_re().finditer(text):
        start, end = _run_around(text, m.start())
        if any(a < end and start < b for a, b in covered):
            continue
        run = text[start:end].rstrip("?")
        end = start + len(run)
        best = None
        for src, dst, label in (("gbk", "big5", "Big5 read as GBK"), ("big5", "gbk", "GBK read as Big5")):
            try:
                cand = run.encode(src).decode(dst)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            gain = _judge(run, cand)
            if gain is not None and (best is None or gain > best[0]):
                best = (gain, cand, label)
        if best:
            gain, cand, label = best
            covered.append((start, end))
            yield det.finding(doc, "MOJ106", start, end, cand, f"{label}: {run[:12]!r} -> {cand[:12]!r}",
                              confidence=_gain_confidence(gain))


__all__ = ["check_utf8_as_gbk", "check_utf8_as_latin1", "check_gbk_as_latin1", "check_big5_gbk",
           "common_chars", "uncommon_run_re", "HAN_CLASS"]
