"""Instructions a scan executes, counted by valgrind's callgrind: the same count run after run whatever
this VM's neighbours do to the wall times, so two builds can be compared in two runs.

    python benchmarks/make_corpus.py /tmp/cleancn-bench/corpus --mb 24
    python benchmarks/instructions.py /tmp/cleancn-bench/corpus [--every 10] [--src OTHER_CHECKOUT/src]

Runs `python -m cleancn scan --format json --jobs 1 --no-cache` over every tenth file of the corpus
(301 files, 2.2 MB of the 24 MB corpus), once to fill the user cache (character model, compiled
patterns, the prescreen's databases: after a first run they are read, not built), then under callgrind.
``--src`` puts another checkout's sources first on sys.path, to count the build a change started from.
A slice this size is under the 3 million characters after which a process compiles a missing prescreen
database: run a full scan first when the cache is empty, or the count is of the screens without it.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--every", type=int, default=10, help="take every Nth file, from the first")
    ap.add_argument("--src", type=Path, help="a checkout's src/ to count instead of the installed cleancn")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    # Bytecode must be written, or every module changed since it last was is compiled again in the
    # counted run (~90 M instructions a module; a checkout never run compiles all of them).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if args.src:
        env["PYTHONPATH"] = str(args.src.resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    files = sorted(args.corpus.glob("*.txt"))[::args.every]
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            (Path(tmp) / f.name).symlink_to(f.resolve())
        cmd = [sys.executable, "-m", "cleancn", "scan", "--format", "json", "--jobs", "1", "--no-cache", "-q",
               "-o", os.devnull, tmp]
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.devnull, *cmd],
                             env=env, capture_output=True, text=True)
    m = re.search(r"Collected\s*:\s*(\d+)", run.stderr)
    if m is None:
        sys.exit(f"callgrind gave no count:\n{run.stderr[-2000:]}")
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"{len(files)} files, {mb:.1f} MB: {int(m.group(1)) / 1e6:,.0f} M instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
