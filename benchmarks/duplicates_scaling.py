"""Cost of the duplicate detector against document length: no quadratic blow-up on long documents.

    python benchmarks/duplicates_scaling.py [--lines 1000 2500 5000 10000 20000]

Each document is N lines, each the head of one sentence and the tail of another from
../shared/corpus/ud-chinese (or our example article), with 1% near-duplicates (a character changed) and
1% exact repeats mixed in. Prints seconds, microseconds per line and the findings, per length. Linear cost shows as a flat
per-line column; a pairwise comparison would double it with every doubling of N.
"""
from __future__ import annotations

import argparse
import random
import sys
import time

from _corpus import UD, example_paragraphs, ud_names, ud_sentences


def sentences() -> list[str]:
    if UD.is_dir():
        # GSD and GSDSimp are the same sentences in two scripts: take one of them.
        return [s for name in ud_names() if not name.startswith("gsd-trad") for s in ud_sentences(name)]
    return [s for p in example_paragraphs() for s in p.replace("。", "。\n").splitlines() if len(s) > 10]


def document(n: int, rng: random.Random, pool: list[str]) -> str:
    lines = []
    for i in range(n):
        r = rng.random()
        if lines and r < 0.01:
            src = rng.choice(lines)
            k = rng.randrange(len(src))
            lines.append(src[:k] + "某" + src[k + 1:])
        elif lines and r < 0.02:
            lines.append(rng.choice(lines))
        else:
            # The head of one sentence and the tail of another: distinct lines beyond the pool's size.
            a, b = rng.choice(pool), rng.choice(pool)
            lines.append(a[:len(a) // 2] + b[len(b) // 2:])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[1000, 2500, 5000, 10000, 20000])
    args = ap.parse_args(argv)
    from cleancn.config import Config
    from cleancn.model import Document
    from cleancn.pipeline import Pipeline
    from cleancn.text import normalised

    det = Pipeline(Config(select=("duplicate",))).detectors[0]
    pool = sentences()
    rng = random.Random(3)
    print("| lines | chars | seconds | µs per line | DUP302 | DUP303 | DUP304 |")
    print("|---|---|---|---|---|---|---|")
    for n in args.lines:
        doc = Document(text=document(n, rng, pool))
        normalised(doc)  # shared with other detectors in a real run; not the duplicate detector's cost
        t = time.perf_counter()
        found = list(det.detect(doc))
        s = time.perf_counter() - t
        codes = [f.code for f in found]
        print(f"| {n} | {len(doc.text)} | {s:.2f} | {1e6 * s / n:.0f} | {codes.count('DUP302')} | "
              f"{codes.count('DUP303')} | {codes.count('DUP304')} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
