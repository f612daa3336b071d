"""Damage our own clean fixture the way the web does (cleancn.damage) and check that ``clean`` gives it
back. The full-size measurement over ud-chinese is benchmarks/mojibake_synth.py (docs/mojibake-benchmark.md);
this keeps the mechanisms from regressing on every run, without ../shared."""
import random
from pathlib import Path

import pytest

from cleancn import damage
from cleancn.config import Config
from cleancn.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
PARAGRAPHS = [p for p in (REPO / "examples" / "clean_article.txt").read_text(encoding="utf-8").splitlines()
              if len(p.strip()) >= 20]


def _traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(Config())


def _cases(family):
    fn, code, lossless, script = damage.FAMILIES[family]
    texts = [_traditional(p) for p in PARAGRAPHS] if script == "hant" else PARAGRAPHS
    rng = random.Random(family)
    out = []
    for clean in texts:
        made = fn(clean, rng)
        if isinstance(made, tuple):
            clean, made = made
        if made is not None and made != clean:
            out.append((clean, made))
    return out, code, lossless


@pytest.mark.parametrize("family", [f for f, v in damage.FAMILIES.items() if v[2]])
def test_lossless_family_is_repaired_exactly(pipe, family):
    cases, code, _ = _cases(family)
    if not cases:
        pytest.skip(f"{family}: the fixture has no text this damage can be made from")
    for clean, damaged in cases:
        result = pipe.run_text(damaged)
        assert any(f.code == code for f in result.findings), (family, damaged[:40])
        assert result.cleaned == clean, (family, damaged[:40])


def test_lossy_utf8_as_gbk_recovers_most_characters(pipe):
    for family in ("UTF-8 as GBK, lost bytes as U+FFFD", "UTF-8 as GBK, lost bytes as ?",
                   "UTF-8 as GBK, lost bytes dropped"):
        cases, code, _ = _cases(family)
        assert cases
        total = matched = 0
        for clean, damaged in cases:
            matched += damage.recovered_share(clean, pipe.run_text(damaged).cleaned) * len(clean)
            total += len(clean)
        assert matched / total >= 0.93, (family, matched / total)


@pytest.mark.parametrize("family", ["Big5 as GBK, lost bytes as U+FFFD", "GBK as Big5, lost bytes as U+FFFD"])
def test_lossy_big5_gbk_recovers_most_characters(pipe, family):
    cases, code, _ = _cases(family)
    assert cases
    total = matched = 0
    for clean, damaged in cases:
        result = pipe.run_text(damaged)
        assert any(f.code == code for f in result.findings), damaged[:40]
        matched += damage.recovered_share(clean, result.cleaned) * len(clean)
        total += len(clean)
    # ud-chinese (docs/mojibake-benchmark.md): 93% for Big5 read as GBK, 98% for GBK read as Big5.
    assert matched / total >= 0.88, (family, matched / total)


def test_unrecoverable_markers_are_flagged_not_guessed(pipe):
    cases, code, _ = _cases("unrecoverable markers")
    for clean, damaged in cases:
        result = pipe.run_text(damaged)
        assert any(f.code == "MOJ108" for f in result.findings)
        assert result.cleaned == damaged


@pytest.mark.parametrize("family", list(damage.FAMILIES))
def test_a_good_paragraph_beside_damage_is_untouched(pipe, family):
    """Document-level evidence (a page proven garbled re-reads its short runs) must not reach the good
    text beside the damage: a real dash, a lone 或 between digits, the á of a Latin name."""
    cases, _, _ = _cases(family)
    if not cases:
        pytest.skip(f"{family}: the fixture has no text this damage can be made from")
    goods = PARAGRAPHS + [_traditional(p) for p in PARAGRAPHS] + [
        "我必须向安迪道贺——成为世界冠军是一个令人难以置信的成就……他说。",
        "每天服用2或3次，每次1片，连服7天。",
        "墨西哥外交官岡薩雷斯（Alejandra González Anaya）向記者解釋了原因。"]
    for k, (clean, damaged) in enumerate(cases):
        # Another paragraph than the damaged one's (the same one in the other script is a copy).
        others = [g for g in goods if g[:12] not in (clean[:12], _traditional(clean)[:12])]
        good = others[(3 * k + 1) % len(others)]
        for text in (damaged + "\n" + good, good + "\n" + damaged):
            cleaned = pipe.run_text(text).cleaned
            assert good in cleaned.split("\n"), (family, good[:30], cleaned[:80])


def test_lossy_big5_gbk_reading_stops_at_its_budget(monkeypatch):
    """A page-long line of garble must not hold a batch run for minutes: past MAX_READ_CHARS the runs
    are left (flagged as unrecoverable markers), the ones before are repaired."""
    from cleancn.config import Config
    from cleancn.detectors import big5_gbk_lossy
    from cleancn.detectors.mojibake import MojibakeDetector
    from cleancn.model import Document
    from cleancn.rules import rule_roots

    garble = "籓�_カ現┎さぱ�l秨癘�谭|�A弧����カ竒蕾薄猵�C"
    text = garble + "\n" + garble + "\n"
    monkeypatch.setattr(big5_gbk_lossy, "MAX_READ_CHARS", len(garble) + 5)
    found = list(MojibakeDetector(Config(), rule_roots(())).detect(Document(text=text)))
    repaired = [f for f in found if f.code == "MOJ106"]
    assert [(f.start, f.replacement) for f in repaired] == [(0, "臺北市政府今天召開記者會，說明全市經濟情況。")]
    assert any(f.code == "MOJ108" and f.start > len(garble) for f in found)
