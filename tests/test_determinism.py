"""The report does not depend on the process: the same text gives the same findings whatever Python's
string hash seed is (set and frozenset order follows it). A repair that chose among equally scored
readings in a frozenset's order once wrote 當地 in one process and 噹地 in the next, which a baseline or
the scan cache would then report as a change."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, random, sys
from pathlib import Path
from cleancn import damage
from cleancn.config import Config
from cleancn.pipeline import Pipeline

pipe = Pipeline(Config())
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
base = [t for t in texts if len(t) > 200][:3]
# A traditional paragraph too: Big5/GBK families need one.
base.append("在香港，這條鐵路支線經過該地，引起了對該處生態的關注。市議會決定重新評估當地的發展計劃，"
            "並聽取居民的意見。專家表示，過度開發將對環境造成嚴重影響。")
# GBK read as Big5 loses 當's lead byte here; 當 and 噹 then score alike (both are 当).
base.append("2002年姚福信在遼寧市看守所拘留期間，受到了當地公安機關的嚴重虐待，導致姚福信的腿落下了抽搐的毛病。")
out = []
for family, (fn, *_rest) in damage.FAMILIES.items():
    rng = random.Random(family)
    for text in base:
        made = fn(text, rng)
        made = made[1] if isinstance(made, tuple) else made
        if made:
            r = pipe.run_text(made)
            out.append([family, r.score, [(f.code, f.start, f.end, f.replacement) for f in r.findings]])
for text in texts:
    r = pipe.run_text(text)
    out.append([r.score, [(f.code, f.start, f.end, f.replacement) for f in r.findings]])
print(json.dumps(out, ensure_ascii=False))
"""


def _run(seed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(REPO / "examples")], env=env, capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def test_findings_do_not_depend_on_the_hash_seed():
    first, *others = [_run(seed) for seed in ("1", "2", "3")]  # a tie falls either way about half the time
    assert len(first) > len(list((REPO / "examples").glob("*.txt")))  # the damaged texts were made
    for other in others:
        assert other == first
