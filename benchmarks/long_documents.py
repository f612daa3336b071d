"""Long documents: one page of many articles, and one line with no break, against the same text in files.

    python benchmarks/make_corpus.py /tmp/cleancn-bench/corpus --mb 24
    python benchmarks/long_documents.py /tmp/cleancn-bench/corpus [--files 600] [--line-files 100]

A novel stored as one JSONL record, or a page scraped without line breaks, is one document of megabytes.
Work that grows faster than the text (each candidate against every earlier one, a diff of a whole line)
shows here and not on web-page-sized files: the same characters are scanned as the corpus's files, as
one document (the files joined by blank lines) and as one line (newlines dropped), each in a fresh
`cleancn scan --format json --no-cache` process, fastest of --repeat runs. A last row does the same
with a line of random Latin-1 / cp1252 characters, against the same characters in files of 2,000.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], repeat: int) -> float:
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best or 1e9, time.perf_counter() - t)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--files", type=int, default=600, help="corpus files joined into one document")
    ap.add_argument("--line-files", type=int, default=100, help="corpus files joined into one line")
    ap.add_argument("--garble-chars", type=int, default=200_000,
                    help="characters of the line of random Latin-1 / cp1252 garble (0: no such row)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    scan = [sys.executable, "-m", "cleancn", "scan", "--format", "json", "--no-cache", "-q", "--jobs", "1",
            "-o", os.devnull]
    print("| input | characters | seconds as one | seconds as files |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, n, joiner, fold in (("one document", args.files, "\n\n", False),
                                      ("one line", args.line_files, "", True)):
            texts = [p.read_text(encoding="utf-8") for p in files[:n]]
            if fold:
                texts = [t.replace("\n", "") for t in texts]
            one = Path(tmp) / f"{name.replace(' ', '-')}.txt"
            one.write_text(joiner.join(texts), encoding="utf-8")
            parts = Path(tmp) / name.replace(" ", "-")
            parts.mkdir()
            for i, t in enumerate(texts):
                (parts / f"{i:05d}.txt").write_text(t, encoding="utf-8")
            whole, apart = timed(scan + [str(one)], args.repeat), timed(scan + [str(parts)], args.repeat)
            print(f"| {name} ({n} files) | {sum(map(len, texts)):,} | {whole:.1f} | {apart:.1f} |", flush=True)
        if args.garble_chars:
            # Bytes of no text read as Latin-1 or cp1252: every check that re-reads such runs sees one run
            # the length of the line, with a screen match every few characters.
            import random

            rng = random.Random(7)
            pool = [chr(c) for c in range(0xA0, 0x100)] + list("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
            garble = "".join(rng.choice(pool) for _ in range(args.garble_chars))
            one = Path(tmp) / "garble.txt"
            one.write_text("开头的中文。" + garble + "\n", encoding="utf-8")
            parts = Path(tmp) / "garble"
            parts.mkdir()
            for i in range(0, len(garble), 2000):
                (parts / f"{i:07d}.txt").write_text("开头的中文。" + garble[i:i + 2000] + "\n", encoding="utf-8")
            whole, apart = timed(scan + [str(one)], args.repeat), timed(scan + [str(parts)], args.repeat)
            print(f"| one line of Latin-1/cp1252 garble | {len(garble):,} | {whole:.1f} | {apart:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
