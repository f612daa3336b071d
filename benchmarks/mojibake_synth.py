"""Synthetic mojibake benchmark: damage clean text per family, measure detection and exact repair,
next to ftfy (Chinese-safe settings) on the same documents, and the false-positive rate on clean text.

    python benchmarks/mojibake_synth.py [--docs 300] [--seed 7] [--markdown docs/mojibake-benchmark.md]

Clean text: ../shared/corpus/ud-chinese (three consecutive sentences per document, both scripts) when
present, else the paragraphs of examples/clean_article.txt. A document counts as detected when cleancn
reports the family's code in it, as exactly repaired when ``clean`` gives back the clean text byte for
byte (the full default pipeline, not only the mojibake detector). For lossy families the share of the
original characters recovered is measured too (difflib matching blocks).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from _corpus import UD, example_paragraphs, ud_sentences


def clean_documents(per_doc: int = 3) -> dict[str, list[str]]:
    """{"hans": [...], "hant": [...]} paragraphs of clean text."""
    docs = {"hans": [], "hant": []}
    if UD.is_dir():
        for name, script in (("gsdsimp-test", "hans"), ("gsdsimp-dev", "hans"), ("gsd-trad-test", "hant"),
                             ("gsd-trad-dev", "hant"), ("pud-trad-test", "hant")):
            sents = ud_sentences(name)
            docs[script] += ["".join(sents[i:i + per_doc]) for i in range(0, len(sents) - per_doc + 1, per_doc)]
        return docs
    from opencc import OpenCC

    docs["hans"] = example_paragraphs()
    docs["hant"] = [OpenCC("s2t").convert(p) for p in docs["hans"]]
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="documents per family (at most)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = ap.parse_args(argv)

    import ftfy

    from cleancn import damage
    from cleancn.config import Config
    from cleancn.pipeline import Pipeline

    pipe = Pipeline(Config())
    ftfy_cfg = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False)
    pool = clean_documents()
    source = "ud-chinese" if UD.is_dir() else "examples/clean_article.txt"
    rows = []
    started = time.perf_counter()
    for family, (fn, code, lossless, script) in damage.FAMILIES.items():
        rng = random.Random(f"{args.seed}:{family}")
        texts = pool["hans"] + pool["hant"] if script == "any" else pool[script]
        texts = texts[:]
        rng.shuffle(texts)
        made = skipped = detected = exact = ftfy_changed = ftfy_exact = 0
        recovered = ftfy_recovered = 0.0
        for clean in texts:
            if made >= args.docs:
                break
            damaged = fn(clean, rng)
            if isinstance(damaged, tuple):
                clean, damaged = damaged
            if damaged is None or damaged == clean:
                skipped += 1
                continue
            made += 1
            result = pipe.run_text(damaged)
            detected += any(f.code == code for f in result.findings)
            fixed = ftfy.fix_text(damaged, ftfy_cfg)
            ftfy_changed += fixed != damaged
            if code == "MOJ108":  # unrecoverable: the right repair is none at all
                exact += result.cleaned == damaged
                ftfy_exact += fixed == damaged
                continue
            exact += result.cleaned == clean
            ftfy_exact += fixed == clean
            if not lossless:
                recovered += damage.recovered_share(clean, result.cleaned)
                ftfy_recovered += damage.recovered_share(clean, fixed)
        pct = (lambda k: f"{100 * k / made:.1f}") if made else (lambda k: "-")
        rows.append({
            "family": family, "code": code, "docs": made, "not makeable": skipped,
            "cleancn detected %": pct(detected),
            "cleancn exact %": pct(exact),
            "cleancn chars recovered %": pct(recovered) if not lossless and code != "MOJ108" else "",
            "ftfy changed %": pct(ftfy_changed), "ftfy exact %": pct(ftfy_exact),
            "ftfy chars recovered %": pct(ftfy_recovered) if not lossless and code != "MOJ108" else "",
        })
        print(f"  {family}: {made} docs", file=sys.stderr)

    # False positives: every clean document, no damage; any mojibake edit (or any ftfy change) counts.
    clean_docs = pool["hans"] + pool["hant"]
    fp = sum(any(f.detector == "mojibake" and f.replacement is not None for f in pipe.run_text(t).findings)
             for t in clean_docs)
    ftfy_fp = sum(ftfy.fix_text(t, ftfy_cfg) != t for t in clean_docs)
    ftfy_default_fp = sum(ftfy.fix_text(t) != t for t in clean_docs)
    elapsed = time.perf_counter() - started

    # Speed on clean text: the mojibake detector alone (most checks stop at their screen), next to ftfy.
    moj = Pipeline(Config(select=("mojibake",)))
    clean_mb = sum(len(t.encode("utf-8")) for t in clean_docs) / 1e6
    t0 = time.perf_counter()
    for _ in range(3):
        for t in clean_docs:
            moj.run_text(t)
    moj_rate = 3 * clean_mb / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(3):
        for t in clean_docs:
            ftfy.fix_text(t, ftfy_cfg)
    ftfy_rate = 3 * clean_mb / (time.perf_counter() - t0)

    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    lines += ["", f"False positives on {len(clean_docs)} clean documents ({source}): cleancn edited "
                  f"{fp} ({100 * fp / len(clean_docs):.2f}%); ftfy (Chinese-safe settings) changed {ftfy_fp}; "
                  f"ftfy with its defaults changed {ftfy_default_fp} "
                  f"({100 * ftfy_default_fp / len(clean_docs):.1f}%, full-width punctuation and curly quotes).",
              f"Speed on the clean documents ({clean_mb:.2f} MB, three passes, in-process): the mojibake "
              f"detector alone {moj_rate:.1f} MB/s, ftfy (Chinese-safe settings) {ftfy_rate:.1f} MB/s.",
              f"Seed {args.seed}, at most {args.docs} documents per family, {elapsed:.0f} s."]
    table = "\n".join(lines)
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
