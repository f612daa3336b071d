"""Precision first: not one edit on the public clean corpora in ../shared/corpus (skipped without it)."""
import json

import pytest

from cleancn.model import Document

from conftest import shared_path


def _edits(pipeline, text):
    return [(f.code, f.text[:30]) for f in pipeline.run(Document(text=text)).findings if f.replacement is not None]


@pytest.mark.parametrize("name", ["gsdsimp-dev", "gsdsimp-test", "gsd-trad-dev", "gsd-trad-test", "pud-trad-test"])
def test_ud_chinese_untouched(pipeline, name):
    path = shared_path("corpus", "ud-chinese", f"{name}.jsonl")
    sents = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    # As one document (paragraph per sentence) and sentence by sentence.
    assert _edits(pipeline, "\n\n".join(sents)) == []
    bad = [(s, e) for s in sents if (e := _edits(pipeline, s))]
    assert bad == []


def test_ud_chinese_no_claims(pipeline):
    folder = shared_path("corpus", "ud-chinese")
    for f in folder.glob("*.jsonl"):
        text = "\n".join(json.loads(line)["text"] for line in f.open(encoding="utf-8"))
        claims = [x for x in pipeline.run(Document(text=text)).findings if x.detector == "claim"]
        assert claims == [], f.name


def _poems(data):
    if isinstance(data, dict):
        if "paragraphs" in data and isinstance(data["paragraphs"], list):
            yield "\n".join(p for p in data["paragraphs"] if isinstance(p, str))
        if "content" in data and isinstance(data["content"], list) and all(isinstance(x, str) for x in data["content"]):
            yield "\n".join(data["content"])
        for v in data.values():
            if isinstance(v, (list, dict)):
                yield from _poems(v)
    elif isinstance(data, list):
        for x in data:
            yield from _poems(x)


def test_chinese_poetry_untouched(pipeline):
    folder = shared_path("corpus", "chinese-poetry")
    bad = []
    count = 0
    for f in sorted(folder.rglob("*.json")):
        for poem in _poems(json.loads(f.read_text(encoding="utf-8"))):
            count += 1
            if e := _edits(pipeline, poem):
                bad.append((f.name, poem[:20], e[:3]))
    assert count > 1000
    assert bad == []


def test_seed_article_bodies_keep_their_lines(pipeline):
    """Spam deletions in the seeds never take an article line: every deleted line is spam-shaped."""
    seeds = shared_path("seeds")
    for f in sorted(seeds.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        for x in pipeline.run(Document(text=text)).findings:
            if x.detector == "spam":
                # No deleted block contains a long prose sentence ending in 。 except disclaimers.
                for line in x.text.splitlines():
                    long_prose = len(line.strip()) > 60 and line.strip().endswith("。")
                    assert not long_prose or "本站" in line, (f.name, line)


def test_cfever_claims_do_not_trigger_the_claim_detector():
    """3,000 ordinary fact-check claims (none about merging Chinese administrative divisions, 14 with a
    merger word about other countries): the claim detector must stay silent on all of them."""
    from cleancn.config import Config
    from cleancn.pipeline import Pipeline

    path = shared_path("corpus", "cfever", "dev.jsonl")
    pipe = Pipeline(Config(select=("claim",)))
    assert pipe.run_text("樂山與眉山將合併").findings  # the detector is alive
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]
    fired = [r["claim"] for r in rows if pipe.run_text(r["claim"]).findings]
    assert len(rows) == 3000
    assert fired == []


# --- ftfy's own test cases: mojibake and near-mojibake in other languages ----------------------------
# cleancn's Chinese repairs (pinyin, GBK/Big5 re-decoding, misaligned runs, script mixing) must never
# fire on them; ftfy's "negative" cases (not mojibake, though they look like it) must come out as ftfy
# says they should.

CHINESE_CODES = ("MOJ101", "MOJ102", "MOJ103", "MOJ104", "MOJ105", "MOJ106", "MOJ111")


def _ftfy_cases(name):
    return json.loads(shared_path("corpus", "ftfy-test-cases", name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["negative.json", "in-the-wild.json", "synthetic.json", "language-names.json",
                                  "known-failures.json"])
def test_no_chinese_repair_on_ftfy_cases(pipeline, name):
    bad = []
    for case in _ftfy_cases(name):
        found = [(f.code, f.text) for f in pipeline.run(Document(text=case["original"])).findings
                 if f.code in CHINESE_CODES]
        if found:
            bad.append((case["label"], found[:3]))
    assert bad == []


def test_ftfy_negative_cases_come_out_as_ftfy_says(pipeline):
    bad = []
    for case in _ftfy_cases("negative.json"):
        cleaned = pipeline.run(Document(text=case["original"])).cleaned
        if cleaned not in (case["original"], case["fixed"]):
            bad.append((case["label"], cleaned))
    assert bad == []
