"""MOJ106 with lost bytes: Big5 read as GBK, or GBK as Big5, by a decoder that wrote U+FFFD where it
met a pair it has no character for.

Such a decoder (Python's codecs with errors="replace", and those built the same way) replaces the lead
byte of a pair it rejects and reads on from the next byte: the trail byte is then read alone, as ASCII
when it is one ("�|" for Big5's 四, A5 7C, read as GBK), or as the lead of the next pair. Every other
byte survives in the text: encoding the text back with the codec that misread it gives the bytes again,
with one unknown byte for each U+FFFD. Nearly every real page has some (about one character in three of
a traditional sentence read as GBK falls in a cell GBK leaves undefined), so a repair that needs whole
bytes, check_big5_gbk's, almost never applies to a whole page.

The unknown byte is chosen as the UTF-8-as-GBK repair chooses its lost bytes: each common character
that a byte the decoder would have rejected there completes is a candidate, and a Viterbi pass over
the character model picks the most natural reading. It is kept only when it is much more natural than
the garble (encodings._judge). A decoder that writes one U+FFFD for a whole pair, or drops bytes without
a mark, leaves a stream this cannot realign: such runs stay flagged (MOJ108).
"""
from __future__ import annotations

import math
from functools import lru_cache

# The pieces between real full-width punctuation, which neither misreading produces (a
# run's good text stops there); the strict check cuts its runs with it too.
from cleancn.detectors.encodings import BETWEEN_PUNCT, decoder_rejects, good_edges
from cleancn.spans import Spans
from cleancn.text import SENTENCE_END, lazy_re

HOLE = 0x00  # a byte lost to U+FFFD (a garbled run holds no NUL)
# The codec that misread the bytes, the one they were written in, and the finding's label.
READINGS = (("gbk", "big5", "Big5 read as GBK"), ("big5", "gbk", "GBK read as Big5"))
CODECS = {label: (src, dst) for src, dst, label in READINGS}
MAX_CANDIDATES = 40  # characters tried for one lost byte, the most frequent first
MAX_CANDIDATES_BOTH = 400  # and for a character that lost both bytes
BEAM = 12  # readings kept at each byte position
UNREAD = "\ufffd"  # a lost byte no candidate fits, left as it was
UNREAD_COST = -25.0  # below any character's log-probability
LINE_END_BONUS = 2.0  # for a reading that ends a line with a sentence-final mark
PUNCT_COST = -1.2  # log(0.3): what a character pays after a word boundary (charlm's _LAMBDA)
# Latin text in Chinese prose mostly stands in brackets ("公司（the A…", "stors）的"): a lost character that
# can be an opening bracket before an ASCII letter, or a closing one after one,
# gets this bonus; the character model alone preferred the 也 and 回 that share their trail bytes.
BRACKET_BONUS = 3.0
_OPENING, _CLOSING = frozenset("（「『《【"), frozenset("）」』》】")
MAX_LOST_SHARE = 1 / 3  # of a run's bytes: more is not a misreading with some losses but noise
MIN_KNOWN_HAN = 4  # characters of the garble that survived whole, the evidence a misreading happened
# Characters of garble one document may have read this way: the Viterbi pass costs 25-80 us a
# character in Python, and a page-long line of garble must not hold a batch run for minutes.
MAX_READ_CHARS = 100_000
BEST_READING_SCORE = -4.0  # the character model's mean score of the most fluent text (-4.4 measured)

# A run a lossy misreading leaves: non-ASCII characters, and single ASCII letters and symbols a trail
# byte read alone becomes (0x40-0x7E: half of Big5's trail bytes), after a U+FFFD (its lead was lost) or
# a character (the decoder's pairs had slipped by a byte: "苇p" in 地區's place, "�郾q2004" for 自從2004).
# The model decides whether such a letter was a trail byte or a letter.
LOSSY_RUN = lazy_re("(?:[^\\x00-\\x7f\\s]|(?<=[^\\x00-\\x7f\\s])[\\x40-\\x7e])+")


@lru_cache(maxsize=2)
def _table(dst: str) -> tuple[dict, dict, dict[str, str]]:
    """The common characters and punctuation written in ``dst``, most frequent first: by lead byte
    (trail, char; under None, both bytes as one number), by trail byte (lead, char), and each one's
    simplified form for the model."""
    from cleancn.detectors.encodings import _lm, common_chars_sorted
    from cleancn.text import opencc_converter

    lm = _lm()
    # Punctuation first, so that MAX_CANDIDATES never cuts it off a byte's list (（ shares its trail byte
    # with 也 and some sixty others); the characters sorted from the sorted list, so that ties (two
    # readings that score alike) fall the same way in every process.
    chars = list(_punct()) + sorted(common_chars_sorted(), key=lambda c: -lm.unigram_any(c))
    simple = opencc_converter("t2s.json").convert("\n".join(chars)).split("\n")
    as_simple = {c: s if len(s) == 1 else c for c, s in zip(chars, simple)}
    by_lead: dict[int | None, list[tuple[int, str]]] = {None: []}  # None: (both bytes, char)
    by_trail: dict[int, list[tuple[int, str]]] = {}
    for c in chars:
        try:
            raw = c.encode(dst)
        except UnicodeEncodeError:
            continue
        if len(raw) == 2:
            by_lead[None].append((raw[0] << 8 | raw[1], c))
            by_lead.setdefault(raw[0], []).append((raw[1], c))
            by_trail.setdefault(raw[1], []).append((raw[0], c))
    return by_lead, by_trail, as_simple


def _pair_chars(src: str, dst: str, data: bytes, p: int) -> list[str]:
    """The characters ``dst`` bytes p and p+1 can be: the one they spell, or, where one is lost, the
    common characters that a byte ``src`` would have rejected there completes."""
    return _pair_chars_of(src, dst, data[p], data[p + 1], data[p + 2] if p + 2 < len(data) else None)


@lru_cache(maxsize=65536)  # a page repeats its characters; a pair that lost both bytes tries 7,800
def _pair_chars_of(src: str, dst: str, lead: int, trail: int, following: int | None) -> list[str]:
    by_lead, by_trail, _ = _table(dst)
    if lead != HOLE and trail != HOLE:
        if lead < 0x81:
            return []
        try:
            return [bytes([lead, trail]).decode(dst)]
        except UnicodeDecodeError:
            return []
    out = []
    if lead == HOLE and trail == HOLE:
        # Both bytes lost: the decoder rejected the lead with its trail, then the trail with what follows.
        for value, c in by_lead[None]:
            if decoder_rejects(src, value >> 8, value & 0xFF) and decoder_rejects(src, value & 0xFF, following):
                out.append(c)
                if len(out) == MAX_CANDIDATES_BOTH:
                    break
    elif lead == HOLE:
        for value, c in by_trail.get(trail, ()):
            if decoder_rejects(src, value, trail):
                out.append(c)
                if len(out) == MAX_CANDIDATES:
                    break
    else:
        for value, c in by_lead.get(lead, ()):
            if decoder_rejects(src, value, following):
                out.append(c)
                if len(out) == MAX_CANDIDATES:
                    break
    return out


def lossy_reading(run: str, src: str, dst: str, before: str = "", max_lost_share: float = MAX_LOST_SHARE,
                  at_line_end: bool = False, after: str = "") -> tuple[str, float, int] | None:
    """(reading, confidence, bytes left unread) of ``run`` as ``dst`` bytes that ``src`` decoded, each
    U+FFFD one lost byte; None when the bytes cannot be read so. A lost byte no common character fits
    (a rare name, a stream that slipped) stays U+FFFD in the reading, at a cost no character pays."""
    from cleancn.detectors.encodings import HAN_RE

    data = _bytes_with_holes(run, src)
    if data is None:
        return None
    n = len(data)
    lost = data.count(HOLE)
    if not lost or lost > max_lost_share * n:
        return None
    simple = _table(dst)[2]
    start = before if before and HAN_RE.match(before) else ""
    latin_before, latin_after = _latin(before), _latin(after)  # the text around the run, for BRACKET_BONUS
    # best[p]: the best readings of data[:p], by their last character: (score, path, simplified last),
    # a path being (character, path before it) or None, so extending one costs the same at any length.
    best: list[dict[str, tuple[float, tuple | None, str]]] = [{} for _ in range(n + 1)]
    best[0][""] = (0.0, None, simple.get(start, start))
    confidence = 1.0
    for p in range(n):
        states = best[p]
        if not states:
            continue
        best[p] = {}  # read once: let the page's readings go as the pass moves on
        if len(states) > BEAM:
            states = dict(sorted(states.items(), key=lambda kv: -kv[1][0])[:BEAM])
        edges = []
        if data[p] < 0x80 and data[p] != HOLE:
            edges.append((p + 1, [chr(data[p])]))
        if p + 1 < n:
            cands = _pair_chars(src, dst, data, p)
            if cands:
                edges.append((p + 2, cands))
        if data[p] == HOLE:
            edges.append((p + 1, [UNREAD]))
        for q, cands in edges:
            target = best[q]
            scores = []
            latin_next = _latin(chr(data[q])) if q < n else latin_after
            for c in cands:
                if c == UNREAD:
                    score, path = max(((sc + UNREAD_COST, path) for sc, path, _ in states.values()),
                                      key=lambda x: x[0])
                    s = ""
                elif c in _CLOSING:
                    s = simple.get(c, c)
                    score, path = max(((sc + _cost(last, s) + (BRACKET_BONUS if _latin(last) or not p and latin_before
                                                               else 0.0), path)
                                       for sc, path, last in states.values()), key=lambda x: x[0])
                else:
                    s = simple.get(c, c)
                    bonus = BRACKET_BONUS if latin_next and c in _OPENING else 0.0
                    score, path = max(((sc + _cost(last, s) + bonus, path) for sc, path, last in states.values()),
                                      key=lambda x: x[0])
                scores.append(score)
                if c not in target or score > target[c][0]:
                    target[c] = (score, (c, path), s)
            if len(cands) > 1:
                top = max(scores)
                confidence = min(confidence, 1.0 / sum(math.exp(x - top) for x in scores))
    if not best[n]:
        return None
    # A line of prose ends with a full stop, not a character: scored as the move to the line's end.
    ends = {c: v[0] + (LINE_END_BONUS if at_line_end and c in SENTENCE_END else 0.0) for c, v in best[n].items()}
    path = best[n][max(ends, key=ends.get)][1]
    chars = []
    while path is not None:
        chars.append(path[0])
        path = path[1]
    reading = "".join(reversed(chars))
    return reading, confidence, reading.count(UNREAD)


# A UTF-8 sequence, lost bytes (HOLE) standing for any of its bytes.
_UTF8_SEQUENCE = lazy_re(rb"(?:[\xc2-\xdf][\x80-\xbf\x00]|[\xe0-\xef\x00][\x80-\xbf\x00]{2}|[\xf0-\xf4][\x80-\xbf\x00]{3})")
MAX_UTF8_SHARE = 0.9
MIN_UTF8_TEST = 6  # non-ASCII bytes, fewer tell nothing


def _latin(c: str) -> bool:
    """An ASCII letter (of a Latin word)? Not a digit: a sentence opens with a year ("。1977年")."""
    return c.isascii() and c.isalpha()


def _bytes_with_holes(run: str, src: str) -> bytes | None:
    """The bytes ``src`` decoded into ``run``, HOLE for each U+FFFD; None if a character has no ``src`` code."""
    data = bytearray()
    for ch in run:
        if ch == "\ufffd":
            data.append(HOLE)
            continue
        try:
            data += ch.encode(src)
        except UnicodeEncodeError:
            return None
    return bytes(data)


def _utf8_run(run: str) -> bool:
    """Is ``run`` UTF-8 read by a Big5 or GBK decoder (its bytes under either are UTF-8-shaped)?"""
    return any(data is not None and _utf8_shaped(data) for data in (_bytes_with_holes(run, src) for src, _, _ in READINGS))


def _utf8_shaped(data: bytes) -> bool:
    """Are the bytes UTF-8 (with some lost)? Then the run is UTF-8 read as Big5 or GBK, and reading it as
    the other double-byte code only makes new garble ("撟�" -> "骞�"). Measured on 300 UD sentences each:
    Big5 and GBK text, whole or with lost bytes, has at most 77% of its non-ASCII bytes in UTF-8-shaped
    sequences (median 25-37%); UTF-8 read as Big5 or cp950 has 94-100%."""
    high = len(data.translate(None, bytes(range(1, 0x80))))  # the non-ASCII bytes and HOLEs
    if high < MIN_UTF8_TEST:
        return False
    return sum(m.end() - m.start() for m in _UTF8_SEQUENCE.finditer(data)) >= MAX_UTF8_SHARE * high


def _strict(run: str, src: str, dst: str) -> tuple[str, float, int] | None:
    try:
        return run.encode(src).decode(dst), 1.0, 0
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


@lru_cache(maxsize=1)
def _punct() -> dict[str, float]:
    """Punctuation a lost byte may have belonged to, with its cost: the UTF-8 repair's rough
    log-probabilities, Big5's corner brackets (Taiwan and Hong Kong quote with 「」), and PUNCT_COST:
    the character model's pairs are pairs inside words, so a character after a word boundary pays for
    it, and a punctuation mark, after which the next character starts afresh, must pay as much."""
    from cleancn.detectors.encodings import COMMON_PUNCT

    marks = {**COMMON_PUNCT, "「": -6.0, "」": -6.0, "『": -8.5, "』": -8.5}
    return {c: v + PUNCT_COST for c, v in marks.items()}


@lru_cache(maxsize=1 << 18)  # the Viterbi asks the same pairs again and again
def _cost(last: str, c: str) -> float:
    """Log-probability of ``c`` after ``last`` (simplified forms; "" at the start or after a mark)."""
    from cleancn.detectors.encodings import HAN_RE, _lm

    if not HAN_RE.match(c):
        return _punct().get(c, -16.0)
    return _lm().pair(last, c) if last and HAN_RE.match(last) else _lm().unigram(c)


def best_lossy_reading(run: str, before: str = "", confirmed: str | None = None, at_line_end: bool = False,
                       after: str = ""):
    """(gain, reading, label, confidence, end) of the better of the two lossy readings of ``run``, or
    of the run without its last one or two characters (it may stop inside a pair whose trail byte was
    read as the ASCII after it), when it is a clear improvement; else None. ``end``: the length of
    ``run`` read. ``confirmed``: the label of repairs already made in the document, which a short run
    needs (one or two characters carry too little for the model to judge alone)."""
    from cleancn.detectors.encodings import _han_count, _judge, _lm, _plausible

    if confirmed is None and (_han_count(run) < MIN_KNOWN_HAN or _reads_well(run)):
        return None
    best = None
    for src, dst, label in READINGS:
        if confirmed is not None and label != confirmed:
            continue
        found, end = None, len(run)
        if "\ufffd" not in run:
            # A short run read whole (7る1ら for 7月1日), in the second look only (which leaves good
            # text alone: encodings._part_of_good_text).
            if confirmed is not None:
                found = _strict(run, src, dst)
        else:
            for end in range(len(run), max(0, len(run) - 3), -1):
                found = lossy_reading(run[:end], src, dst, before, 0.5 if confirmed else MAX_LOST_SHARE,
                                      at_line_end and end == len(run), run[end:end + 1] or after)
                if found is not None:
                    break
        if found is None:
            continue
        reading, confidence, unread = found
        if unread > max(1, run.count("\ufffd") // 4):
            continue
        original, known = run[:end].replace("\ufffd", ""), reading.replace(UNREAD, "")
        if confirmed is None:
            gain = _judge(original, known)
        else:
            lm = _lm()
            gain = lm.score(known) - (lm.score(original) if _han_count(original) else lm.floor)
            if not (gain > 0 and _han_count(known) and _plausible(known, allow_one=True)):
                gain = None
        if gain is not None and (best is None or gain > best[0]):
            best = (gain, reading, label, confidence, end)
    return best


def check_big5_gbk_lossy(doc, det, covered: Spans):
    text = doc.text
    if "\ufffd" not in text:
        return
    missed = False  # runs not repaired, for a second look once the document has repairs
    labels: list[str] = []
    utf8_runs = set()
    budget = MAX_READ_CHARS
    for m in LOSSY_RUN.finditer(text):
        if "\ufffd" not in m.group() or covered.overlaps(*m.span()):
            continue
        if _utf8_run(m.group()):
            utf8_runs.add(m.start())
            continue
        budget -= len(m.group())
        if budget < 0:
            break  # the rest stays flagged (MOJ108)
        start, run = m.start(), m.group()
        found = best_lossy_reading(run, text[start - 1] if start else "", at_line_end=_ends_line(text, m.end()),
                                   after=text[m.end():m.end() + 1])
        if found is not None:
            # Good text read with the garble would become garble ("正文：" -> "淏恅ㄩ"): the run between
            # its good edges is read again, and failing that, its pieces alone (below).
            lo, hi = good_edges(run, *CODECS[found[2]])
            if (lo, hi) != (0, len(run)):
                s0, e0 = start + lo, start + hi
                found = best_lossy_reading(run[lo:hi], text[s0 - 1], at_line_end=_ends_line(text, e0),
                                           after=text[e0:e0 + 1])
                if found is not None:
                    start = s0
        if found is not None:
            pieces = [(start, found)]
        else:
            # Good text before or after the garble ("消息：" then the garble): the pieces between real
            # full-width punctuation, tried alone.
            pieces = []
            for p in BETWEEN_PUNCT.finditer(m.group()):
                if "\ufffd" in p.group():
                    s0 = start + p.start()
                    e0 = s0 + p.end() - p.start()
                    pieces.append((s0, best_lossy_reading(p.group(), text[s0 - 1] if s0 else "",
                                                          at_line_end=_ends_line(text, e0), after=text[e0:e0 + 1])))
        for s0, reading in pieces:
            if reading is None:
                missed = True
                continue
            labels.append(reading[2])
            yield _finding(doc, det, covered, s0, reading)
    if not labels or not missed or budget < 0:
        return
    from cleancn.detectors.encodings import _part_of_good_text

    label = max(set(labels), key=labels.count)
    for m in LOSSY_RUN.finditer(text):
        if m.start() in utf8_runs or covered.overlaps(*m.span()):
            continue
        reading = best_lossy_reading(m.group(), text[m.start() - 1] if m.start() else "", confirmed=label,
                                     at_line_end=_ends_line(text, m.end()), after=text[m.end():m.end() + 1])
        if reading is not None and ("\ufffd" in m.group()
                                    or not _part_of_good_text(text, m.group(), m.start(), m.end(), covered)):
            yield _finding(doc, det, covered, m.start(), reading)


def _reads_well(run: str) -> bool:
    """Does the run already read as well as Chinese text does? Then no reading can gain what
    encodings._judge asks (MIN_GAIN), and the Viterbi passes are skipped: good text with a stray
    U+FFFD (an emoji lost on the way) is common. Measured on 600 UD sentences: clean text scores
    -7.7 to -4.4, Big5/GBK garble a median of -13 to -15."""
    from cleancn.detectors.encodings import MIN_GAIN, _lm

    return _lm().score(run.replace("\ufffd", "")) > BEST_READING_SCORE - MIN_GAIN


def _ends_line(text: str, end: int) -> bool:
    return end == len(text) or text[end] in "\r\n"


def _finding(doc, det, covered: Spans, start: int, reading):
    gain, cand, label, confidence, length = reading
    end = start + length
    piece = doc.text[start:end]
    covered.append((start, end))
    unread = cand.count(UNREAD)
    left = f"; {unread} left unread" if unread else ""
    return det.finding(doc, "MOJ106", start, end, cand,
                       f"{label} with lost bytes: {piece[:12]!r} -> {cand[:12]!r} (lost bytes chosen by "
                       f"the character model, confidence {confidence:.2f}{left})", confidence=round(confidence, 3))
