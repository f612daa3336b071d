"""cleancn.revealed: damage a repair uncovers is cleaned in the same run, with every finding still an
edit of the original (cleaning twice changes nothing more)."""
import random
from pathlib import Path

import pytest

from cleancn import damage
from cleancn.pipeline import Pipeline, apply_edits

REPO = Path(__file__).resolve().parents[1]
PARAGRAPHS = [p for p in (REPO / "examples" / "clean_article.txt").read_text(encoding="utf-8").splitlines()
              if len(p.strip()) >= 20]


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


def _assert_is_the_diff(text, result):
    for f in result.findings:
        assert f.text == text[f.start:f.end], f
    assert apply_edits(text, result.findings) == result.cleaned


def test_pinyin_inside_a_garbled_run_is_removed_with_its_repair(pipe):
    # A converter's pinyin, then the page's GBK bytes read as Latin-1: the annotations are garble too
    # ("(n¨¨i)") and appear only once the run is re-decoded.
    annotated = ("內(nèi)江市發(fā)展規(guī)劃提出加快建設現(xiàn)代產(chǎn)業(yè)體系，"
                 "自(zì)貢(gòng)市與內(nèi)江市推進同城化發(fā)展。")
    garbled = annotated.encode("gbk").decode("latin-1")
    result = pipe.run_text(garbled)
    assert result.cleaned == "內江市發展規劃提出加快建設現代產業體系，自貢市與內江市推進同城化發展。"
    assert any("then MOJ101" in f.message or f.code == "MOJ101" and "found once" in f.message
               for f in result.findings)
    _assert_is_the_diff(garbled, result)
    assert pipe.run_text(result.cleaned).cleaned == result.cleaned


def test_entity_split_by_an_invisible_character_is_decoded_and_keeps_the_entity_code(pipe):
    text = "今天天气很好&#122\u200b90;我们去公园散步"
    result = pipe.run_text(text)
    assert result.cleaned == "今天天气很好。我们去公园散步"
    edits = [f for f in result.findings if f.replacement is not None]
    assert [(f.code, f.text) for f in edits] == [("MOJ109", "&#122\u200b90;")]
    # The deletion it was built from stays in the report, as a flag that says where it went.
    assert any(f.code == "MOJ110" and f.replacement is None and "applied within the MOJ109" in f.message
               for f in result.findings)
    _assert_is_the_diff(text, result)


def test_a_page_level_decision_that_changes_is_carried_back(pipe):
    # Two annotations in plain sight are too few to remove (a lesson may write them); the garbled
    # paragraph holds many more. Once it is repaired the page is a converter's, and all of them go.
    visible = "市政府在內(nèi)江召開會議，自(zì)貢代表出席。"
    hidden = ("內(nèi)江市發(fā)展規(guī)劃提出加快建設現(xiàn)代產(chǎn)業(yè)體系，"
              "自(zì)貢(gòng)市與內(nèi)江市推進同城化發(fā)展。").encode("gbk").decode("latin-1")
    text = visible + "\n" + hidden
    result = pipe.run_text(text)
    assert "(" not in result.cleaned, result.cleaned
    _assert_is_the_diff(text, result)
    assert pipe.run_text(result.cleaned).cleaned == result.cleaned


def test_cleaning_twice_changes_nothing_on_mixed_damage(pipe):
    """Content damage first (pinyin, entities, tags, invisible characters), then each paragraph's bytes
    misread by a different decoder, as pages go through them; and the other order too."""
    whole = ["pinyin residue", "HTML entities", "invisible characters", "HTML tags", "pinyin residue, no tones"]
    per_paragraph = [k for k in damage.FAMILIES if k not in whole and damage.FAMILIES[k][3] in ("any", "hans")
                     and k != "unrecoverable markers"]
    rng = random.Random(5)
    checked = 0
    for i in range(24):
        paragraphs = [PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(3)]

        def content(text):
            for family in rng.sample(whole, 2):
                made = damage.FAMILIES[family][0](text, rng)
                text = made[1] if isinstance(made, tuple) else made or text
            return text

        def bytes_misread(text):
            out = []
            for p in text.split("\n"):
                made = damage.FAMILIES[rng.choice(per_paragraph)][0](p, rng)
                out.append(made[1] if isinstance(made, tuple) else made or p)
            return "\n".join(out)

        text = "\n".join(paragraphs)
        text = bytes_misread(content(text)) if i % 2 == 0 else content(bytes_misread(text))
        result = pipe.run_text(text)
        _assert_is_the_diff(text, result)
        assert pipe.run_text(result.cleaned).cleaned == result.cleaned, (i, text[:60])
        checked += 1
    assert checked == 24
