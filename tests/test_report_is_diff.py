"""The report is the diff: applying the JSON report's replacements to the original gives exactly the
``clean`` output, on every fixture (cases, examples, seeds) and on arbitrary text."""
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cleancn.model import Document
from cleancn.pipeline import apply_edits
from cleancn.report import document_record

from conftest import REPO, SHARED


def _apply_records(text, record):
    out, pos = [], 0
    for f in sorted((f for f in record["findings"] if f["replacement"] is not None), key=lambda f: f["start"]):
        assert f["start"] >= pos, "report edits overlap"
        out.append(text[pos:f["start"]])
        out.append(f["replacement"])
        pos = f["end"]
    out.append(text[pos:])
    return "".join(out)


def _check(pipeline, text):
    result = pipeline.run(Document(text=text))
    record = json.loads(json.dumps(document_record(result), ensure_ascii=False))
    for f in record["findings"]:
        assert 0 <= f["start"] <= f["end"] <= len(text)
        assert f["text"] == text[f["start"]:f["end"]]
    assert _apply_records(text, record) == result.cleaned
    return result


def _fixtures():
    for f in sorted((REPO / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")):
            yield pytest.param(case["text"], id=f"case:{f.stem}:{case['id']}")
    for f in sorted((REPO / "examples").glob("*.txt")):
        yield pytest.param(f.read_text(encoding="utf-8"), id=f"example:{f.name}")
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        for f in sorted(seeds.glob("*.txt")):
            yield pytest.param(f.read_text(encoding="utf-8"), id=f"seed:{f.name[:3]}")


@pytest.mark.parametrize("text", list(_fixtures()))
def test_report_is_the_diff(pipeline, text):
    _check(pipeline, text)


PIECES = st.sampled_from(["內(nèi)江", "發(fā)展", "\r\n", "\n\n", "𠀀𪚥", "😀", "\u200b", "& mdash", "&amp;",
                          "锟斤拷", "鍙戝睍", "ÄÚ½­", "?", "分享", "相关阅读", "- 全球速看:标题2022-11-25",
                          "毛片在线观看,一级特黄,", "自贡内江合并", "。", "整理", "abc"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30))
def test_offsets_valid_on_arbitrary_text(pipeline, parts):
    _check(pipeline, "".join(parts))


def test_apply_edits_refuses_overlap():
    from cleancn.model import Finding, Severity

    a = Finding("x", "MOJ110", Severity.INFO, 0, 3, "abc", "", "m")
    b = Finding("x", "MOJ110", Severity.INFO, 2, 4, "cd", "", "m")
    with pytest.raises(ValueError):
        apply_edits("abcd", [a, b])


def test_overlap_longest_edit_wins(pipeline):
    text = "內(nèi)江內(nèi)江內(nèi)江,毛片在线观看,一级特黄,黄片免费看,无遮挡\n正文。"
    result = _check(pipeline, text)
    spam = [f for f in result.findings if f.code == "SPM201"]
    assert spam and spam[0].replacement == ""
    inside = [f for f in result.findings if f.code == "MOJ101"]
    assert inside and all(f.replacement is None and "not applied" in f.message for f in inside)
    assert result.cleaned == "正文。"


# Cleaning is idempotent on real pages: what `clean` writes holds nothing more to clean. An edit that
# makes new damage (an escaped tag decoded into a tag) shows here. Not on arbitrary text: where every
# kind of damage is mixed into one line, a repair can uncover a spam line that the garble hid.

@pytest.mark.parametrize("text", list(_fixtures()))
def test_cleaning_the_cleaned_text_changes_nothing(pipeline, text):
    once = pipeline.run(Document(text=text)).cleaned
    assert pipeline.run(Document(text=once)).cleaned == once

