"""Do two builds find the same things? For speed work, which must change nothing a user sees.

    python benchmarks/same_findings.py write before.jsonl [--corpus DIR ...]
    ...change the code...
    python benchmarks/same_findings.py compare before.jsonl [--corpus DIR ...]

Runs the default pipeline in-process over a probe set and writes, per text, its score, verdict and every
finding (code, span, replacement, message, severity, claim fields). ``compare`` runs the current build
over the same set and prints the first differences; it exits 1 when there are any. The probe set: the
YAML cases, the labelled spam files, the examples, and, when ../shared is present, the seeds, UD
Chinese, chinese-poetry, ftfy's test cases, CFEVER claims and every damage family of ``cleancn.damage``
applied to UD text (fixed seed), plus each ``--corpus`` directory's *.txt files (the throughput
corpus, say). The compiled page screens (cleancn.prescreen) are on from the first text;
``--no-prescreen`` turns them off, to compare the two paths.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from _corpus import REPO, SHARED, UD, poems, ud_names, ud_sentences


def probe_texts(corpora: list[Path]):
    """(name, text) for every text of the probe set, in a fixed order."""
    import yaml

    for f in sorted((REPO / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")):
            yield f"case:{f.stem}:{case['id']}", case["text"]
    for folder in (REPO / "tests" / "spam_labelled", REPO / "examples"):
        for p in sorted(folder.glob("*.txt")):
            yield f"file:{p.relative_to(REPO)}", p.read_text(encoding="utf-8")
    if SHARED.is_dir():
        for p in sorted((SHARED / "seeds").glob("*.txt")):
            yield f"seed:{p.name}", p.read_text(encoding="utf-8")
        if UD.is_dir():
            from cleancn import damage

            for name in ud_names():
                sents = ud_sentences(name)
                for i in range(0, len(sents), 20):
                    yield f"ud:{name}:{i}", "".join(sents[i:i + 20])
            pool = ud_sentences("gsdsimp-test") + ud_sentences("gsd-trad-test")
            for family, (fn, *_rest) in damage.FAMILIES.items():
                rng = random.Random(f"same-findings:{family}")
                for k in range(40):
                    clean = "".join(rng.sample(pool, 3))
                    damaged = fn(clean, rng)
                    if isinstance(damaged, tuple):  # (clean reference, damaged) for families that damage a part
                        damaged = damaged[1]
                    if damaged:
                        yield f"damage:{family}:{k}", damaged
        for i, poem in enumerate(poems()[::7]):
            yield f"poem:{i}", poem
        ftfy_cases = SHARED / "corpus" / "ftfy-test-cases"
        for f in sorted(ftfy_cases.glob("*.json")):
            for i, case in enumerate(json.loads(f.read_text(encoding="utf-8"))):
                if isinstance(case, dict) and isinstance(case.get("original"), str):
                    yield f"ftfy:{f.stem}:{i}", case["original"]
        cfever = SHARED / "corpus" / "cfever" / "dev.jsonl"
        if cfever.is_file():
            for i, line in enumerate(cfever.read_text(encoding="utf-8").splitlines()):
                claim = json.loads(line).get("claim")
                if isinstance(claim, str):
                    yield f"cfever:{i}", claim
    for n, root in enumerate(corpora):
        for p in sorted(root.rglob("*.txt")):
            yield f"corpus{n}:{p.relative_to(root)}", p.read_text(encoding="utf-8", errors="replace")


def records(corpora: list[Path], prescreen: bool):
    from cleancn.model import Document
    from cleancn.pipeline import Pipeline

    from cleancn import prescreen as ps

    pipe = Pipeline()
    if prescreen:
        ps.enable(start_after=0, compile_after=0)  # from the first text, so every text goes through it
    else:
        ps.disable()
    for name, text in probe_texts(corpora):
        result = pipe.run(Document(text=text))
        yield {"name": name, "score": result.score, "verdict": result.verdict, "errors": result.errors,
               "findings": [[f.code, f.start, f.end, f.replacement, f.message, f.severity.value, f.claim_id,
                             f.stance] for f in result.findings]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("write", "compare"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--corpus", type=Path, action="append", default=[])
    ap.add_argument("--no-prescreen", action="store_true", help="compiled page screens off")
    ap.add_argument("--show", type=int, default=10, help="differences to print")
    args = ap.parse_args(argv)
    if args.mode == "write":
        n = 0
        with args.file.open("w", encoding="utf-8") as out:
            for rec in records(args.corpus, not args.no_prescreen):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        print(f"{args.file}: {n} texts")
        return 0
    saved = {rec["name"]: rec for rec in map(json.loads, args.file.read_text(encoding="utf-8").splitlines())}
    now = list(records(args.corpus, not args.no_prescreen))
    new = [r["name"] for r in now if r["name"] not in saved]
    gone = len(saved) - (len(now) - len(new))
    if new or gone:  # a damage family added, another ../shared or --corpus: the texts both hold are compared
        print(f"{len(new)} texts only in this run (first: {new[:3]}), {gone} only in {args.file}")
    differ = [(saved[r["name"]], r) for r in now if r["name"] in saved and saved[r["name"]] != r]
    for a, b in differ[:args.show]:
        print(f"--- {a['name']}")
        for key in ("score", "verdict", "errors"):
            if a[key] != b[key]:
                print(f"  {key}: {a[key]} -> {b[key]}")
        old = [" | ".join(map(str, f))[:160] for f in a["findings"]]
        new = [" | ".join(map(str, f))[:160] for f in b["findings"]]
        gone, added = [f for f in old if f not in new], [f for f in new if f not in old]
        for f in gone[:5]:
            print("  - " + f)
        for f in added[:5]:
            print("  + " + f)
        if old != new and not gone and not added:
            print("  (the same findings in another order)")
    print(f"{len(now) - len(new)} texts compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
