"""Where the time goes: nanoseconds a character for each stage, on clean and on damaged documents.

    python benchmarks/stages.py /tmp/cleancn-bench/corpus

In-process, after one warm-up pass (so one-time loads are not counted). A document is "clean" when the
full pipeline makes no finding on it. Stages: the shared normalised view (pinyin and invisible
characters dropped, width folded, t2s where it can change something), then each detector on its own
over the documents with the view already built, then the mojibake checks one by one.
"""
from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    args = ap.parse_args(argv)

    import cleancn.detectors.mojibake as mojibake_checks
    from cleancn.model import Document
    from cleancn.pipeline import Pipeline
    from cleancn.spans import Spans
    from cleancn.text import normalised

    pipe = Pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.rglob("*.txt"))]
    for t in texts:  # warm-up: loads, caches, compiled patterns
        pipe.run(Document(text=t))
    groups = {"clean": [], "damaged": []}
    for t in texts:
        groups["clean" if not pipe.run(Document(text=t)).findings else "damaged"].append(t)
    checks = [(name, fn) for name, fn in vars(mojibake_checks).items() if name.startswith("check_")]
    print("| stage | " + " | ".join(f"{g} ({len(v)} docs) ns/char" for g, v in groups.items()) + " |")
    print("|---|" + "---|" * len(groups))
    rows: dict[str, list[str]] = {}
    for group, items in groups.items():
        chars = sum(map(len, items)) or 1
        docs = [Document(text=t) for t in items]
        start = time.perf_counter()
        for d in docs:
            normalised(d)
        rows.setdefault("normalised view", []).append(f"{(time.perf_counter() - start) * 1e9 / chars:.0f}")
        for det in pipe.detectors:
            start = time.perf_counter()
            for d in docs:
                for _ in det.detect(d):
                    pass
            rows.setdefault(f"detector {det.name}", []).append(f"{(time.perf_counter() - start) * 1e9 / chars:.0f}")
        moj = next(d for d in pipe.detectors if d.name == "mojibake")
        for name, fn in checks:
            takes_covered = len(inspect.signature(fn).parameters) == 3
            start = time.perf_counter()
            for d in docs:
                for _ in (fn(d, moj, Spans()) if takes_covered else fn(d, moj)):
                    pass
            rows.setdefault(f"  mojibake {name[6:]}", []).append(f"{(time.perf_counter() - start) * 1e9 / chars:.0f}")
    for stage, cells in rows.items():
        print(f"| {stage} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
