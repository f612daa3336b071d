"""Peak memory of `cleancn clean --jsonl-field text` over growing JSONL corpora: it should stay flat.

    python benchmarks/memory.py [--sizes 64 256 1024] [--jobs 2] [--workdir /tmp/cleancn-bench]

Each corpus is written by benchmarks/make_corpus.py --jsonl (reused when present). Peak RSS is the
largest resident set of the cleancn process or any of its workers (getrusage RUSAGE_CHILDREN, which
Linux reports in KiB), measured in a fresh process per run.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROBE = r"""
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, rc)
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[64, 256, 1024], help="corpus sizes in MB")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/cleancn-bench"))
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print("| corpus | records | seconds | MB/s | peak RSS (MiB) |")
    print("|---|---|---|---|---|")
    for mb in args.sizes:
        src = args.workdir / f"corpus-{int(mb)}mb.jsonl"
        if not src.exists():
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(src), "--jsonl", "--mb", str(mb)],
                           check=True)
        out = args.workdir / f"out-{int(mb)}mb.jsonl"
        records = sum(1 for _ in open(src, "rb"))
        cmd = [sys.executable, "-m", "cleancn", "clean", "--quiet", "--jsonl-field", "text", "--jobs",
               str(args.jobs), "-o", str(out), str(src)]
        probe = subprocess.run([sys.executable, "-c", PROBE, *cmd], capture_output=True, text=True, check=True)
        rss_kib, seconds, rc = probe.stdout.split()
        size = src.stat().st_size / 1e6
        print(f"| {size:.0f} MB | {records} | {float(seconds):.0f} | {size / float(seconds):.2f} | "
              f"{int(rss_kib) / 1024:.0f} |", flush=True)
        out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
