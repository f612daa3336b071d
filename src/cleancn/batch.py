"""Inputs: files, directories, stdin and JSONL records; decoding; the worker pool.

Every bad input becomes an ``InputError`` with a one-line message naming the file; the run goes on.
"""
from __future__ import annotations

import codecs
import fnmatch
import json
import os
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from cleancn.model import Document

DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.htm", "*.html", "*.jsonl", "*.parquet")
IGNORE_FILE = ".cleancnignore"
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings worth guessing for Chinese text when bytes are not UTF-8, in the order tried.
CHINESE_ENCODINGS = ("gb18030", "big5", "utf_16_le", "utf_16_be")


class InputError(Exception):
    """An input that cannot be processed. ``str()`` is the one-line message (without the path)."""


class Source(NamedTuple):
    """One input: a file on disk (``path``), stdin (``path`` None), or one JSONL record."""

    display: str
    path: Path | None
    relative: str  # path relative to the directory given, for mirroring outputs


# Every byte but the control characters text never holds; deleting these leaves the suspicious ones,
# counted at C speed (a Python loop over the bytes cost 0.3 ms a file).
_NOT_SUSPICIOUS = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_SUSPICIOUS))
    return controls > max(8, len(head) // 50)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; returns (text, encoding name). ``encoding`` forces one."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start}") from None
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name.replace("-sig", "")), name
            except UnicodeDecodeError as exc:
                raise InputError(f"has a {name} byte-order mark but invalid {name} at byte {exc.start}") from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _is_binary(data):
        raise InputError("binary file, skipped")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    guessed = _guess_chinese(data)
    if guessed:
        return guessed
    raise InputError(f"invalid UTF-8 at byte {first_bad} and not GB18030/Big5/UTF-16 either; "
                     f"pass --encoding if you know it")


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL in every other byte of ASCII-heavy text, or valid UTF-16 CJK."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = len(head) // 2
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.3 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


def _guess_chinese(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is None:
        return None
    return str(best), best.encoding.replace("_", "-")


def read_document(source: Source, encoding: str | None, max_bytes: int) -> Document:
    import sys

    try:
        if source.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            size = source.path.stat().st_size
            if size > max_bytes:
                raise _too_large(size, max_bytes)
            # At most one byte past the limit: a pipe or a file that grows reports no size to check.
            with open(source.path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes, "or more ")
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if not data:
        raise InputError("empty file, skipped")
    text, enc = decode(data, encoding)
    if not text:
        raise InputError("empty file (a byte-order mark only), skipped")
    return Document(text=text, path=source.display, encoding=enc)


def _too_large(size: int, max_bytes: int, more: str = "") -> InputError:
    return InputError(f"file too large ({size / 1e6:.1f} MB {more}> limit {max_bytes / 1e6:.0f} MB; "
                      f"raise max_bytes in the config)")


# --- discovering inputs --------------------------------------------------------------------------------

def _not_regular(path: Path, named: bool) -> str | None:
    """Why ``path`` (symbolic links followed) is not read: a device or socket ever, and a pipe when it was
    found in a directory (a pipe named on the command line, as in ``<(zcat corpus.gz)``, is read). A
    device like /dev/zero never ends, and opening a pipe with no writer waits for one forever."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # read_document says why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or named and stat.S_ISFIFO(mode):
        return None
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    return f"not a regular file ({kind}), skipped"


def _load_ignore(root: Path):
    f = root / IGNORE_FILE
    if not f.is_file():
        return None
    import pathspec

    return pathspec.PathSpec.from_lines("gitwildmatch", f.read_text(encoding="utf-8").splitlines())


def _matches(name: str, rel: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def walk_directory(root: Path, include: tuple[str, ...], exclude: tuple[str, ...]
                   ) -> Iterator[Source | tuple[str, str]]:
    """Files under ``root`` in a stable order; symlinked directories are not followed (no loops). A pipe,
    device or socket among them is ``(path, message)``."""
    spec = _load_ignore(root)
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        rel_folder = os.path.relpath(folder, root)
        keep_dirs = []
        for d in dirs:
            rel = os.path.normpath(os.path.join(rel_folder, d)).replace(os.sep, "/")
            if d.startswith(".") or (spec and spec.match_file(rel + "/")) or _matches(d, rel, exclude):
                continue
            keep_dirs.append(d)
        dirs[:] = keep_dirs
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_folder, name)).replace(os.sep, "/")
            if name == IGNORE_FILE or not _matches(name, rel, include) or _matches(name, rel, exclude):
                continue
            if spec and spec.match_file(rel):
                continue
            path = Path(folder) / name
            why = _not_regular(path, named=False)
            yield (str(path), why) if why else Source(str(path), path, rel)


def discover(paths: Iterable[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
             ) -> Iterator[Source | tuple[str, str]]:
    """Yield a ``Source`` per input, or ``(path, message)`` for a path that cannot be used."""
    include = include or DEFAULT_INCLUDE
    for p in paths:
        if p == "-":
            yield Source("<stdin>", None, "stdin.txt")
            continue
        path = Path(p)
        if path.is_dir():
            found = False
            for src in walk_directory(path, include, exclude):
                found = True
                yield src
            if not found:
                yield (p, f"no text files in this directory (looked for {', '.join(include)})")
        elif path.exists():
            why = _not_regular(path, named=True)
            yield (p, why) if why else Source(p, path, path.name)
        elif path.is_symlink():
            yield (p, "broken symbolic link")
        else:
            yield (p, "no such file or directory")


# --- JSONL records ---------------------------------------------------------------------------------------

class BadRecord(NamedTuple):
    line: int
    raw: str
    message: str


def iter_jsonl(path: Path | None, field: str, stream=None) -> Iterator[tuple[int, dict, str] | BadRecord]:
    """(line number, record, text) for each record; ``BadRecord`` for lines that are not usable.

    Lines are read one at a time so a corpus of any size streams.
    """
    import sys

    fh = stream if stream is not None else (sys.stdin if path is None else open(path, encoding="utf-8",
                                                                                   errors="surrogateescape"))
    try:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRecord(n, line, f"not JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(rec, dict):
                yield BadRecord(n, line, "not a JSON object")
            elif field not in rec:
                yield BadRecord(n, line, f"no {field!r} field")
            elif not isinstance(rec[field], str):
                yield BadRecord(n, line, f"field {field!r} is not a string")
            else:
                yield n, rec, rec[field]
    finally:
        if fh is not stream and path is not None:
            fh.close()


# --- atomic output ----------------------------------------------------------------------------------------

def write_atomic(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` (text as UTF-8) via a temporary file in the same directory and rename: never a
    half-written file, and no temporary file left when writing fails (a full disk). ``durable``: fsync
    before the rename, for outputs; the user cache, only ever a speed-up, skips it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.cleancn-tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def iter_parquet(path: Path, field: str, batch_rows: int = 1024) -> Iterator[tuple[int, dict, str] | BadRecord]:
    """(row number, record, text) for each row of a Parquet file, read batch by batch so memory stays
    flat; ``BadRecord`` (the row as JSON) when the field is not a string. Needs pyarrow, the optional
    ``parquet`` extra."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading .parquet needs pyarrow: pip install 'cleancn[parquet]'") from None
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types for a damaged or non-Parquet file
        raise InputError(f"not a readable Parquet file ({type(exc).__name__}: {exc})") from None
    if field not in pf.schema_arrow.names:
        raise InputError(f"no {field!r} column (columns: {', '.join(pf.schema_arrow.names)})")
    n = 0
    for batch in pf.iter_batches(batch_size=batch_rows):
        for row in batch.to_pylist():
            n += 1
            value = row.get(field)
            if isinstance(value, str):
                yield n, row, value
            else:
                yield BadRecord(n, json.dumps(row, ensure_ascii=False, default=str),
                                f"field {field!r} is not a string" if value is not None else f"field {field!r} is null")


class AtomicOutput:
    """A text file written under a temporary name in its directory: ``commit`` renames it into place,
    ``close`` without a commit removes it. An interrupted report leaves the previous one, never half
    of a new one."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.cleancn-tmp-{os.getpid()}")
        self.file = open(self.tmp, "w", encoding="utf-8", newline="\n")
        self.committed = False

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        self.committed = True

    def close(self) -> None:
        if not self.committed:
            self.file.close()
            self.tmp.unlink(missing_ok=True)
