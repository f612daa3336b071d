"""Cold start: `cleancn scan` on one 5 KB file against `python -c "import ftfy; ftfy.fix_text(...)"`.

    python benchmarks/cold_start.py [--runs 15]

Each run is a fresh process. cleancn runs as users run it, through its console script. The commands
are interleaved run by run (this machine's timings drift), after one warm-up run of each that fills the
OS file cache and cleancn's user cache (character model, parsed rules; ~/.cache/cleancn). Bytecode is
cached as after `pip install` (PYTHONDONTWRITEBYTECODE is dropped for the children, so an editable
install writes its .pyc files in the warm-up). The scan cache is off (--no-cache) except in the last
cleancn row, a re-run over an unchanged file. The file is examples/clean_article.txt repeated to 5 KB.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)
    text = (REPO / "examples" / "clean_article.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    while len(data) < 5000:
        data += b"\n" + text.encode("utf-8")
    data = data[:5000].decode("utf-8", errors="ignore").encode("utf-8")
    script = Path(sys.executable).parent / "cleancn"
    cleancn = [str(script)] if script.exists() else [sys.executable, "-m", "cleancn"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "page.txt"
        f.write_bytes(data)
        rows = [
            ("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"]),
            ("python -c 'import ftfy; ftfy.fix_text(...)'",
             [sys.executable, "-c", f"import ftfy; ftfy.fix_text(open({str(f)!r}, encoding='utf-8').read())"]),
            ("cleancn scan --no-cache page.txt (text report)", cleancn + ["scan", "--quiet", "--no-cache", str(f)]),
            ("cleancn scan --no-cache --format json page.txt",
             cleancn + ["scan", "--quiet", "--no-cache", "--format", "json", str(f)]),
            ("cleancn scan page.txt, unchanged file (scan cache)", cleancn + ["scan", "--quiet", str(f)]),
        ]
        times: dict[str, list[float]] = {name: [] for name, _ in rows}
        for _, cmd in rows:
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(args.runs):
            for name, cmd in rows:
                t = time.perf_counter()
                subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - t)
    print(f"file: {len(data)} bytes; {args.runs} interleaved runs")
    print("| command | median s | fastest s |")
    print("|---|---|---|")
    for name, _ in rows:
        print(f"| {name} | {statistics.median(times[name]):.3f} | {min(times[name]):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
