"""Screens are an optimisation, never a decision: with them on or off every detector finds the same.

The spam detector looks at a page's lines only when a whole-page screen says a check could fire. A
screen that missed a case would drop findings silently, so each document here (every YAML case, every
labelled spam file, generated pages built from spam fragments and near-misses, the seeds when present)
runs both ways and the findings must be equal.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from cleancn.config import Config
from cleancn.detectors.spam import SpamDetector
from cleancn.model import Document
from cleancn.rules import rule_roots

HERE = Path(__file__).resolve().parent


def _both_ways(text: str):
    roots = rule_roots(())
    out = []
    for screens in (True, False):
        det = SpamDetector(Config(), roots)
        det.use_screens = screens
        out.append([(f.code, f.start, f.end, f.replacement, f.message) for f in det.detect(Document(text=text))])
    return out


def _corpus_texts():
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield f"{path.stem}:{case['id']}", case["text"]
    for path in sorted((HERE / "spam_labelled").glob("*.txt")):
        body = [ln[1:] if ln.startswith("!") else ln for ln in path.read_text(encoding="utf-8").splitlines()[1:]]
        yield f"labelled:{path.stem}", "\n".join(body) + "\n"
    for path in sorted((HERE.parent / "examples").glob("*.txt")):
        yield f"example:{path.stem}", path.read_text(encoding="utf-8")


CORPUS = list(_corpus_texts())


@pytest.mark.parametrize("text", [t for _, t in CORPUS], ids=[i for i, _ in CORPUS])
def test_screens_change_nothing_on_cases(text):
    screened, full = _both_ways(text)
    assert screened == full


def test_screens_change_nothing_on_seeds():
    from conftest import shared_path

    seeds = sorted(shared_path("seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        screened, full = _both_ways(path.read_text(encoding="utf-8"))
        assert screened == full, path.name
        if path.name.startswith("002"):
            assert screened, "the stuffed seed must still be found"


# Fragments that make a check fire, or nearly: spam terms with look-alikes and spaced letters, list
# markers, headers with odd colons, widgets among digits, contacts with and without ad words, footers,
# reading-time headers, and ordinary sentences.
FRAGMENTS = [
    "免费高清特黄a大片", "一级特黄", "特黄", "无 码", "A 片", "a.片", "日韩av", "成人视频", "百家乐", "六合彩", "办证",
    "- ", "• ", "● ", "2022-11-15", " 2023年5月6日", "...", "…", "_新浪网", " | 网易", "｜", "全球速看", "每日资讯：",
    "相关阅读", "相关阅读：", "相关阅读 ::", "其他人还在搜索", "大家都在搜：", "热门推荐",
    "分享", "收藏", "评论(3)", "点赞 12", "举报", "上一篇", "下一篇", "返回顶部",
    "加微信", "微信：abc12345", "vx: kefu888", "QQ 12345678", "13812345678", "400-800-1234", "咨询热线", "贷款",
    "来源：", "原文链接：https://example.com/a", "www.example.com", "本文共1543字，阅读约4分钟", "分钟",
    "Copyright 2020", "©", "版权所有", "如有侵权请联系删除", "ICP备12345号",
    "今天天气很好，我们去公园散步。", "成人教育", "黄色预警", "牛奶", "2019年", "约10分钟", "第一章",
    " ", "\u3000", "：", "，", "。", "\r",
    "a.v", "A V", "a-v", "is a", "v在线", "av", "毛片",
    "点击上方蓝字", "关注我们", "扫一扫", "公众号", "上一篇：", "下一篇：标题", "猜你喜欢",
    "全文共2360字，预计阅读时间6分钟", "阅读本文需要3分钟", "预计阅读时间：", "加V：hs88888", "同号", "高价回收",
    "【纠错】", "【责任编辑：李明】", "编辑：张三", " 审核：李四", "打开APP阅读更多精彩内容", "展开全文", "举报/反馈",
    "成都装修公司,", "成都装修价格,", "成都装修哪家好 ", "成都装修报价、", "成都装修", "公司", "价格",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join), min_size=1, max_size=14))
def test_screens_change_nothing_on_generated_pages(page_lines):
    screened, full = _both_ways("\n".join(page_lines))
    assert screened == full


# --- the t2s screen: a page is left unconverted only when t2s would return it unchanged ---------------

def _t2s_unchanged_when_skipped(text: str) -> bool:
    from cleancn.text import _convert_same_length, t2s_could_change

    return t2s_could_change(text) or _convert_same_length(text, "t2s.json") == text


def test_t2s_skipped_only_where_it_changes_nothing_on_cases():
    for name, text in CORPUS:
        assert _t2s_unchanged_when_skipped(text), name


def test_t2s_skipped_only_where_it_changes_nothing_on_shared_corpora():
    import json

    ud = shared_path_or_skip("corpus", "ud-chinese")
    texts = [json.loads(ln)["text"] for f in sorted(ud.glob("*.jsonl"))
             for ln in f.read_text(encoding="utf-8").splitlines()]
    skipped = [t for t in texts if _t2s_unchanged_when_skipped(t)]
    assert len(skipped) == len(texts)


def shared_path_or_skip(*parts):
    from conftest import shared_path

    return shared_path(*parts)


def _t2s_alphabet():
    from cleancn.text import t2s_sensitive

    listed = t2s_sensitive()
    if listed is None:
        pytest.skip("OpenCC's tables cannot be listed here: every page is converted, nothing to check")
    chars, phrases = listed
    # Phrase characters (most of them keep their form alone), a slice of the characters that change,
    # and common simplified text.
    return sorted({c for p in phrases for c in p}) + sorted(chars)[::97] + list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_t2s_skipped_only_where_it_changes_nothing_on_generated_text(data):
    alphabet = _t2s_alphabet()
    from cleancn.text import t2s_sensitive

    phrases = list(t2s_sensitive()[1])
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(alphabet), st.sampled_from(phrases)), max_size=40))
    assert _t2s_unchanged_when_skipped("".join(pieces))


def _numbers_in_context_plainly(keys):
    """The DUP304 number search written plainly: every number, then its four characters of context
    checked in Python. The detector checks the context inside its regex; both must agree."""
    import bisect
    import re
    from itertools import accumulate

    joined = "\n".join(keys)
    ends = list(accumulate(len(k) + 1 for k in keys))
    found = []
    for m in re.finditer(r"\d+(?:\.\d+)?(?=[^\d\n])", joined):
        s = m.start()
        if s >= 4 and re.fullmatch(r"[^\d\s,，.。:：;；!！?？&#]{4}", joined[s - 4:s]):
            found.append((bisect.bisect_right(ends, s), joined[s - 4:s], m.group(0), joined[m.end()]))
    # Only numbers whose context and unit come back can contradict each other.
    yield from (f for f in found if sum(1 for g in found if (g[1], g[3]) == (f[1], f[3])) > 1)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="0123456789１２.,，。 年月日元个人中国ab&#;\n", max_size=30), min_size=1, max_size=4))
def test_number_context_search_matches_the_plain_one(keys):
    from cleancn.detectors.duplicates import _numbers_in_context

    assert list(_numbers_in_context(keys)) == list(_numbers_in_context_plainly(keys))
    doubled = keys + [k.replace("1", "2") for k in keys]  # the same contexts again, some numbers changed
    assert list(_numbers_in_context(doubled)) == list(_numbers_in_context_plainly(doubled))


def test_line_keys_drop_what_the_inline_space_class_matches():
    """The duplicate detector builds its keys with str.split(), not the regex [^\\S\\n]+: the same
    characters for every code point (and the line break kept)."""
    import re

    spaces = "".join(c for c in map(chr, range(0x110000)) if re.fullmatch(r"[^\S\n]", c))
    sample = "甲" + "乙".join(spaces) + "丙\n丁 戊\u3000己"
    assert ["".join(line.split()) for line in sample.split("\n")] == re.sub(r"[^\S\n]+", "", sample).split("\n")


def test_replace_chars_tables_never_replace_a_replacement():
    """replace_chars searches again after each replacement: a value its finder matched would be
    replaced again (and the result would depend on the order)."""
    from cleancn.detectors.spam import LOOKALIKE_RE, LOOKALIKES
    from cleancn.text import _WIDTH_RE, _WIDTH_TABLE, replace_chars

    for table, finder in ((_WIDTH_TABLE, _WIDTH_RE), (LOOKALIKES, LOOKALIKE_RE)):
        assert all(finder.fullmatch(k) for k in table)
        assert not any(finder.search(v) for v in table.values())
    assert replace_chars("ＡＢ，ｃ　曰", _WIDTH_TABLE, _WIDTH_RE) == "AB,c 曰"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="城市新闻发布中国今天a1 。\n", max_size=12), min_size=1, max_size=12),
       st.data())
def test_page_bigrams_give_median_overlap(lines, data):
    """The headline-list check reads the overlap of each candidate block with the rest of the page from
    the page's bigram counts (_PageBigrams), not by building the rest's bigrams again: the same number."""
    from cleancn.detectors.spam import _L, _PageBigrams, _median_overlap

    ls = [_L(i, 0, 0, t, t) for i, t in enumerate(lines)]
    first = data.draw(st.integers(0, len(ls) - 1))
    last = data.draw(st.integers(first, len(ls) - 1))
    members = sorted(data.draw(st.sets(st.integers(first, last), min_size=1)) | {first, last})
    rest = "\n".join(ln.norm for k, ln in enumerate(ls) if k < first or k > last)
    assert _PageBigrams(ls).overlap(ls, members) == _median_overlap([ls[k].norm for k in members], rest)
