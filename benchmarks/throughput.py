"""Throughput of `cleancn scan --format json` on the mixed corpus, against ftfy on the same files.

    python benchmarks/make_corpus.py /tmp/cleancn-bench/corpus --mb 24
    python benchmarks/throughput.py /tmp/cleancn-bench/corpus [--jobs 1 2]

Both sides are timed end to end as a user runs them: a fresh process that reads every file, decodes it
and processes it (cleancn writes its JSON report to /dev/null; ftfy's fixed text is discarded). ftfy runs
with DataTrove's settings (its FTFYFormatter: no width folding, no uncurling, no ligature or line-break
changes, no normalisation) and with its defaults. MB means 10^6 bytes of UTF-8 input. The cache is
off for the timed cleancn runs, except the last row. The rows are run in --repeat rounds (default 3),
each round every row once, since this VM's speed drifts within minutes; each row gives its fastest run
with that run's CPU time, and the last line cleancn's throughput over ftfy's round by round.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

FTFY_SCRIPT = r"""
import sys, pathlib, ftfy
defaults = sys.argv[2] == "defaults"
cfg = None if defaults else ftfy.TextFixerConfig(
    unescape_html="auto", remove_terminal_escapes=True, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=True, remove_control_chars=True, normalization=None)
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    text = p.read_text(encoding="utf-8")
    ftfy.fix_text(text) if defaults else ftfy.fix_text(text, cfg)
"""


def corpus_mb(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*.txt")) / 1e6


def once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3, help="rounds of every row; the fastest is reported")
    args = ap.parse_args(argv)
    mb = corpus_mb(args.corpus)
    files = sum(1 for _ in args.corpus.rglob("*.txt"))
    cleancn = [sys.executable, "-m", "cleancn"]
    rows = [(name, [sys.executable, "-c", FTFY_SCRIPT, str(args.corpus), mode])
            for name, mode in (("ftfy, DataTrove settings", "datatrove"), ("ftfy, defaults", "defaults"))]
    rows += [(f"cleancn scan --format json --jobs {jobs}",
              cleancn + ["scan", "--format", "json", "-o", os.devnull, "--quiet", "--no-cache", "--jobs", str(jobs),
                         str(args.corpus)]) for jobs in args.jobs]
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        # CI re-runs over a corpus that barely changed: the second run reads the scan cache.
        cached = cleancn + ["scan", "--format", "json", "-o", os.devnull, "--quiet", "--cache-dir", cache,
                            "--jobs", str(max(args.jobs)), str(args.corpus)]
        subprocess.run(cached, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows.append((f"cleancn scan, second run with the cache (--jobs {max(args.jobs)})", cached))
        # Rounds of every row in turn: this VM's speed drifts within minutes, and a ratio is fair only
        # between runs made side by side.
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in rows}
        for _ in range(args.repeat):
            for name, cmd in rows:
                times[name].append(once(cmd))
    print(f"corpus: {args.corpus} ({files} files, {mb:.1f} MB), {os.cpu_count()} cores, {args.repeat} rounds")
    print("| run | seconds | MB/s | CPU seconds |")
    print("|---|---|---|---|")
    for name, _ in rows:
        wall, cpu = min(times[name])
        print(f"| {name} | {wall:.1f} | {mb / wall:.2f} | {cpu:.1f} |")
    ftfy, own = times["ftfy, DataTrove settings"], times[rows[2][0]]
    ratios = sorted(f[0] / c[0] for f, c in zip(ftfy, own))
    print(f"{rows[2][0]} against ftfy with DataTrove's settings, round by round: "
          + ", ".join(f"{r:.2f}x" for r in ratios) + f" (median {ratios[len(ratios) // 2]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
