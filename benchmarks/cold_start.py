"""Cold start: `cleancn scan` on one 5 KB file against `python -c "import ftfy; ftfy.fix_text(...)"`.

    python benchmarks/cold_start.py [--runs 7]

Each run is a fresh process (median of the runs after one warm-up run that fills the OS file cache and
cleancn's character-model cache in ~/.cache/cleancn). The file is the first 5 KB of examples/clean_article.txt
repeated as needed.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def median_seconds(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    text = (REPO / "examples" / "clean_article.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    while len(data) < 5000:
        data += b"\n" + text.encode("utf-8")
    data = data[:5000].decode("utf-8", errors="ignore").encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "page.txt"
        f.write_bytes(data)
        rows = [
            ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"]),
            ("python -c 'import ftfy; ftfy.fix_text(...)'",
             [sys.executable, "-c", f"import ftfy; ftfy.fix_text(open({str(f)!r}, encoding='utf-8').read())"]),
            ("cleancn scan page.txt", [sys.executable, "-m", "cleancn", "scan", "--quiet", str(f)]),
            ("cleancn scan --format json page.txt",
             [sys.executable, "-m", "cleancn", "scan", "--quiet", "--format", "json", str(f)]),
        ]
        print(f"file: {len(data)} bytes; median of {args.runs} runs")
        print("| command | seconds |")
        print("|---|---|")
        for name, cmd in rows:
            print(f"| {name} | {median_seconds(cmd, args.runs):.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
