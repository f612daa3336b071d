"""Baselines: accept the findings a corpus has today, fail CI only on new ones.

An entry is keyed by what a finding is, not where: path, code, the finding's text with whitespace
removed, and its occurrence among findings with the same code and text in that file. Lines can move,
text can be added around a finding, and the entry still matches. Entries that match nothing in a file
that was scanned are stale (the problem was fixed): reported so the baseline can be rewritten.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from cleancn import __version__

_WS = re.compile(r"\s+")
MAX_KEY_TEXT = 200


def _norm(text: str) -> str:
    return _WS.sub("", text)[:MAX_KEY_TEXT]


def finding_keys(record: dict) -> list[tuple[str, str, str, int]]:
    """(path, code, normalised text, occurrence) for each finding of a document record, in order."""
    seen: Counter = Counter()
    out = []
    for f in record["findings"]:
        k = (f["code"], _norm(f["text"]))
        out.append((record["path"], k[0], k[1], seen[k]))
        seen[k] += 1
    return out


class BaselineError(ValueError):
    pass


class Baseline:
    def __init__(self, entries: set[tuple[str, str, str, int]]):
        self.entries = entries
        self.matched: set[tuple[str, str, str, int]] = set()
        self.scanned: set[str] = set()

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            entries = {(e["path"], e["code"], e["text"], int(e["occurrence"])) for e in data["entries"]}
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline not found (write one with --write-baseline)") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: not a cleancn baseline: {exc}") from None
        return cls(entries)

    def filter(self, record: dict, config) -> dict:
        """The record without its known findings, rescored; ``baselined`` counts what was dropped."""
        from cleancn.scoring import score_records, verdict

        self.scanned.add(record["path"])
        keep = []
        for f, key in zip(record["findings"], finding_keys(record)):
            if key in self.entries:
                self.matched.add(key)
            else:
                keep.append(f)
        dropped = len(record["findings"]) - len(keep)
        if not dropped:
            return record
        out = dict(record, findings=keep, baselined=dropped)
        out["score"] = score_records(keep, record["length"], config)
        out["verdict"] = verdict(out["score"], config)
        return out

    def stale(self) -> list[tuple[str, str, str, int]]:
        return sorted(e for e in self.entries if e[0] in self.scanned and e not in self.matched)


class BaselineWriter:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.entries: list[dict] = []

    def add(self, record: dict) -> None:
        for path, code, text, occurrence in finding_keys(record):
            self.entries.append({"path": path, "code": code, "text": text, "occurrence": occurrence})

    def write(self) -> None:
        from cleancn.batch import write_atomic

        body = {"cleancn_baseline": 1, "cleancn_version": __version__,
                "entries": sorted(self.entries, key=lambda e: (e["path"], e["code"], e["text"], e["occurrence"]))}
        write_atomic(self.path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
