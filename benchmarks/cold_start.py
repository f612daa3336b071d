"""Cold start: `cleancn scan` on one 5 KB file against `python -c "import ftfy; ftfy.fix_text(...)"`.

    python benchmarks/cold_start.py [--runs 15]

Each run is a fresh process. cleancn runs as users run it, through its console script. The commands
are interleaved run by run (this machine's timings drift), after one warm-up run of each that fills the
OS file cache and cleancn's user cache (character model, parsed rules; ~/.cache/cleancn). Bytecode is
cached as after `pip install` (PYTHONDONTWRITEBYTECODE is dropped for the children, so an editable
install writes its .pyc files in the warm-up). The scan cache is off (--no-cache) except in the last
cleancn row, a re-run over an unchanged file. The file is examples/clean_article.txt repeated to 5 KB.

With --instructions, each command also runs once under valgrind's callgrind, which counts the
instructions the process executes: the same count run after run whatever the machine's load (wall
times on this VM drift 10-40%), though it leaves out waiting on the disk and page faults.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
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
    ap.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
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
        counts = {name: _instructions(cmd, env) for name, cmd in rows} if args.instructions else {}
    print(f"file: {len(data)} bytes; {args.runs} interleaved runs")
    extra = " million instructions |" if counts else ""
    print("| command | median s | fastest s |" + extra)
    print("|---|---|---|" + ("---|" if counts else ""))
    for name, _ in rows:
        cells = f"| {name} | {statistics.median(times[name]):.3f} | {min(times[name]):.3f} |"
        print(cells + (f" {counts[name]} |" if counts else ""))
    return 0


def _instructions(cmd: list[str], env: dict) -> str:
    if not shutil.which("valgrind"):
        return "n/a (no valgrind)"
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    return f"{int(found.group(1)) / 1e6:.0f}" if found else "n/a"


if __name__ == "__main__":
    sys.exit(main())
