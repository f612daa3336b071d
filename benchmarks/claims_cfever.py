"""How often the claim detector fires on ordinary fact-check claims (../shared/corpus/cfever, 3,000
human-written claims about Wikipedia, traditional script). The generic detector (CLM402) looks for two
administrative units plus a merger or abolition predicate; it should stay silent on claims that are not
about administrative divisions, whatever their truth.

    python benchmarks/claims_cfever.py [--show 10]

Prints the firing rate per code, per domain, and the claims that fired, for reading.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from _corpus import SHARED


CONTROLS = ["樂山與眉山將合併", "自貢和內江合併了", "網傳廣州佛山合併"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    path = SHARED / "corpus" / "cfever" / "dev.jsonl"
    if not path.exists():
        sys.exit(f"{path} not found")
    from cleancn.config import Config
    from cleancn.pipeline import Pipeline

    pipe = Pipeline(Config(select=("claim",)))
    # Controls, so a silent detector cannot pass for a precise one.
    for control in CONTROLS:
        codes = sorted({f.code for f in pipe.run_text(control).findings})
        print(f"control {control!r}: {codes or 'NOT FLAGGED'}")
        if not codes:
            sys.exit("the claim detector did not fire on a control: the measurement below would mean nothing")
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]
    merger_words = sum(any(w in r["claim"] for w in ("合併", "合并", "撤銷", "撤销", "併入", "并入")) for r in rows)
    print(f"claims with a merger or abolition word: {merger_words}")
    fired = []
    by_code: Counter = Counter()
    by_domain: Counter = Counter()
    domains = Counter(r["domain"] for r in rows)
    for r in rows:
        codes = {f.code for f in pipe.run_text(r["claim"]).findings}
        if codes:
            fired.append((r, sorted(codes)))
            by_code.update(codes)
            by_domain[r["domain"]] += 1
    n = len(rows)
    print(f"{n} claims; the claim detector fired on {len(fired)} ({100 * len(fired) / n:.2f}%)")
    for code in ("CLM401", "CLM402"):
        print(f"  {code}: {by_code[code]} ({100 * by_code[code] / n:.2f}%)")
    for d, k in by_domain.most_common():
        print(f"  domain {d}: {k} of {domains[d]}")
    for r, codes in fired[:args.show]:
        print(f"  [{','.join(codes)}] {r['label']}: {r['claim']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
