"""Where the benchmarks find their inputs, and how they read ../shared/corpus (shared by every script)."""
from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLEANCN_SHARED", REPO.parent / "shared"))
UD = SHARED / "corpus" / "ud-chinese"


def ud_sentences(name: str) -> list[str]:
    """The sentences of one ud-chinese file ("gsdsimp-test", "pud-trad-test", ...), in order."""
    return [json.loads(ln)["text"] for ln in (UD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def ud_names() -> list[str]:
    return sorted(p.stem for p in UD.glob("*.jsonl"))


def poems() -> list[str]:
    """Every poem of ../shared/corpus/chinese-poetry, its lines joined by newlines."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("paragraphs"), list):
                out.append("\n".join(p for p in x["paragraphs"] if isinstance(p, str)))
            for v in x.values():
                if isinstance(v, (list, dict)):
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for f in sorted((SHARED / "corpus" / "chinese-poetry").rglob("*.json")):
        walk(json.loads(f.read_text(encoding="utf-8")))
    return [p for p in out if p.strip()]


def example_paragraphs() -> list[str]:
    """Our own fallback text when ../shared is absent."""
    text = (REPO / "examples" / "clean_article.txt").read_text(encoding="utf-8")
    return [p for p in text.splitlines() if p.strip()]
