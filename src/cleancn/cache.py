"""The scan cache: a document whose text, cleancn version, rules and settings are unchanged is not
scanned again (CI runs over a corpus where few files change).

One sqlite3 database (standard library). Workers only read; the parent process writes, in batches, so
there is one writer whatever ``--jobs`` is, and WAL mode lets the readers run beside it. The key hashes
the decoded text, the detected encoding, the cleancn version and its source files (sizes and times), the
rules hash and the settings that change findings; the stored record has no path (the same text under
two names is one entry).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cleancn import __version__
from cleancn.diskcache import new_hash

SCHEMA = "CREATE TABLE IF NOT EXISTS scans (key TEXT PRIMARY KEY, record TEXT NOT NULL)"


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

    def get(self, key: str) -> dict | None:
        try:
            row = self.db.execute("SELECT record FROM scans WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None  # a missing or damaged cache is only a slower run
        if not row:
            return None
        record = json.loads(row[0])
        record.pop("path", None)  # the path is the caller's: the same text may sit in several files
        return record

    def put(self, key: str, record: dict | str) -> None:
        """Store a record, or its JSON text as a worker wrote it."""
        if isinstance(record, dict):
            record = json.dumps({k: v for k, v in record.items() if k != "path"}, ensure_ascii=False)
        self.pending.append((key, record))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO scans (key, record) VALUES (?, ?)", self.pending)
        except sqlite3.Error:
            pass
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.db.close()
