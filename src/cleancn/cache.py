"""The scan cache: a document whose text, cleancn version, rules and settings are unchanged is not
scanned again (CI runs over a corpus where few files change).

One sqlite3 database (standard library). Workers only read; the parent process writes, in batches, so
there is one writer whatever ``--jobs`` is, and WAL mode lets the readers run beside it. The key hashes
the decoded text, the detected encoding, the cleancn version and its source files (sizes and times), the
rules hash and the settings that change findings; the stored record has no path (the same text under
two names is one entry).

A record is stored as the JSON the worker wrote, without its path, beside its digest (report.digest):
a re-run that writes a JSON report splices the path back in and never parses the record (parsing and
writing again the 24 MB benchmark corpus's records was half of a cached re-run).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cleancn import __version__
from cleancn.diskcache import new_hash

# scans_v2: records without their path, with their digest (a cache of the earlier layout is not read).
SCHEMA = "CREATE TABLE IF NOT EXISTS scans_v2 (key TEXT PRIMARY KEY, body TEXT NOT NULL, digest TEXT NOT NULL)"


def default_dir() -> Path:
    from cleancn.diskcache import cache_dir

    return cache_dir()


def code_fingerprint(root: Path | None = None) -> str:
    """The size and modification time of every source file of the package (``root``): a checkout
    updated, or an upgrade that kept the version number, finds different things, and must not be
    answered from records the old code wrote. About 50 stat() calls."""
    root = root or Path(__file__).resolve().parent
    parts = sorted(f"{p.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}"
                   for p in root.rglob("*.py") for st in (p.stat(),))
    return new_hash("\n".join(parts).encode("utf-8"), 8).hexdigest()


def settings_fingerprint(config, rules_hash: str) -> str:
    """Everything besides the text that decides the findings and the score."""
    parts = {
        "version": __version__, "code": code_fingerprint(), "rules": rules_hash,
        "codes": sorted(config.enabled_codes),
        "script": config.script, "weights": sorted((config.weights or {}).items()),
        "clean_at": config.clean_at, "dirty_below": config.dirty_below,
        "pinyin_min": config.pinyin_min_annotations,
    }
    return new_hash(json.dumps(parts, sort_keys=True, default=str).encode(), 8).hexdigest()


def document_key(text: str, encoding: str, fingerprint: str) -> str:
    h = new_hash(text.encode("utf-8", "surrogatepass"))
    h.update(b"\0" + encoding.encode() + b"\0" + fingerprint.encode())
    return h.hexdigest()


class ScanCache:
    def __init__(self, path: Path, readonly: bool = False):
        self.path = Path(path)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(SCHEMA)
        self.pending: list[tuple[str, str]] = []

    def get(self, key: str) -> tuple[str, dict] | None:
        """(the record's JSON without its path, its digest without the path), or None."""
        try:
            row = self.db.execute("SELECT body, digest FROM scans_v2 WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None  # a missing or damaged cache is only a slower run
        if not row:
            return None
        return row[0], json.loads(row[1])

    def put(self, key: str, record_json: str, digest: dict) -> None:
        """Store a record's JSON as the worker wrote it (path first) and its digest."""
        try:
            body = without_path(record_json)
        except ValueError:
            return  # not a record this cache can splice: not stored, only a slower re-run
        self.pending.append((key, body,
                             json.dumps({k: v for k, v in digest.items() if k != "path"}, ensure_ascii=False)))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO scans_v2 (key, body, digest) VALUES (?, ?, ?)",
                                    self.pending)
        except sqlite3.Error:
            pass
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()


_PATH_OPENING = '{"path": "'


def without_path(record_json: str) -> str:
    """What follows the path of a record's JSON ('{"path": "a.txt", "encoding": ...' -> '"encoding": ...').
    The record is cleancn's own (report.document_json writes the path first); json's own scanner reads
    the path, escapes and all."""
    if not record_json.startswith(_PATH_OPENING):
        raise ValueError("a document record's JSON opens with its path")
    _, end = json.decoder.scanstring(record_json, len(_PATH_OPENING))
    return record_json[end + 2:]  # past '", '


def with_path(path: str, body: str) -> str:
    return '{"path": ' + json.encoder.encode_basestring(path) + ", " + body
