"""Which checks could fire on a page, from one compiled pass over it (Hyperscan).

Before reading a page's lines, each check runs a screen: a few regex or substring searches over the
whole page that pass any page the check could find something on. A detector's two dozen such searches
cost 100-200 ns a character in CPython's ``re``, most of its time on a clean page. So every screen also
declares *anchors*: patterns at least one of which occurs on every page its screen passes (a necessary
condition, written beside the screen and looser than it). A detector's anchors are compiled into one
Hyperscan database, one scan of the page (~5-10 ns a character) names the checks whose anchors occur,
and the other checks are skipped without running their screens. The screens still decide: a prescreen
only skips work that would have found nothing, and never changes a finding.

Hyperscan speaks PCRE's dialect, not Python's: no look-behind, no ``\\b`` in Unicode mode, and its
``\\s`` and ``\\d`` miss characters Python counts (U+001C-U+001F; digits of recent Unicode versions).
Anchors use the placeholders ``SPACES``, ``INLINE_SPACES`` and ``DIGITS`` inside a character class;
the spaces are expanded from Python's own definition when a database is compiled. ``DIGITS`` is 0-9:
Python's ``\\d`` has some 70 ranges, which take seconds to compile where it repeats, and a page
holding any other digit (rare once full-width digits are folded) is passed to every screen, by one
more anchor of every database. ``literal`` writes a word.

Off, so every check runs its own screen as before: without Hyperscan (not installed, or no wheel for the
platform), with CLEANCN_PRESCREEN=0, and until a process has screened ``START_AFTER`` characters (a
one-file run would spend more loading a database than it saves). A compiled database is kept in the
user cache; compiling one takes about a second, so without one a process waits for ``COMPILE_AFTER``
characters, which the screens alone take longer than that over. tests/test_prescreen.py checks, on
every case, labelled file, example and seed and on generated pages, that every page a screen passes
holds one of its anchors.
"""
from __future__ import annotations

import os
import sys
import unicodedata
from functools import lru_cache
from typing import Callable

START_AFTER = 100_000  # characters a process screens the slow way before loading a cached database
COMPILE_AFTER = 3_000_000  # and before compiling one (~1 s; the screens take ~0.2 us a character)

# Placeholders for character-class contents (private-use characters no anchor holds otherwise).
SPACES = "\ue000"  # what Python's \s matches
INLINE_SPACES = "\ue001"  # what Python's [^\S\n] matches: \s without the line feed
DIGITS = "0-9"  # Python's \d on ASCII; a page with other digits goes to every screen
_OTHER_DIGITS = "\ue002"  # what Python's \d matches beyond 0-9
EVERY_CHECK = "*"  # the name of that anchor

_enabled = os.environ.get("CLEANCN_PRESCREEN", "1") != "0"
_start_after, _compile_after = START_AFTER, COMPILE_AFTER


def disable() -> None:
    """Every check runs its own screen (for comparisons: benchmarks/same_findings.py, the tests)."""
    global _enabled
    _enabled = False


def enable(start_after: int = START_AFTER, compile_after: int = COMPILE_AFTER) -> None:
    """On, from the given character counts (0: from the first page, as the tests run it)."""
    global _enabled, _start_after, _compile_after
    _enabled, _start_after, _compile_after = True, start_after, compile_after


def literal(word: str) -> str:
    """``word`` as a Hyperscan pattern: ASCII letters and digits as they are, anything else by code."""
    return "".join(c if c.isascii() and c.isalnum() else f"\\x{{{ord(c):x}}}" for c in word)


def any_of(words) -> str:
    """One group matching any of ``words`` (longest first, so the group reads the same every run)."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(map(literal, ordered)) + ")" if ordered else "(?!)"


def _pieces(spans) -> list[str]:
    """(first, last) code-point spans, merged where they touch, as Hyperscan class pieces."""
    merged: list[list[int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [f"\\x{{{lo:x}}}" + (f"-\\x{{{hi:x}}}" if hi > lo else "") for lo, hi in merged]


def class_of(chars) -> str:
    """Class contents for a set of characters."""
    return "".join(_pieces((c, c) for c in map(ord, set(chars))))


def py_class(body: str) -> str:
    """Class contents for the contents of a Python class written as characters and ranges, without
    escapes ("a-z\\u00e0\\u200b-\\u200f", the form of the source's class constants)."""
    spans = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            spans.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            spans.append((ord(body[i]), ord(body[i])))
            i += 1
    return "".join(_pieces(spans))


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    """The placeholders' class contents, from this interpreter's definitions (its Unicode version):
    re's \\s and \\d on text are str.isspace and str.isdecimal (a test compares them on every code
    point). One character at a time: a string of all of them first would cost ~100 MB for a moment."""
    spaces, digits = [], []
    for c in map(chr, range(0x110000)):
        if c.isspace():
            spaces.append(c)
        elif c.isdecimal() and not c.isascii():
            digits.append(c)
    return {SPACES: class_of(spaces), INLINE_SPACES: class_of(c for c in spaces if c != "\n"),
            _OTHER_DIGITS: class_of(digits)}


def _expand(pattern: str, table: dict[str, str]) -> str:
    for mark, body in table.items():
        pattern = pattern.replace(mark, body)
    return pattern


class Prescreen:
    """The anchors of one detector's checks, compiled. ``anchors()`` returns {check: [pattern, ...]};
    it is called once a process, and its patterns key the compiled database in the user cache.
    ``on_bytes``: the anchors are byte patterns, scanned over bytes (not text in UTF-8)."""

    def __init__(self, name: str, anchors: Callable[[], dict[str, list[str]]], on_bytes: bool = False):
        self.name = name
        self._anchors = anchors
        self._on_bytes = on_bytes
        self._seen = 0
        self._db = None  # None: not ready yet; False: unavailable (every check runs its screen)
        self._names: list[str] = []
        self._patterns: list[str] | None = None  # set once a cached database was looked for

    def could_fire(self, text: str | bytes) -> set[str] | None:
        """The checks whose anchors occur in ``text``; None when unknown (every check may fire)."""
        if not _enabled:
            return None
        db = self._db
        if db is None:
            self._seen += len(text)
            db = self._ready()
            if db is None:
                return None
        if db is False:
            return None
        if self._on_bytes:
            data = text
        else:
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, which the database is compiled for
                return None
        fired: list[int] = []
        db.scan(data, match_event_handler=_collect, context=fired, scratch=self._scratch)
        names = self._names
        found = {names[i] for i in fired}
        return None if EVERY_CHECK in found else found

    def _ready(self):
        """The database, once this process has screened enough characters to pay for reading or
        compiling it; None until then."""
        if self._seen < _start_after:
            return None
        try:
            import hyperscan
        except ImportError:
            self._db = False
            return False
        if self._patterns is None:
            # One pattern per anchor (one per check would pass Hyperscan's limit on a pattern's length),
            # each reported once (HS_FLAG_SINGLEMATCH); the id of a pattern names its check.
            names, patterns = ([], []) if self._on_bytes else ([EVERY_CHECK], [f"[{_OTHER_DIGITS}]"])
            for name, anchors in self._anchors().items():
                names += [name] * len(anchors)
                patterns += anchors
            self._names, self._patterns = names, patterns
            self._db = _read_database(self.name, patterns, hyperscan, self._on_bytes)
        if self._db is None and self._seen >= _compile_after:
            self._db = _write_database(self.name, self._patterns, hyperscan, self._on_bytes)
        if self._db is not None and self._db is not False:
            self._scratch = hyperscan.Scratch(self._db)
        return self._db


def _collect(pattern_id, start, end, flags, fired):
    fired.append(pattern_id)


def compile_database(patterns: list[str], hyperscan=None, on_bytes: bool = False):
    """A Hyperscan block-mode database of ``patterns`` (ids are their positions), placeholders expanded;
    ``on_bytes``: byte patterns (latin-1 strings), for bytes. Raises hyperscan.error naming the
    pattern when one does not compile."""
    if hyperscan is None:
        import hyperscan
    if on_bytes:
        expressions, flags = [p.encode("latin-1") for p in patterns], hyperscan.HS_FLAG_SINGLEMATCH
    else:
        table = _expansions()
        expressions = [_expand(p, table).encode("utf-8") for p in patterns]
        flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_SINGLEMATCH
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=expressions, ids=list(range(len(patterns))), elements=len(patterns),
               flags=[flags] * len(patterns))
    return db


def _database_path(name: str, patterns: list[str], hyperscan, on_bytes: bool):
    from cleancn.diskcache import cache_dir, new_hash

    version = getattr(hyperscan, "__version__", "")
    key = new_hash("\0".join([version, sys.version, unicodedata.unidata_version, "bytes" if on_bytes else "utf-8",
                              *patterns]).encode("utf-8"), 12).hexdigest()
    return cache_dir() / f"prescreen-{name}-{key}.hs"


def _read_database(name: str, patterns: list[str], hyperscan, on_bytes: bool = False):
    """The database for ``patterns`` from the user cache, or None."""
    try:
        path = _database_path(name, patterns, hyperscan, on_bytes)
        return hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
    except Exception:  # noqa: BLE001 - missing, unreadable, or built for another CPU
        return None


def _write_database(name: str, patterns: list[str], hyperscan, on_bytes: bool = False):
    """The database for ``patterns``, compiled and stored in the user cache; False when it cannot be
    compiled (the screens alone are slower, never wrong)."""
    try:
        db = compile_database(patterns, hyperscan, on_bytes)
    except Exception:  # noqa: BLE001 - an anchor this Hyperscan rejects: run the screens
        return False
    path = _database_path(name, patterns, hyperscan, on_bytes)
    try:
        from cleancn.batch import write_atomic

        write_atomic(path, hyperscan.dumpb(db), durable=False)
        for old in path.parent.glob(f"prescreen-{name}-*.hs"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a read-only cache: compile again next time
        pass
    return db
