"""The compiled prescreen (cleancn.prescreen) only ever skips a screen that would not pass.

A check is skipped when none of its anchors occurs on the page. An anchor set that missed a form its
screen accepts would drop findings silently, so every page here is held to it: wherever a screen
passes a page, the prescreen must have named that check (or answered None: every check runs). The
pages are every YAML case, labelled spam file and example, the seeds, and pages generated from spam
fragments, near-misses and the characters where Python's and Hyperscan's regex dialects differ.
"""
from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings, strategies as st

from cleancn import prescreen
from cleancn.config import Config
from cleancn.detectors.spam import SpamDetector
from cleancn.model import Document
from cleancn.rules import rule_roots
from cleancn.text import normalised
from test_screens import CORPUS, FRAGMENTS

hyperscan = pytest.importorskip("hyperscan")


@pytest.fixture(scope="module")
def det():
    prescreen.enable(start_after=0, compile_after=0)
    yield SpamDetector(Config(), rule_roots(()))
    prescreen.enable()


def _page(text: str) -> tuple[str, str]:
    page = normalised(Document(text=text)).text
    return page, page.lower()


def _unanchored(det, text: str) -> list[str]:
    """The checks whose screen passes the page although the prescreen would skip them."""
    page, low = _page(text)
    could = det.prescreen.could_fire(low)
    if could is None:
        return []
    return [code for code, screen, _ in det.checks if code not in could and screen(page, low)]


def test_every_anchor_compiles_alone(det):
    # One at a time, so a failure names the pattern (a bad anchor would turn the prescreen off).
    for code, anchors in det._anchors().items():
        for pattern in anchors:
            prescreen.compile_database([pattern])


@pytest.mark.parametrize("text", [t for _, t in CORPUS], ids=[i for i, _ in CORPUS])
def test_screens_are_anchored_on_cases(det, text):
    assert _unanchored(det, text) == []


def test_screens_are_anchored_on_seeds(det):
    from conftest import shared_path

    for path in sorted(shared_path("seeds").glob("*.txt")):
        assert _unanchored(det, path.read_text(encoding="utf-8")) == [], path.name


def test_the_cases_exercise_every_check(det):
    """Not vacuous: each check's screen passes some case, and the prescreen answers on most pages."""
    passed, answered = set(), 0
    for _, text in CORPUS:
        page, low = _page(text)
        could = det.prescreen.could_fire(low)
        answered += could is not None
        passed |= {code for code, screen, _ in det.checks if screen(page, low) and (could is None or code in could)}
    assert passed == {"SPM201", "SPM202", "SPM203", "SPM204"}
    assert answered > 0.9 * len(CORPUS)


def test_a_clean_page_is_skipped(det):
    page = "今天天气很好，我们去公园散步。\n\n公园里有很多人，孩子们在草地上玩耍，老人们在树下下棋。\n"
    assert det.prescreen.could_fire(page) == set()


# Where the two dialects differ, or folding makes a term: spaces Python counts and Hyperscan does not,
# digits beyond 0-9, look-alikes, letters spaced out, lines of widgets and of search phrases, "(c)".
EDGE_FRAGMENTS = [
    "\x1c", "\x1f", "\x85", "\u2028", "\u00a0", "١٣٨١٢٣٤٥٦٧٨", "１３８１２３４５６７８", "13812345678", "曰韩", "〇",
    "a \x1cv", "A\u3000V", "a*v", "(c)", "(C) 2020", "#b(c)", "ip属地北京", "IP 属地：上海", "隶属地", "分享 | 收藏",
    "评论(3)", "点赞 1.2k", "微信", "卫星", "vx：", "公司、", "成都装修公司,成都装修价格,成都装修哪家好,", "成都装修报价,",
    "首页 > 新闻 > ", "当前位置：首页", "版权所有", "关于我们 | 联系我们 | 网站地图", "9分钟", "上一篇：", "【责任编辑：李明】",
    "整理", "点击上方蓝字关注我们", "加入中央社LINE好友", "2024-03-02 10:21 ", "【03-02】", "……", "...", "_", "|",
    "İ", "K", "ſ", "Σ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS + EDGE_FRAGMENTS), max_size=7).map("".join), min_size=1,
                max_size=12))
def test_screens_are_anchored_on_generated_pages(det, page_lines):
    assert _unanchored(det, "\n".join(page_lines)) == []


def test_findings_are_the_same_with_and_without_it(det):
    for name, text in CORPUS:
        doc = Document(text=text)
        with_it = [(f.code, f.start, f.end, f.replacement) for f in det.detect(doc)]
        prescreen.disable()
        try:
            without = [(f.code, f.start, f.end, f.replacement) for f in det.detect(Document(text=text))]
        finally:
            prescreen.enable(start_after=0, compile_after=0)
        assert with_it == without, name


# Pages each of which passes one screen through one anchor alone (the other anchors of that check do not
# occur on it), so that narrowing any hand-written anchor fails a test. The strong-term anchors of
# SPM201 are left out: they are the word lists spelled out, one pattern per term.
BODY = "本市今年共完成老旧小区改造项目四十二个，惠及居民一万两千户。改造内容包括外墙翻新和管网更新。\n"
ISOLATING = [
    ("SPM201", "成都装修公司,成都装修价格,成都装修哪家好,成都装修报价,成都装修公司排名\n" + BODY),
    ("SPM202", BODY + "城际公交开通 2024-03-02\n春运保障方案发布 2024-03-01\n安全生产检查启动 2024-02-28\n"),
    ("SPM202", BODY + "全球速看：城际公交开通\n每日资讯：春运保障方案发布\n焦点资讯：安全生产检查启动\n"),
    ("SPM202", BODY + "城际公交开通首日客流\n春运保障方案发布后…\n安全生产检查启动，多地…\n油价今晚或将…\n"),
    ("SPM202", BODY + "城际公交开通_新浪网\n春运保障方案发布_网易\n安全生产检查启动_搜狐\n"),
    ("SPM202", BODY + "- 城际公交开通\n- 春运保障方案发布\n- 安全生产检查启动\n"),
    ("SPM202", BODY + "2024-03-02 10:21 城际公交开通\n2024-03-01 09:00 春运保障方案发布\n2024-02-28 08:15 安全生产检查启动\n"),
    ("SPM203", BODY + "版权所有 某某新闻网\n"),
    ("SPM203", BODY + "(c) 某某新闻网\n"),
    ("SPM203", BODY + "本站是提供个人知识管理的网络存储空间\n"),
    ("SPM203", BODY + "猜你喜欢：\n"),  # not 相关阅读：, which holds the info bar's 阅读：
    ("SPM203", BODY + "川公网安备51010402000123号\n"),
    ("SPM203", "当前位置：首页 > 新闻中心\n" + BODY),
    ("SPM203", "本文共1543字，阅读约4分钟\n" + BODY),
    ("SPM203", BODY + "上一篇：城际公交开通\n"),
    ("SPM203", BODY + "【责任编辑：李明】\n"),
    ("SPM203", BODY + "发布时间：2024-03-18 09:12 浏览次数：1523\n"),
    ("SPM203", BODY + "加入中央社LINE好友\n"),
    ("SPM203", BODY + "欢迎各位热心读者朋友们在闲暇时间里关注本报社旗下的官方新闻资讯公众号\n"),
    ("SPM203", BODY + "继续滑动看下一个\n"),
    ("SPM203", BODY + "编辑于 2024-03-15 10:21・IP 属地北京\n"),
    ("SPM203", BODY + "点击上方蓝字关注我们\n"),
    ("SPM203", BODY + "关于我们 · 联系我们 · 网站地图\n"),
    ("SPM203", BODY + "分享 收藏 评论(3)\n点赞 12 举报\n"),
    ("SPM203", BODY + "—— END ——\n"),
    ("SPM203", BODY + "（完）\n"),
    ("SPM203", BODY + "【广告】\n"),
    ("SPM203", BODY + "相关搜索：绵阳人才新政 绵阳安家补贴 绵阳科技城\n"),
    ("SPM204", BODY + "加微信：abc12345 了解详情\n"),
    ("SPM204", BODY + "联系电话13812345678\n"),
    ("SPM204", BODY + "客服热线400-800-1234\n"),
    ("SPM204", BODY + "百家乐 www.example.com\n"),
    ("SPM204", BODY + "天才一秒记住本站地址：www.shuge88.com\n"),
    ("SPM205", BODY + "为了不便了解\n"),
    ("SPM203", "成都房价_成都房价走势_成都房价最新消息-房天下\n" + BODY),
    ("SPM204", "改造项目四十二个。爱掏网 - it200.com惠及居民一万两千户。爱掏网 - it200.com改造内容包括外墙翻新。"
               "爱掏网 - it200.com\n"),
]


def test_every_hand_written_anchor_is_needed_by_a_page(det):
    anchors = det._anchors()
    flat = [(code, k) for code in anchors for k in range(len(anchors[code]))]
    db = prescreen.compile_database([anchors[code][k] for code, k in flat])
    screens = {code: screen for code, screen, _ in det.checks}
    sole = set()
    for code, text in ISOLATING:
        page, low = _page(text)
        assert code not in screens or screens[code](page, low), text  # SPM205's anchor is its whole test
        hits = set()
        db.scan(low.encode("utf-8"), match_event_handler=lambda i, *rest: hits.add(flat[i]))
        mine = [pair for pair in hits if pair[0] == code]
        assert len(mine) == 1, (text, mine)
        sole.add(mine[0])
    wanted = {(c, k) for c in ("SPM202", "SPM203", "SPM204", "SPM205") for k in range(len(anchors[c]))}
    assert sole == wanted | {("SPM201", len(anchors["SPM201"]) - 1)}


# --- the dialect: placeholders expanded from Python's own definitions ---------------------------------

def _matches(pattern: str, text: str) -> bool:
    db = prescreen.compile_database([pattern])
    hits = []
    db.scan(text.encode("utf-8"), match_event_handler=lambda *a: hits.append(a))
    return bool(hits)


def test_spaces_are_python_whitespace():
    import re

    spaces = [c for c in map(chr, range(0x3100)) if re.fullmatch(r"\s", c)]
    assert all(_matches(f"a[{prescreen.SPACES}]b", f"a{c}b") for c in spaces)
    assert not _matches(f"a[{prescreen.SPACES}]b", "a\u200bb")  # a zero-width space is not whitespace
    assert not _matches(f"a[{prescreen.INLINE_SPACES}]b", "a\nb")


def test_a_page_with_other_digits_runs_every_screen(det):
    assert det.prescreen.could_fire(_page("电话：１３８")[1]) is not None  # full-width digits are folded to 0-9
    assert det.prescreen.could_fire(_page("电话：١٣٨١٢٣٤٥٦٧٨")[1]) is None


def test_a_lone_surrogate_runs_every_screen(det):
    assert det.prescreen.could_fire("正文\ud800正文") is None


# --- when it loads, and what it falls back to ------------------------------------------------------

def test_it_waits_for_enough_text_then_reads_the_cached_database(det, monkeypatch):
    det.prescreen.could_fire("正文")  # compiled and stored under the test session's cache directory
    prescreen.enable(start_after=1000, compile_after=10 ** 9)
    try:
        fresh = prescreen.Prescreen("spam", det._anchors)
        monkeypatch.setattr(prescreen, "compile_database", lambda *a, **k: pytest.fail("compiled again"))
        assert fresh.could_fire("正文" * 100) is None  # 200 characters: not yet
        assert fresh.could_fire("正文" * 400) == set()  # past 1,000: read from the cache
    finally:
        prescreen.enable(start_after=0, compile_after=0)


def test_without_a_cached_database_it_compiles_only_past_compile_after(det, tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path))
    prescreen.enable(start_after=0, compile_after=1000)
    try:
        fresh = prescreen.Prescreen("spam", det._anchors)
        assert fresh.could_fire("正文" * 100) is None
        assert fresh.could_fire("正文" * 500) == set()
        assert list(tmp_path.glob("prescreen-spam-*.hs"))
    finally:
        prescreen.enable(start_after=0, compile_after=0)


def test_without_hyperscan_every_screen_runs(det, monkeypatch):
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan raises ImportError
    fresh = prescreen.Prescreen("spam", det._anchors)
    assert fresh.could_fire("正文") is None


def test_an_anchor_hyperscan_rejects_turns_it_off(det, tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path))
    fresh = prescreen.Prescreen("broken", lambda: {"X": ["(?<=a)b"]})  # no look-behind in Hyperscan
    assert fresh.could_fire("ab") is None


# --- the original text's facts (cleancn.facts): the normalised view's screens and mojibake's ---------

def _text_screens():
    """Each fact's screen, as the code that uses it runs it: a fact left out must mean it fails."""
    from cleancn.detectors import encodings, escapes, garble, markup
    from cleancn.text import INVISIBLE_RE, fold_width, pinyin_annotations, t2s_screen

    return {
        "pinyin": lambda t: any(True for _ in pinyin_annotations(t)),
        "invisible": lambda t: INVISIBLE_RE.search(t) is not None,
        # asked only when nothing was dropped, of the folded page
        "t2s-phrase": lambda t: not INVISIBLE_RE.search(t) and not any(True for _ in pinyin_annotations(t))
        and bool(t2s_screen()[2].search(fold_width(t))),
        "MOJ105": lambda t: encodings.LATIN_RUN.search(t) is not None,
        "MOJ107": lambda t: encodings.FTFY_SCREEN.search(t) is not None,
        "MOJ107:lossy": lambda t: "\ufffd" in t,
        "MOJ106:lossy": lambda t: "\ufffd" in t,
        "MOJ102": lambda t: garble.TONED_CLOSE.search(t) is not None,
        "MOJ108": lambda t: any(m in t for m in garble.MARKERS),
        "MOJ109": lambda t: "&" in t or "＆" in t,
        "MOJ113": lambda t: "<" in t or markup.ESCAPED_TAG_RE.search(t) is not None,
        "MOJ110": lambda t: markup.INVISIBLE_OR_CONTROL_RE.search(t) is not None,
        "MOJ114": lambda t: any(n in t for n in ("\\u", "\\U", "\\x"))  # check_escapes's needles
        or escapes.PERCENT_RUN.search(t) is not None,
    }


@pytest.fixture(scope="module")
def text_prescreen(det):  # det: the prescreen is on from the first page
    from cleancn import facts

    return prescreen.Prescreen("text", facts._anchors), _text_screens()


def _unanchored_facts(text_prescreen, text: str) -> list[str]:
    pre, screens = text_prescreen
    found = pre.could_fire(text)
    if found is None:
        return []
    return [name for name, screen in screens.items() if name not in found and screen(text)]


def test_the_facts_are_the_screens_names(text_prescreen):
    from cleancn import facts

    assert set(facts._anchors()) == set(text_prescreen[1])


@pytest.mark.parametrize("text", [t for _, t in CORPUS], ids=[i for i, _ in CORPUS])
def test_text_screens_are_anchored_on_cases(text_prescreen, text):
    assert _unanchored_facts(text_prescreen, text) == []


def test_text_screens_are_anchored_on_seeds_and_every_damage_family(text_prescreen):
    import random

    from cleancn import damage
    from conftest import shared_path

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("seeds").glob("*.txt"))]
    clean = [t for _, t in CORPUS if "example:clean_article" in _ or "example:duplicate_heading" in _]
    clean.append("網友回覆：這次比賽大家破釜沈舟，沒有人意志消沈。\n" * 3)  # phrases t2s changes
    rng = random.Random(5)
    for fn, *_ in damage.FAMILIES.values():
        for base in texts[:2] + clean:
            made = fn(base[:3000], rng)
            texts.append(made[1] if isinstance(made, tuple) else made or base)
    passed = set()
    for text in texts:
        assert _unanchored_facts(text_prescreen, text) == [], text[:80]
        passed |= {name for name, screen in text_prescreen[1].items() if screen(text)}
    assert passed == set(text_prescreen[1])  # every screen passed somewhere: the test is not vacuous


GARBLE_FRAGMENTS = [
    "長(zhǎng)", "內(nèi)江", "內（nèi）江", "F(xiàn)", "?yōu)", "ÄÚ½­", "Ò»Ð©", "å¯¹ä½ ", "ç�†", "\ufffd", "锟斤拷", "烫烫烫",
    "??", "中??文", "&amp;", "&#12290;", "&mdash", "＆nbsp;", "<p>", "</div>", "&lt;p&gt;", "&amp;lt;br/&amp;gt;", "\u200b", "\u00ad", "\x07", "\x85",
    "\ufeff", "发展", "發展", "后台", "回覆", "ｘ", "\u3000", "（", "）", "é", "À", "\u20ac", "鍙戝睍", "ㄛ", "𠀀",
    "回", "覆", "乾", "坤",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(GARBLE_FRAGMENTS + FRAGMENTS[:20]), max_size=25).map("".join))
def test_text_screens_are_anchored_on_generated_text(text_prescreen, text):
    assert _unanchored_facts(text_prescreen, text) == []


def test_findings_are_the_same_with_and_without_the_text_facts(det):
    from cleancn.pipeline import Pipeline

    pipe = Pipeline(Config())
    for name, text in CORPUS:
        with_it = [(f.code, f.start, f.end, f.replacement) for f in pipe.run(Document(text=text)).findings]
        prescreen.disable()
        try:
            without = [(f.code, f.start, f.end, f.replacement) for f in pipe.run(Document(text=text)).findings]
        finally:
            prescreen.enable(start_after=0, compile_after=0)
        assert with_it == without, name


# --- UTF-8 read as GBK: its screen reads the page's GB18030 bytes --------------------------------------

def _gb18030(text: str) -> bytes:
    return text.replace("\ufffd", "\x00").encode("gb18030", errors="replace")


def _utf8_unanchored(text: str) -> bool:
    from cleancn.detectors.encodings import UTF8_SCREEN, _UTF8_PRESCREEN

    data = _gb18030(text)
    return _UTF8_PRESCREEN.could_fire(data) == set() and UTF8_SCREEN.search(data) is not None


def test_utf8_as_gbk_screen_is_anchored_on_cases_seeds_and_damage(det):
    import random

    from cleancn import damage
    from cleancn.detectors.encodings import UTF8_SCREEN
    from conftest import shared_path

    texts = [t for _, t in CORPUS] + [p.read_text(encoding="utf-8") for p in sorted(shared_path("seeds").glob("*.txt"))]
    rng = random.Random(9)
    for name in ("UTF-8 as GBK", "UTF-8 as GBK, lost bytes as U+FFFD", "UTF-8 as GBK, lost bytes dropped"):
        fn = damage.FAMILIES[name][0]
        for base in texts[-5:]:
            made = fn(base[:2000], rng)
            texts.append(made[1] if isinstance(made, tuple) else made or base)
    assert not [t[:60] for t in texts if _utf8_unanchored(t)]
    assert sum(1 for t in texts if UTF8_SCREEN.search(_gb18030(t))) >= 3  # the screen passes some: not vacuous


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GARBLE_FRAGMENTS + ["涓枃", "鍙戝睍", "锛屾", "鈥滄", "銆", "€", "”", "—"]),
                max_size=20).map("".join))
def test_utf8_as_gbk_screen_is_anchored_on_generated_text(det, text):
    assert not _utf8_unanchored(text)


def test_the_placeholders_are_res_own_classes():
    """_expansions reads str.isspace and str.isdecimal: re's \\s and \\d on text, on every code point."""
    import re

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    table = prescreen._expansions()
    assert table[prescreen.SPACES] == prescreen.class_of(re.findall(r"\s", every))
    assert table[prescreen._OTHER_DIGITS] == prescreen.class_of(c for c in re.findall(r"\d", every) if not c.isascii())
