"""cleancn's per-user cache directory, data derived from a file kept there between runs, and where
the data files of the packages it is derived from are.

Derived data (the character model counted from jieba's dictionary, parsed rule files) is rebuilt when
its source file changes and is only ever a speed-up: a cache that cannot be read or written is ignored.
"""
from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path


def new_hash(data: bytes = b"", digest_size: int = 32):
    """A BLAKE2b hasher, for cache keys. Taken from the _blake2 module, which is where hashlib.blake2b
    comes from: importing hashlib first loads OpenSSL (~3 ms of a ~110 ms one-file scan)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter without the built-in module
        from hashlib import blake2b
    return blake2b(data, digest_size=digest_size)


def _code_file(build) -> Path | None:
    """The source file a builder (a function, lambda or bound method) was defined in, if on disk."""
    code = getattr(getattr(build, "__func__", build), "__code__", None)
    if code is None:
        return None
    path = Path(code.co_filename)
    return path if path.is_file() else None


def cache_dir() -> Path:
    """$CLEANCN_CACHE_DIR, else $XDG_CACHE_HOME/cleancn, else ~/.cache/cleancn."""
    base = os.environ.get("CLEANCN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cleancn")
    return Path(base)


# Plain data (strings, numbers, lists, dicts, sets) is stored with marshal: built into the interpreter
# (importing pickle costs ~2 ms of a one-file scan) and quicker to read. Its format may change between
# Python versions, so the interpreter's tag is part of the file name. Anything else is pickled.
_MARSHAL = f"{sys.implementation.cache_tag}-m{marshal.version}.marshal"


def derived(kind: str, source: Path, build, also: tuple[Path, ...] = ()):
    """``build()``, memoised on disk for this ``source`` file: the key holds the file's absolute path,
    size and modification time, so an edited file is read again. ``also``: more files the value
    depends on, keyed the same way. The value must be picklable. Writing a new value removes the
    values kept for earlier versions of the same files.

    The source file of ``build`` itself is one of those files: what a value holds depends on the code
    that builds it as much as on its data, and an upgrade or an edit of that code must not be answered
    from a value the old code built."""
    builder = _code_file(build)
    if builder is not None and builder not in also:
        also = (*also, builder)
    # The prefix names the files, the rest of the name their versions: a new version of any of them
    # (an upgrade changes the ``also`` files) replaces the old value instead of adding one beside it.
    st = source.stat()
    paths, versions = str(source.resolve()), ""
    for other in also:
        ost = other.stat()
        paths += f"\0{other.resolve()}"
        versions += f"\0{ost.st_size}\0{ost.st_mtime_ns}"
    prefix = f"{kind}-{new_hash(paths.encode('utf-8'), 8).hexdigest()}-"
    stem = cache_dir() / (f"{prefix}{st.st_size}-{st.st_mtime_ns}"
                          + (f"-{new_hash(versions.encode('utf-8'), 8).hexdigest()}" if also else ""))
    found, value = _read(stem)
    if found:
        return value
    value = build()
    _write(stem, prefix, value)
    return value


def _read(stem: Path) -> tuple[bool, object]:
    try:
        with open(f"{stem}.{_MARSHAL}", "rb") as fh:
            return True, marshal.loads(fh.read())  # load(fh) reads piece by piece: 8x slower
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError):
        return False, None
    try:
        with open(f"{stem}.pickle", "rb") as fh:
            import pickle

            return True, pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing or unreadable memo is a miss, whatever the reason
        return False, None


def _write(stem: Path, prefix: str, value) -> None:
    try:
        data, suffix = marshal.dumps(value), _MARSHAL
    except ValueError:  # not plain data
        import pickle

        data, suffix = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), "pickle"
    from cleancn.batch import write_atomic

    path = Path(f"{stem}.{suffix}")
    try:
        write_atomic(path, data, durable=False)  # parallel workers never read a half-written file
        for old in path.parent.glob(f"{prefix}*"):
            # A value for an earlier version of the same files; this version's files for other
            # interpreters are left alone.
            if not old.name.startswith(stem.name + "."):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home is fine: we rebuild next time


def package_file(package: str, *parts: str) -> Path | None:
    """A file or folder shipped in an installed top-level ``package``, found without importing it
    (importing jieba or pypinyin runs ~1 s of set-up); None when the package or the path is missing."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]).joinpath(*parts)
    return path if path.exists() else None
