"""MOJ114 escape sequences left in text: Chinese written as JSON/JavaScript ``\\uXXXX`` escapes, as the
``\\xE5\\xAE\\x9C`` of a bytes object's repr, percent-encoded outside a URL (``%E5%AE%9C``), or as a
mail's quoted-printable body (``=E5=AE=9C``) and MIME header words (``=?UTF-8?B?5a6c5a6+?=``), by a
pipeline that serialised it twice, printed bytes, took a tag's name from its link, or archived a mail
without decoding it.

Only runs that decode to Chinese are touched: escapes of anything else (``\\n``, ``\\u00e9`` alone, a
Windows path's ``\\x64``) are not this damage. On a page about escapes or code (it names them: 转义,
Unicode, 编码, escape, 字符串…), a run is the page's example and is flagged, not decoded.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from cleancn.spans import Spans
from cleancn.text import HAN_RE, lazy_re

# Two or more \uXXXX (or \UXXXXXXXX) escapes in a row; three or more \xXX bytes (one UTF-8 character).
U_RUN = lazy_re(r"(?:\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}){2,}")
X_RUN = lazy_re(r"(?:\\x[0-9a-fA-F]{2}){3,}")
# Once a page has such runs, a lone escape of a CJK character or punctuation between them ("2019\u5e74")
# is the same damage.
U_ANY = lazy_re(r"(?:\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8})+")
# Words that make escapes the page's subject: its runs are examples, not damage.
ABOUT_ESCAPES = lazy_re(r"转义|轉義|unicode|编码|編碼|escape|字符串|字元串|码点|碼點|code ?point|utf-?8|json|python|url|"
                        r"javascript|正则|正則|反斜杠|反斜線|quoted-printable|base64|mime|rfc ?2047", re.I)
# What a decoded run may not hold: controls (but tab and newline), private use, noncharacters.
_UNLIKELY = lazy_re(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff\U000f0000-\U0010ffff]")


def _decode_u(run: str) -> str | None:
    """The characters of a run of \\u escapes, surrogate pairs joined; None if a surrogate is alone."""
    out = []
    i = 0
    while i < len(run):
        width = 10 if run[i + 1] == "U" else 6
        out.append(int(run[i + 2:i + width], 16))
        i += width
    chars = []
    k = 0
    while k < len(out):
        cp = out[k]
        if 0xD800 <= cp <= 0xDBFF and k + 1 < len(out) and 0xDC00 <= out[k + 1] <= 0xDFFF:
            cp = 0x10000 + ((cp - 0xD800) << 10) + (out[k + 1] - 0xDC00)
            k += 1
        elif 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
            return None
        chars.append(chr(cp))
        k += 1
    return "".join(chars)


def _decode_x(run: str) -> str | None:
    try:
        return bytes.fromhex(run.replace("\\x", "")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _chinese(decoded: str) -> bool:
    """Two Han characters at least, and no control or private-use character (the Latin letters, Greek
    and signs of Chinese text are escaped with it: "Dur\u00e1n", "\u03b1射线", "\u00a3125")."""
    return len(HAN_RE.findall(decoded)) >= 2 and not _UNLIKELY.search(decoded)


def _printable(decoded: str) -> bool:
    """A lone escape's character, decoded on a page with runs: anything but ASCII, a control or private use."""
    return bool(decoded) and not decoded.isascii() and not _UNLIKELY.search(decoded)


# Two or more percent-encoded bytes at or above 0x80 in a row, then any more escapes: a UTF-8 or GBK
# character at least. In a URL they are the URL's (RFC 3986 encodes every non-ASCII byte so).
PERCENT_RUN = lazy_re(r"%[89a-fA-F][0-9a-fA-F](?:%[0-9a-fA-F]{2})+")
# What around a run makes it part of a URL: its scheme, path, query or host.
_URL_PART = lazy_re(r"[/?=&#.:@+]")
_TOKEN_EDGE = lazy_re(r"[\s\u3000-\u303f\uff00-\uffef\u2e80-\u9fff\U00020000-\U0003ffff\"'<>()\[\]{}]")


URL_REACH = 300  # characters read on each side of a run: a long token with many runs is read once per run


def _in_url(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` inside a URL: a /, ?, =, &, #, ., :, @ or + in the token around it (the
    characters up to a space, a CJK character or a bracket, URL_REACH at most each side)?"""
    a = _token_start(text, start)
    b, hi = end, min(len(text), end + URL_REACH)
    while b < hi and not _TOKEN_EDGE.match(text[b]):
        b += 1
    return bool(_URL_PART.search(text, a, start) or _URL_PART.search(text, end, b))


def _token_start(text: str, start: int) -> int:
    """Where the token holding ``text[start]`` begins: after a space, a CJK character or a bracket,
    URL_REACH characters back at most."""
    a, lo = start, max(0, start - URL_REACH)
    while a > lo and not _TOKEN_EDGE.match(text[a - 1]):
        a -= 1
    return a


def _decode_percent(run: str) -> str | None:
    return _decode_bytes(bytes.fromhex(run.replace("%", "")))


def _decode_bytes(data: bytes) -> str | None:
    """UTF-8, else GB18030 (an older site's links, an older mail), of the escaped bytes."""
    for codec in ("utf-8", "gb18030"):
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _mostly_common(decoded):
            return decoded
    return None


def _mostly_common(decoded: str) -> bool:
    """A GB18030 reading is believed only when its Han are common characters (bytes of anything else
    read as GB18030 make rare ones)."""
    from cleancn.detectors.encodings import common_chars

    common = common_chars()
    han = HAN_RE.findall(decoded)
    return bool(han) and sum(c in common for c in han) >= 0.9 * len(han)


def check_percent_encoded(doc, det):
    text = doc.text
    if "%" not in text:
        return
    about = None
    for m in PERCENT_RUN.finditer(text):
        decoded = _decode_percent(m.group(0))
        if decoded is None or not _chinese(decoded) or _in_url(text, m.start(), m.end()):
            continue
        shown = f"'{m.group(0)[:24]}{'...' if len(m.group(0)) > 24 else ''}'"
        if about is None:
            about = bool(ABOUT_ESCAPES.search(text))
        if about:  # a page on URL encoding: its example
            yield det.finding(doc, "MOJ114", m.start(), m.end(), None,
                              f"percent-encoding {shown} means '{decoded[:12]}'; not decoded: the page is about "
                              f"escapes or code")
        else:
            yield det.finding(doc, "MOJ114", m.start(), m.end(), decoded,
                              f"percent-encoded text outside a URL: {shown} -> '{decoded[:12]}'")


# Quoted-printable (RFC 2045): two or more =XX bytes, the first at or above 0x80, with the soft line
# breaks ("=" at a line's end) inside and at the edges of the run, as a mail archive shows a body it did
# not decode. A soft break is no text: it goes with the run ("2019=\n=E5=B9=B4" is 2019年).
# Spelled to open with its "=", which the regex engine skips ahead to (an optional group first made it try
# every position: 43 ns a character against 0.5).
QP_RUN = lazy_re(r"=(?:\r?\n=)?[89a-fA-F][0-9a-fA-F](?:(?:=\r?\n)?=[0-9a-fA-F]{2})+(?:=\r?\n)?")
_QP_BYTE = lazy_re(r"=([0-9a-fA-F]{2})")
# MIME encoded-words (RFC 2047) in a row, the whitespace between them part of the encoding, a folded
# header's line breaks too: a mail's subject or sender as its header holds them.
_ENCODED_WORD = r"=\?[A-Za-z0-9_-]+\?[BbQq]\?[^?\s]+\?="
ENCODED_WORDS = lazy_re(_ENCODED_WORD + r"(?:(?:\r?\n)?[ \t]*" + _ENCODED_WORD + ")*")


def _qp_bytes(run: str) -> bytes:
    return bytes.fromhex("".join(_QP_BYTE.findall(run)))


def _decode_qp(run: str) -> str | None:
    return _decode_bytes(_qp_bytes(run))


def _decode_qp_utf8(run: str) -> str | None:
    try:
        return _qp_bytes(run).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_encoded_words(run: str) -> str | None:
    """The header text the words encode, by the standard library's RFC 2047 decoder; None if a word's
    charset is unknown or its bytes do not decode."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(run)))
    except (LookupError, UnicodeDecodeError, ValueError, TypeError):
        return None


def check_mail_encodings(doc, det):
    """Quoted-printable runs and encoded-words (``=`` then hex digits, or ``=?``)."""
    text = doc.text
    if "=" not in text:
        return
    about = None
    words = Spans()  # the encoded-words' spans: a Q word's =XX bytes are the word's
    for pattern, decode, kind in ((ENCODED_WORDS, _decode_encoded_words, "MIME encoded-words"),
                                  (QP_RUN, _decode_qp, "quoted-printable text")):
        if pattern is ENCODED_WORDS:
            runs = [(m, decode(m.group(0))) for m in pattern.finditer(text)]
            for m, _ in runs:
                words.append(m.span())
        else:
            runs = [(m, decode(m.group(0))) for m in pattern.finditer(text) if not words.overlaps(*m.span())]
        # An encoded-word says its charset and encoding, so one character is enough. A bare =XX run
        # needs two Han, or another run on the page that has them (a line's "=E3=80=82" is its 。), and
        # no URL query before it (a query's "=E4…" is the URL's).
        confirmed = pattern is ENCODED_WORDS or any(d and _chinese(d) for _, d in runs)
        decoded_runs: list[tuple[int, int]] = []
        for m, decoded in runs:
            if pattern is QP_RUN and confirmed and decoded and not _chinese(decoded):
                decoded = _decode_qp_utf8(m.group(0))  # a lone one: whole UTF-8 characters only
            if decoded is None or not (_printable(decoded) if confirmed else _chinese(decoded)) \
                    or pattern is QP_RUN and _in_query(text, m.start()):
                continue
            shown = f"'{m.group(0)[:24]}{'...' if len(m.group(0)) > 24 else ''}'"
            if about is None:  # the words' own charset ("=?UTF-8?") does not make the page about encodings
                about = bool(ABOUT_ESCAPES.search(ENCODED_WORDS.sub(" ", text)))
            if about:
                yield det.finding(doc, "MOJ114", m.start(), m.end(), None,
                                  f"{kind} {shown} mean '{decoded[:12]}'; not decoded: the page is about escapes or code")
            else:
                decoded_runs.append(m.span())
                yield det.finding(doc, "MOJ114", m.start(), m.end(), decoded,
                                  f"{kind} left in text: {shown} -> '{decoded[:12]}'")
        if pattern is QP_RUN and decoded_runs:
            yield from _soft_breaks(doc, det, decoded_runs)


_SOFT_BREAK = lazy_re(r"=\r?\n")


def _soft_breaks(doc, det, runs: list[tuple[int, int]]):
    """The soft line breaks left between ASCII characters of a quoted-printable body ("Second=\nary",
    "32=\n3"): those at the end of a line that holds a decoded run, or before one that does."""
    text = doc.text
    starts = [a for a, _ in runs]
    for m in _SOFT_BREAK.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and runs[k][1] > m.start():
            continue  # inside a run, decoded with it
        line_start = text.rfind("\n", 0, m.start()) + 1
        next_end = text.find("\n", m.end())
        next_end = len(text) if next_end == -1 else next_end
        if any(line_start <= a < m.start() or m.end() <= a < next_end for a in starts[max(0, k - 1):k + 2]):
            yield det.finding(doc, "MOJ114", m.start(), m.end(), "",
                              "quoted-printable soft line break left in text (the line goes on)")


def _in_query(text: str, start: int) -> bool:
    """Is the run a URL's query value ("?q=E5…")? A ? or & in the token before it, or a scheme or www.
    (Not percent-encoding's test, a / . : anywhere in the token: a quoted-printable body's runs and the
    ASCII between them are one token, "6.5%=E3=80=82", "19.1=E4=BA=BA/=E5=B9=B3".)"""
    token = text[_token_start(text, start):start]
    return "?" in token or "&" in token or "://" in token or token.lower().startswith("www.")


def check_escapes(doc, det):
    yield from check_percent_encoded(doc, det)
    yield from check_mail_encodings(doc, det)
    text = doc.text
    if "\\" not in text:
        return
    about = None  # looked up once, at the first run
    runs: list[tuple[int, int]] = []
    for pattern, decode, kind, needles in ((U_RUN, _decode_u, "\\u escapes", ("\\u", "\\U")),
                                           (X_RUN, _decode_x, "UTF-8 bytes as \\x escapes", ("\\x",))):
        if not any(n in text for n in needles):
            continue
        for m in pattern.finditer(text):
            decoded = decode(m.group(0))
            if decoded is None or not _chinese(decoded):
                continue
            if about is None:
                about = bool(ABOUT_ESCAPES.search(text))
            start, end = m.span()
            shown = f"'{m.group(0)[:24]}{'...' if end - start > 24 else ''}'"
            if about:
                yield det.finding(doc, "MOJ114", start, end, None,
                                  f"{kind} {shown} mean '{decoded[:12]}'; not decoded: the page is about escapes or code")
                continue
            # A bytes object's repr, b'\xe5…', goes whole: its b and quotes are not the text's.
            if pattern is X_RUN and start >= 2 and text[start - 2:start] in ("b'", 'b"') \
                    and text[end:end + 1] == text[start - 1] \
                    and (start == 2 or not (text[start - 3].isascii() and text[start - 3].isalpha())):
                start, end = start - 2, end + 1
            runs.append((start, end))
            yield det.finding(doc, "MOJ114", start, end, decoded, f"{kind} left in text: {shown} -> '{decoded[:12]}'")
    if runs:
        yield from _lone_escapes(doc, det, sorted(runs))


def _lone_escapes(doc, det, runs: list[tuple[int, int]]):
    """The escapes left between the runs ("2019\u5e74", "Caf\u00e9"): one is too little alone."""
    text = doc.text
    starts = [a for a, _ in runs]
    for m in U_ANY.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and runs[k][1] > m.start():
            continue  # inside a run already decoded
        decoded = _decode_u(m.group(0))
        if decoded is None or not _printable(decoded):
            continue
        yield det.finding(doc, "MOJ114", m.start(), m.end(), decoded,
                          f"\\u escape left in text (confirmed by the runs on this page): "
                          f"'{m.group(0)[:24]}' -> '{decoded[:12]}'")
