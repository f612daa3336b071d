"""Build the mixed benchmark corpus: web-page-sized documents, most clean, the rest damaged the ways
cleancn repairs, from ../shared (UD Chinese, chinese-poetry, the seed pages).

    python benchmarks/make_corpus.py OUT_DIR [--mb 24] [--seed 1]
    python benchmarks/make_corpus.py OUT.jsonl --jsonl [--mb 1024]    # one record per document

Deterministic for a given seed. Mix (by document): 55% clean prose (each article in one script,
simplified two times in three), 10% classical poetry, 35% damaged
(pinyin residue, GBK read as Latin-1, UTF-8 read as GBK, entities and invisibles, an injected spam line or
headline block, a title pasted again) and the five seed pages repeated.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from _corpus import SHARED, UD, poems, ud_names, ud_sentences


def _sentences() -> dict[str, list[str]]:
    """UD Chinese sentences by script, "hant" (GSD and PUD traditional) and "hans" (GSDSimp), and
    "all" of them in file order."""
    if not UD.is_dir():
        sys.exit(f"{UD} not found: the benchmark corpus is built from ../shared/corpus")
    pools: dict[str, list[str]] = {"hans": [], "hant": [], "all": []}
    for name in ud_names():
        sents = ud_sentences(name)
        pools["hans" if "simp" in name else "hant"].extend(sents)
        pools["all"].extend(sents)
    return pools


def documents(seed: int = 1, mixed_scripts: bool = False):
    """An endless, deterministic stream of documents. An article is written in one script, simplified
    two times in three (``mixed_scripts``: sentences from both, the corpus before 2026-11-22, where every
    article also held GSD sentences in both scripts)."""
    from cleancn import damage

    rng = random.Random(seed)
    pools = _sentences()
    everything = pools["all"]
    sents = everything
    verse = poems()
    seeds = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    spam_lines = [s.splitlines()[0] for s in seeds if s.startswith("免费")] or ["免费高清特黄a大片,九一h片在线免费看"]

    def article() -> tuple[str, list[str]]:
        nonlocal sents
        sents = everything if mixed_scripts else pools["hans" if rng.random() < 2 / 3 else "hant"]
        title = rng.choice(sents)[:24].rstrip("，。")
        paras = ["".join(rng.sample(sents, rng.randint(2, 5))) for _ in range(rng.randint(8, 30))]
        return title, paras

    n = 0
    while True:
        n += 1
        kind = rng.random()
        if n % 40 == 0:
            yield seeds[(n // 40) % len(seeds)]
            continue
        if kind < 0.10:
            yield "\n".join(rng.sample(verse, rng.randint(3, 12)))
            continue
        title, paras = article()
        if kind < 0.65:
            yield title + "\n\n" + "\n\n".join(paras) + "\n"
            continue
        which = rng.randrange(6)
        if which == 0:
            paras = [damage.pinyin_residue(p, rng) or p for p in paras]
        elif which == 1:
            i = rng.randrange(len(paras))
            paras[i] = damage.gbk_as_latin1(paras[i], rng) or paras[i]
        elif which == 2:
            i = rng.randrange(len(paras))
            paras[i] = damage.utf8_as_gbk_lossy(paras[i], rng) or paras[i]
        elif which == 3:
            paras = [damage.html_entities(p, rng) or p for p in paras]
            paras = [damage.invisible_chars(p, rng, share=0.01) or p for p in paras]
        elif which == 4:
            paras.insert(0, rng.choice(spam_lines))
            paras.append("\n".join(f"- {rng.choice(sents)[:20]} 2022-11-{rng.randint(10, 28)}" for _ in range(12)))
        else:
            paras.insert(len(paras) // 2, title)
        yield title + "\n\n" + "\n\n".join(paras) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=24.0, help="size to reach, in MB of UTF-8")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jsonl", action="store_true", help="write one JSONL file instead of a directory")
    ap.add_argument("--mixed-scripts", action="store_true",
                    help="articles of sentences from both scripts (the corpus before 2026-11-22)")
    args = ap.parse_args(argv)
    limit = int(args.mb * 1_000_000)
    written = 0
    stream = documents(args.seed, args.mixed_scripts)
    if args.jsonl:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as fh:
            i = 0
            while written < limit:
                i += 1
                line = json.dumps({"id": i, "text": next(stream)}, ensure_ascii=False) + "\n"
                fh.write(line)
                written += len(line.encode("utf-8"))
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        i = 0
        while written < limit:
            i += 1
            data = next(stream).encode("utf-8")
            (args.out / f"doc{i:06d}.txt").write_bytes(data)
            written += len(data)
    print(f"{args.out}: {written / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
