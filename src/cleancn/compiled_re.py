"""Compiled regular expressions kept between runs, for the patterns a scan always uses.

CPython's ``re`` compiles a pattern in Python: parsing, optimising character classes, emitting code.
The module-level patterns of one scan, some with classes of thousands of characters, take ~15 ms to
compile, a tenth of a one-file scan. The compiled code (a list of integers) is what ``re`` hands to
its C engine, ``_sre.compile``; it is kept here, per interpreter build, in the user cache, and handed
to the engine directly on the next run.

This leans on ``re``'s internals (``re._parser``, ``re._compiler._code``, ``_sre.compile``; on Python
3.10 ``sre_parse`` and ``sre_compile``), so every step can fail over to ``re.compile``: an entry is
stored only after the pattern rebuilt from it compares equal to ``re.compile``'s own (CPython compares
patterns by their flags and compiled code), and the cache file is keyed by the interpreter's version
and the engine's magic number. Tested on CPython 3.10 to 3.13. Only patterns written in the source or
built from rule files belong here, not one built from a page's text. When the file holds more than
``MAX_ENTRIES`` patterns (rule files edited many times), it keeps only those the last run used.
"""
from __future__ import annotations

import atexit
import marshal
import re
import sys

MAX_ENTRIES = 400

_table: dict | None = None
_table_path = None  # where _table was read from, and is written back to
_used: set = set()
_dirty = False


def _path():
    from cleancn.diskcache import cache_dir

    try:
        import _sre

        magic = _sre.MAGIC
    except (ImportError, AttributeError):
        return None
    return cache_dir() / f"compiled-re-{sys.implementation.cache_tag}-{sys.hexversion:x}-{magic}-m{marshal.version}.marshal"


def _load() -> dict:
    global _table, _table_path
    if _table is None:
        _table = {}
        path = _table_path = _path()
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    # marshal is built in (importing pickle costs ~2 ms); loads() on the whole file,
                    # as load() on a file object reads it piece by piece (8x slower here).
                    loaded = marshal.loads(fh.read())
                if isinstance(loaded, dict):
                    _table = loaded
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _table


def _save() -> None:
    global _table
    path = _table_path  # the directory the table came from, even if the environment changed since
    if not _dirty or path is None or _table is None:
        return
    if len(_table) > MAX_ENTRIES:
        _table = {key: args for key, args in _table.items() if key in _used}
    from cleancn.batch import write_atomic

    try:
        write_atomic(path, marshal.dumps(_table), durable=False)  # a parallel run reads old or new
    except (OSError, ValueError):
        pass  # a read-only home or a full disk: patterns are compiled as usual next time


def _engine_args(pattern: str | bytes, flags: int):
    """What ``re._compiler.compile`` hands ``_sre.compile`` for this pattern, after the pattern."""
    try:
        from re import _compiler, _parser
    except ImportError:  # Python 3.10: the same functions, under their old names
        import sre_compile as _compiler
        import sre_parse as _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses; keep plain ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:  # noqa: A001 - used as re.compile
    """``re.compile(pattern, flags)``, from the cache when this interpreter compiled it before."""
    global _dirty
    flags = int(flags)
    table = _load()
    key = (pattern, flags)
    _used.add(key)
    args = table.get(key)
    if args is not None:
        try:
            import _sre

            return _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 - any surprise from the engine: compile as usual
            table.pop(key, None)
    compiled = re.compile(pattern, flags)
    if isinstance(pattern, (str, bytes)):
        try:
            import _sre

            args = _engine_args(pattern, flags)
            if _sre.compile(pattern, *args) == compiled:
                table[key] = args
                if not _dirty:
                    _dirty = True
                    atexit.register(_save)
        except Exception:  # noqa: BLE001 - internals changed: this pattern is simply not kept
            pass
    return compiled
