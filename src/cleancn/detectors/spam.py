"""The spam detector: text injected into a page that is not the article. Findings delete whole lines, but
a site's watermark (SPM204, its copies only), a fold button inside a paragraph (SPM203) and spun wording
(SPM205, flagged).

SPM201 keyword stuffing    a line dense with porn/gambling/fake-document terms (never one hit)
SPM202 headline list       a block of list-like lines (bullets, dates, SEO prefixes, truncation)
                           unrelated to the article
SPM203 site boilerplate    widgets, related/search tails, reading-time headers, previous/next links,
                           follow prompts, disclaimers, footers, content platforms' interface text
SPM204 contact injection   QQ / WeChat / phone numbers next to advertising words, and links next to
                           gambling or porn terms and a site's own advertising words; a site's watermark
SPM205 spun text           phrases a spinning tool makes (比拟少, 这个我的项目), three kinds on a page

All matching runs on the normalised view (t2s, full-width folded, invisible characters and pinyin
annotations removed), so one simplified lexicon covers both scripts and zero-width evasions.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import cached_property
from typing import NamedTuple

from cleancn import compiled_re
from cleancn.detectors.base import Detector
from cleancn.rules import wordlists
from cleancn.text import (DATE, HAN_RE, SENTENCE_END, alternation, fold_width, lazy_re, lines, literal_alternation,
                          normalised, replace_chars)
from cleancn.text import line_bounds as _line_of

# Look-alike characters used to dodge keyword filters, folded only for lexicon matching.
LOOKALIKES = {"曰": "日", "巿": "市", "亻": "人", "氵": "水", "〇": "零", "⒈": "1", "０": "0"}
LOOKALIKE_RE = lazy_re("[" + "".join(LOOKALIKES) + "]")
SPACED_LATIN = lazy_re(r"(?<=[a-zA-Z])[\s.\-_*]+(?=[a-zA-Z]\b)")

# Word groups and classes written once for a line check, its page screen and its anchor (_anchors), which
# speak different regex dialects but share these pieces.
BULLET_MARKS = "[-–—•·*●▪◆■▶►]"
NAV_LINK_WORDS = "(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)(?:文章|新闻)?"
PLACE_LABELS = "(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)"
HOME_WORDS = "(?:首页|主页|网站首页)"
FOLLOW_VERBS = "(?:扫描|扫码|扫一扫|长按|识别|点击|欢迎|敬请|请|更多|获取更多)"
FOLLOW_TARGETS = "(?:公众号|微信号|服务号|订阅号|头条号|视频号|抖音号|官方微博|app|客户端)"
CONTACT_WORDS = "(?:qq|扣扣|企鹅|微信|薇信|威信|徽信|v信|vx|wx|微芯|卫星|加v|加微)"
BULLET = lazy_re(r"^\s*(?:" + BULLET_MARKS + r"\s*)+")
DATE_END = lazy_re(DATE + r"\s*日?\s*$")
# A headline list's time stamp before each item: "2024-03-02 10:21 震惊！…", "【03-02】男子深夜…", "03-01 18:40
# 最新！…". A bare "3.5" or "3月" opens many a sentence: a month and day need brackets or a time.
# The stamp is set off by a space or its brackets: "2023年10月12日，国务院…" opens a sentence.
_STAMP = (r"[^\S\n]*[【\[(（]*(?:" + DATE + r"[^\S\n]*日?(?:[^\S\n]*\d{1,2}:\d{2}(?::\d{2})?)?"
          r"|(?<=[【\[(（])\d{1,2}[^\S\n]*[-/.月][^\S\n]*\d{1,2}[^\S\n]*日?"
          r"|\d{1,2}-\d{1,2}[^\S\n]+\d{1,2}:\d{2})(?:[^\S\n]*[】\])）][^\S\n]*|[^\S\n]+)")
DATE_START = lazy_re(r"^" + _STAMP + r"(?=\S)")
TRUNCATED = lazy_re(r"(?:\.{3,}|…+|\.{2,}…)\s*[-–]?\s*$")
SITE_SUFFIX = lazy_re(r"[_|｜]\s*[^\s_|｜]{1,10}\s*$")
REFERENCE = lazy_re(r"^\s*[\[［【(（]\s*\d{1,3}\s*[\]］】)）]")
# A whole line that gives the article's length and reading time, in the wordings sites use. Anchored at
# both ends: "每天坚持阅读30分钟就能做到。" is a sentence, not a header. With a character count ("本篇文章
# 1543字,读完约4分钟", "全文共2360字，预计阅读时间6分钟") the line is a header wherever it stands; without one
# ("阅读本文需要3分钟", "预计阅读时间：5分钟") it must name the article or a reading time, and it counts only
# near the top of the page (READING_TIME_TOP lines), so a study plan's "阅读时间30分钟" stays.
_MINUTES_END = r"\d+(?:\.\d+)?\s*(?:[-~～]\s*\d+\s*)?分钟[\s。.!！]*$"
# The minutes, then that the reading is done: "…预计需要花费 1 分钟才能阅读完成。" (a WordPress plugin's).
_MINUTES_DONE = r"\d+(?:\.\d+)?\s*分钟\s*(?:才能|即可|就能|可)?\s*(?:阅读完成|阅读完毕|读完|阅读完)[\s。.!！]*$"
READING_TIME_COUNTED = lazy_re(
    r"^(?:本篇文章|本篇|本文章|本文|全文|文章)\s*(?:共|约|大约|总计)?\s*\d+\s*字[\s,，、;；.。]*"
    r"(?:预计|建议|大约|约|需要?)?\s*(?:读完|阅读).{0,6}?" + _MINUTES_END
    + r"|^(?:本篇文章|本篇|本文章|本文|全文|文章)?\s*(?:共计|共|约|总计)?\s*\d+\s*个?(?:字符|字)[\s,，、;；.。]*"
    r"(?:预计|大约|约)?\s*(?:需要?)?\s*(?:花费|耗时|用时)?\s*" + _MINUTES_DONE)
READING_TIME_BARE = lazy_re(
    r"^(?:预计|建议|大约|约)?\s*(?:阅读|读完)\s*(?:(?:本文|全文|本篇|此文)\s*(?:时间|时长|用时|耗时)?|时间|时长|用时|耗时)"
    r"\s*(?:需要?|约|大约|预计|仅需|只需)?\s*[:：]?\s*(?:约|大约)?\s*" + _MINUTES_END
    + r"|^预计\s*(?:阅读|读完)\s*(?:需要?|约)?\s*[:：]?\s*" + _MINUTES_END)
READING_TIME_TOP = 3
# "上一篇：<title>" / "下一篇：<title>": links to the site's neighbouring pages. The colon is required:
# "上一篇文章中我们介绍了…" is a sentence.
NAV_LINK = lazy_re(r"^\s*" + NAV_LINK_WORDS + r"\s*[:：]")
NAV_WORDS = ("上一", "下一", "上篇", "下篇", "前一篇", "后一篇")
# A line made only of a CMS's credit fields ("【责任编辑：李明】", "编辑：张三 审核：李四") and its 【纠错】 link.
CREDIT_FIELDS = ("责任编辑", "责编", "编辑", "校对", "审核", "审校", "监制", "统筹", "值班编辑", "实习编辑",
                 "图片编辑", "文字编辑", "美术编辑", "视频编辑", "图片来源", "图源", "摄影")
# The name may carry the CMS's editor code after a space ("【责任编辑：王五 PN040】"; NetEase's "_NBJ11279"
# is part of the name's token).
_CREDIT_FIELD = (r"(?:" + "|".join(CREDIT_FIELDS) + r")\s*[:：]\s*[^\s，。,:：【】\[\]()（）]{1,12}"
                 r"(?:[^\S\n]+[A-Z]{1,4}\d{2,6})?")
# A credit word left alone on its line (seed 003's stray "整理" headings) is the same residue.
_BARE_CREDIT = r"综合整理|编辑整理|整理|编译|本报综合|综合报道"
# Central News Agency's lines end with the date as a code: "（編輯：林家嫻）1130312" (year 113 of the ROC).
CREDIT_LINE = lazy_re(r"^(?:[\s【\[(（]*(?:纠错|" + _CREDIT_FIELD + r")\s*[】\])）]*\s*)+(?:\d{6,8}\s*)?$"
                      r"|^[\s【\[(（]*(?:" + _BARE_CREDIT + r")[\s】\])）]*$")
# An article's info bar, the CMS's line of publication fields: "发布时间：2024-03-18 09:12 来源：宜宾日报 作者：张伟
# 浏览次数：1523 【字体：大 中 小】". Taken when the line is made of such fields, dates and the font-size and print
# buttons only, two of them at least, with the page's own furniture among them: a timestamp, a counter or
# the font-size buttons. A byline ("作者：李明 来源：人民日报") is the article's attribution and stays, as does a
# lone "来源：新华网"; an event's "时间：…  地点：…" holds a field that is not the page's.
INFO_FIELDS = ("发布时间", "发布日期", "发表时间", "发表日期", "更新时间", "更新日期", "来源", "稿源", "文章来源",
               "信息来源", "作者", "发布者", "发布人", "浏览次数", "浏览量", "阅读次数", "阅读量", "阅读数", "点击数",
               "点击量", "点击次数", "访问量", "访问次数", "人气", "评论数", "所属栏目", "所属分类", "文章分类", "文档序号")
_INFO_WEAK = ("时间", "日期", "阅读", "点击", "浏览", "编辑", "责任编辑", "责编", "栏目", "分类", "查看", "回复")
_INFO_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_INFO_FONT = r"[【\[(（]?\s*(?:字体|字号)\s*[:：]?\s*[大中小](?:\s*[大中小]){1,2}\s*[】\])）]?"
# A view counter without a colon, before or after its number: "阅读 59", "513 查看" (blogs' and forums'
# bars). Not 评论 or 点赞 with their counts: those are widgets' (SPM203's widget lines).
COUNTER_WORDS = ("阅读", "查看", "浏览", "点击")
_COUNTER_WORD = "(?:" + "|".join(COUNTER_WORDS) + ")"
_INFO_COUNTED = (_COUNTER_WORD + r"\s*\d[\d,.]*\s*[万wk]?\s*次?|\d[\d,.]*\s*[万wk]?\s*次?\s*" + _COUNTER_WORD)
_INFO_BUTTON = (r"[【\[]\s*(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|我要纠错|纠错)\s*[】\]]"
                # unbracketed, only the buttons no field's value is: "…作者:玩站小弟   我要评论"
                r"|我要评论|发表评论|我要纠错|打印本页|关闭窗口|收藏本页")
# A field's value: up to the next field's name and colon, so fields run together are read apart
# ("文档序号:33185094发布日期:2023-02-04 06:08阅读:30来源:国知局"); an empty field may end the bar.
_INFO_VALUE = (r"(?:" + _INFO_DATE + r"|(?:(?!(?:" + "|".join(sorted(INFO_FIELDS + _INFO_WEAK, key=len, reverse=True))
               + r")\s*[:：])[^\s|｜/【】\[\]]){1,30}|$)")
INFO_TOKEN = lazy_re(
    r"(?P<field>(?:" + "|".join(sorted(INFO_FIELDS, key=len, reverse=True)) + r"))\s*[:：]\s*" + _INFO_VALUE
    + r"|(?P<weak>(?:" + "|".join(sorted(_INFO_WEAK, key=len, reverse=True)) + r"))\s*[:：]\s*" + _INFO_VALUE
    + r"|(?P<font>" + _INFO_FONT + r")|(?P<button>" + _INFO_BUTTON + r")|(?P<count>" + _INFO_COUNTED + r")"
    + r"|(?P<date>" + _INFO_DATE + r")"
    + r"|(?P<where>[·・][^\S\n]*[\u4e00-\u9fff]{2,4}$)"  # Toutiao's "2023-12-26 10:21·四川": after a time only
    + r"|(?P<sep>[\s|｜/·•,，]+)")
# The platform's or author's name opening a bar, before its date: "CSDN 2024-06-27 08:01:06 阅读 59".
_NAME_BEFORE_YEAR = r"[^\s\d|｜/【】\[\]:：,，。]{1,12}[^\S\n]+"
_INFO_NAME = lazy_re(_NAME_BEFORE_YEAR + r"(?=\d{4})")
_INFO_COUNT = lazy_re(r"[:：]\s*\d[\d,]*\s*次?$")  # "点击：120次", "阅读：2,341": a counter, the page's own
_INFO_DATED = lazy_re(r"[:：]\s*" + _INFO_DATE)
INFO_NAMES = INFO_FIELDS + _INFO_WEAK
_COUNTER_ONLY = ("查看", "回复")  # weak fields that are a bar's only with a number
# Where an info bar can start: a field's name, a year or a bracket opening a line. Spelled to open with the
# newline, a literal the regex engine skips ahead to (a page's first line is matched apart).
_INFO_OPENING = (r"[^\S\n]*(?:" + "|".join(INFO_NAMES) + r"|字体|字号|\d{4}|[【\[(（]"
                 r"|" + _NAME_BEFORE_YEAR + r"\d{4})")
INFO_LINE_START = lazy_re(r"\n" + _INFO_OPENING)
INFO_FIRST_LINE = lazy_re(_INFO_OPENING)


def _info_bar_candidates(page: str):
    """The (start, end) of each line that opens as an info bar can."""
    if INFO_FIRST_LINE.match(page):
        yield _line_of(page, 0)
    for m in INFO_LINE_START.finditer(page):
        yield _line_of(page, m.start() + 1)


MAX_INFO_LINE = 160
MAX_SITE_CONTACT = 120


def _info_bar(t: str) -> bool:
    """A line of publication fields, dates, counters and the font-size and print buttons only (INFO_FIELDS),
    with a timestamp, a counter ("点击：120次", "阅读 59") or the font-size buttons among them. A name
    may open it when a date and a counter follow ("CSDN 2024-06-27 08:01:06 阅读 59"): without the
    counter, "重庆发布 2025-01-20 09:30" is a byline, which stays."""
    if len(t) > MAX_INFO_LINE or "。" in t:
        return False
    pos, furniture, parts, fields, named, counted, dated, last_date = 0, False, 0, 0, False, False, False, ""
    if INFO_TOKEN.match(t) is None:  # the common case: a line of text, decided by one match
        m = _INFO_NAME.match(t)
        if m is None:
            return False
        pos, named = m.end(), True
    while pos < len(t):
        m = INFO_TOKEN.match(t, pos)
        if m is None:
            return False
        pos = m.end()
        kind = m.lastgroup
        # 查看 and 回复 are a forum's counters ("查看: 45744|回复: 0"); "回复：这也是谣言" is a reply.
        if kind == "weak" and m.group(0).startswith(_COUNTER_ONLY) and not _INFO_COUNT.search(m.group(0)):
            return False
        if kind == "where" and not (dated and ":" in last_date):
            return False
        if kind == "date":
            last_date = m.group(0)
        if kind != "sep":
            parts += 1
            fields += kind in ("field", "weak", "font", "count", "where")
            counted = counted or kind == "count"
            dated = dated or kind == "date"
            furniture = furniture or kind in ("date", "font", "count") or kind in ("field", "weak") and bool(
                _INFO_COUNT.search(m.group(0)) or _INFO_DATED.search(m.group(0)))
    return furniture and parts >= 2 and fields >= 1 and (not named or counted and dated)


# A site's contact line for submissions, tips or business ("投稿邮箱：news@example.com"), and an ad slot's
# label in brackets ("【广告】"): the site's, on a line of their own. A sentence that gives an address
# ("市民可发送邮件至…反映问题。") is the text's.
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_CONTACT_LABEL = r"(?:投稿|爆料|商务合作|广告合作|商务|合作|联系|投诉|新闻线索|线索)(?:邮箱|信箱|邮件|e-?mail)"
SITE_CONTACT = lazy_re(r"^[\s【\[(（]*" + _CONTACT_LABEL + r"[\s】\])）]*[:：]?\s*" + _EMAIL
                       + r"(?:\s*[,，;；/、]?\s*" + _EMAIL + r")*[\s。.]*$", re.I)
AD_LABEL = lazy_re(r"^(?:[【\[(（]\s*(?:广告|推广|赞助)\s*[】\])）]|广告位(?:招租)?)$")
_CONTACT_WORD = lazy_re(r"邮箱|信箱|邮件|e-?mail|广告|推广|赞助", re.I)


CREDIT_WORDS = ("编辑", "校对", "审核", "审校", "责编", "监制", "统筹", "纠错", "整理", "编译", "综合", "图片来源",
                "图源", "摄影")
MAX_NAV_LINE = 80
# A follow prompt ("点击上方蓝字关注我们", "扫一扫，关注微信公众号") is a short line that its words make up.
MAX_PROMPT_LINE = 30
MAX_TAIL_TITLE = 40  # a bare link title under a related-links header
MAX_CREDIT_LINE = 60
MIN_PROMPT_COVER = 0.6
# An order to follow a named account: it opens with the action and names the account's kind. A sentence
# that tells readers where to look ("市民可关注“成都发布”微信公众号查询。") opens otherwise, or ends with 。.
FOLLOW_ORDER = lazy_re(r"[\s【\[(（]*" + FOLLOW_VERBS + r"[^。\n]{0,20}?关注[^。\n]{0,20}?" + FOLLOW_TARGETS)
MAX_FOLLOW_ORDER = 60
QUESTION = lazy_re(r"[？?]|如何|怎么|怎样|为什么|为何|是否")
# A news site's call to action on a short line of its own: "點我看更多中央社新聞", "加入中央社LINE好友",
# "訂閱電子報", "讚好我們的Facebook專頁", "下載App 即時掌握新聞" (the normalised, lower-case line).
# Not "加入微信好友的方法" or "下载APP后如何注册": a tutorial's headings.
CALL_TO_ACTION = lazy_re(r"^[\s【\[(（▸>»]*(?:点我看更多|点此看更多|看更多\S{0,8}新闻|加入\S{0,10}line"
                         r"|订阅\S{0,6}电子报|赞好\S{0,10}(?:专页|facebook)"
                         r"|追踪\S{0,10}(?:ig|instagram|youtube|facebook)|(?:扫码)?下载\S{0,10}(?:客户端|app))")
CALL_TO_ACTION_WORD = lazy_re(r"看更多|line|电子报|赞好|追踪|下载")  # what each of them holds (page screen)
MAX_CALL_TO_ACTION = 30
# A site's filing numbers (京ICP备12345678号, 川公网安备51010402000123号): the footer of a Chinese site.
ICP_FILING = lazy_re(r"(?:icp[备证]|公网安备)[^\S\n]*[:：]?[^\S\n]*(?:[a-z]*\d|\d)", re.I)
# A line of the page's tags ("热门标签：成都地铁 天府机场 19号线"). Not 关键词: a paper's keywords are its own.
TAG_LINE = lazy_re(r"^\s*(?:热门标签|相关标签|本文标签|文章标签|词条标签|标签|tag标签|tags?)\s*[:：]\s*\S", re.I)
MAX_TAG_LINE = 100
# Who runs the site ("主办单位：某市人民政府办公室 承办单位：某市大数据中心"): a footer line only beside another
# footer line or with a site's own fields in it; an event notice's "主办单位：市体育局" is its content.
SITE_OWNER = lazy_re(r"^\s*(?:主办单位|承办单位|主办|承办|运行维护单位|运维单位|技术支持)\s*[:：]")
SITE_FIELDS = ("网站标识码", "技术支持", "icp", "公网安备", "版权所有")
# Where the page sits on its site ("当前位置：首页 > 新闻中心 > 正文", "首页 » 财经 » 股票").
BREADCRUMB = lazy_re(r"^\s*(?:" + PLACE_LABELS + r"\s*[:：]\s*(?:" + HOME_WORDS + r"|[^\n]{0,40}?[>»›＞])"
                     + r"|[^>»›＞/\s]{0,10}?" + HOME_WORDS + r"\s*[>»›＞/]\s*[^>»›＞/\s]{1,12}\s*[>»›＞/])"
                     # or the site's name, then two steps or more, and nothing else on the line:
                     # "大道小说网 > 武侠修真 > 玉仙缘" (a site's name ends in 网; "火车站 > 汽车站 > 码头" ranks)
                     + r"|^\s*[^>»›＞/\s，。,]{1,10}网(?:\s*[>»›＞]\s*[^>»›＞\s，。,]{1,15}){2,}\s*$")
MAX_BREADCRUMB = 60
_BREADCRUMB_MARK = lazy_re("[>»›＞:：]")  # every form of BREADCRUMB has one


def _breadcrumb(t: str) -> bool:
    """BREADCRUMB on a line, tried only where it could match (the duplicate detector asks about every
    line of a line-structured page, and most lines have no mark: one search, not the three forms)."""
    return _BREADCRUMB_MARK.search(t) is not None and BREADCRUMB.match(t) is not None


MIN_NAV_LINKS = 3
MAX_PLATFORM_LINE = 80  # a line of platform interface text
MAX_PLATFORM_AFFIX_LINE = 60  # a line that opens or ends with a platform phrase ("收录于合集 #养生 12个")
PLATFORM_SLACK = 3  # characters no list covers on a line with a platform phrase ("赞" among buttons)
# A platform's post stamp: "编辑于 2024-03-15 10:21・IP 属地北京" (lower case).
POST_STAMP = lazy_re(r"^(?:(?:编辑|发布|发表)于\s*)?[\d\s\-:/.年月日·・]*ip\s*属地\s*[:：]?\s*\S{1,10}$")
# Fields of a copied answer's attribution ("作者：… 链接：https://… 来源：知乎") beside its copyright notice.
ATTRIBUTION_FIELD = lazy_re(r"^\s*(?:作者|链接|来源|本文链接|原文链接|原文地址)\s*[:：]")
COPYRIGHT = lazy_re(r"^\s*(?:copyright|©|\(c\)|版权所有\s*[©:：(（]|版权所有$)|(?:©|copyright)\s*(?:19|20)\d{2}", re.I)
FOOTER_FIELD = lazy_re(r"^\s*(?:来源|标题|地址|原文地址|原文链接|本文链接|网址|链接)\s*[:：]")
URL = lazy_re(r"https?://|www\.", re.I)
PROVENANCE_FIELD = lazy_re(r"^\s*(?:来源|标题|原文地址|原文链接|本文链接)\s*[:：]")
ADDRESS_FIELD = lazy_re(r"^\s*地址\s*[:：]")
CONTACT = lazy_re(
    r"(?:qq|扣扣|企鹅)\s*(?:号|群)?\s*[:：]?\s*\d{5,11}"
    r"|(?:微信|薇信|威信|徽信|v信|vx|wx|微芯|卫星|加v|加微)\s*(?:号)?\s*[:：]?\s*[a-z][a-z0-9_-]{4,19}"
    r"|(?:微信|薇信|威信|v信|vx|wx|加v|加微)\s*(?:号)?\s*[:：]?\s*1[3-9]\d{9}"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)", re.I)
# Service hotlines (400/800 numbers) are on every company's page; only an ad fragment counts (below).
HOTLINE = lazy_re(r"(?<![\d-])[48]00[- ]?\d{3}[- ]?\d{4}(?![\d-])")


# --- page screens ---------------------------------------------------------------------------------
# Each screen fires whenever its check could find something (a superset), and is written so the regex
# engine can skip ahead: every pattern opens with a literal or a small character class, which CPython's
# re scans for in a tight loop (a few ns a character); a pattern opening with "^" or a group is tried
# at every position, ten times slower. Screens that ignore case run on the lower-cased page. Where a
# pattern needs one of a few literals, ``in`` looks for them first: str's own search runs at under
# 1 ns a character, the regex engine's skip-ahead at 6-20.
BULLET_AFTER_BREAK = lazy_re(r"\n[^\S\n]*" + BULLET_MARKS)
BULLET_FIRST = lazy_re(r"[^\S\n]*" + BULLET_MARKS)
# A time stamp opening a line, for the page screen: the regex engine skips ahead to each line break.
STAMP_AFTER_BREAK = lazy_re(r"\n" + _STAMP)
LINE_END = r"[^\S\n]*(?:\n|\Z)"
DATE_AT_END = lazy_re(r"[12][09]\d{2}[^\S\n]*[-/.年][^\S\n]*\d{1,2}[^\S\n]*[-/.月][^\S\n]*\d{1,2}[^\S\n]*日?" + LINE_END)
TRUNCATED_AT_END = lazy_re(r"(?:\.\.\.|\.\.…|…)[.…]*[^\S\n]*[-–]?" + LINE_END)
SITE_SEPARATOR = lazy_re(r"[_|｜]")
# The reading-time screen: 分钟 ending its line, as _MINUTES_END allows ("…约4分钟。", "…4分钟...").
MINUTES = lazy_re(r"分钟(?:[^\S\n]|[。.!！])*(?:\n|\Z)|分钟[^\S\n]*(?:才能|即可|就能|可)?[^\S\n]*(?:阅读完|读完)")
# WeChat articles close with "END" alone on a decorated line ("- END -", "—— END ——", "▼ END ▼"); on a
# Chinese page nothing else writes it so.
END_DECOR = "-—–_=~·•*<>《》【】()（）[]|▼▲◆●■★☆"
# What a related-links header wears around its words on WeChat-style pages ("▼往期推荐▼", "【猜你喜欢】",
# "— 相关阅读 —"), colons included. A line of only these is no header: the words must be there.
HEADER_DECOR = END_DECOR + "▽△◇○□►▶◀◄｜:："
END_MARK = lazy_re(r"^[\s" + re.escape(END_DECOR) + r"]*end[\s" + re.escape(END_DECOR) + r"]*$", re.I)
# A news agency's end mark, "（完）", "-完-", "（全文完）": 完 in brackets or dashes, or 全文完 / 本文完 / 正文完 /
# 本章完 (a novel site's chapter end) alone.
_D = re.escape(END_DECOR)
END_MARK_ZH = lazy_re(r"^[\s" + _D + r"]*(?:[" + _D + r"][\s" + _D + r"]*完|完[\s" + _D + r"]*[" + _D + r"]|全文完|本文完|本章完|正文完)[\s"
                      + _D + r"]*$")
MAX_END_MARK = 20
CREDIT_ANYWHERE = lazy_re(r"纠错|" + _CREDIT_FIELD + "|" + _BARE_CREDIT)
NAV_LINK_ANYWHERE = lazy_re(NAV_LINK_WORDS + r"[^\S\n]*[:：]")
COPYRIGHT_WORDS = ("copyright", "©", "版权所有")  # on the lower-cased page
# "(c)" marks a notice only where it opens a line, as COPYRIGHT reads it: "(a)… (b)… (c)…" is a list.
C_NOTICE = lazy_re(r"(?:^|\n)[^\S\n]*\(c\)")
FOOTER_FIELD_ANYWHERE = lazy_re(r"(?:来源|标题|地址|原文地址|原文链接|本文链接|网址|链接)[^\S\n]*[:：]")
CONTACT_WORD = lazy_re(CONTACT_WORDS + r"[^\S\n]*(?:号|群)?[^\S\n]*[:：]?[^\S\n]*[a-z0-9]")
MOBILE = lazy_re(r"1[3-9]\d{9}")
# A link: a URL, or a bare domain under the top-level domains spam sites use (on the lower-cased page). Not
# \b after it: to Python's \b a Han character is a word character, and "….com阅读" is a domain.
LINK = lazy_re(r"https?://|www\.|[a-z0-9][a-z0-9-]*\.(?:com|net|org|cc|vip|top|xyz|me|tv|app|live|club|win|bet|"
               r"cn|info|biz|io|co|in|la|pw|site|online|fun)(?![a-z0-9-])")
HOTLINE_ANYWHERE = lazy_re(r"[48]00[- ]?\d{3}[- ]?\d{4}")
# A site's watermark slipped in between sentences to mark copies ("…的主要部分。爱掏网 - it200.com通常对应…"):
# right after a sentence's end, a short name in Chinese, a separator and a domain. Only the same string three
# times or more on a page, once at least with Chinese text straight after it (a sentence of the page's own
# that gives an address ends with its full stop), is a watermark. A bare domain opening sentences
# ("…1994年。Amazon.com成立…", or English ". Amazon.com began") is a company's name: no Chinese name, no mark.
_TLD = r"(?:com|net|org|cc|vip|top|xyz|me|tv|club|cn|info|biz|io|site)"
# Every part is bounded, so the prescreen's anchor can bound the distance from the sentence's end.
WATERMARK = lazy_re(r"[。！？；!?;][^\S\n]{0,3}((?:[^\s。！？；!?;，,：:“”\"]{0,12}?[^\S\n]{0,3}[-–—|｜:：]?[^\S\n]{0,3})?"
                    r"(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9.-]{0,40}?\." + _TLD + r"(?![a-z0-9.-]))"
                    r"(?=(.?))", re.I)
MIN_WATERMARKS = 3
# Sohu's and NetEase's fold button, scraped into the paragraph it cut: "…均衡摄入。展开剩余95%下面，就让我们…".
EXPAND_REST = lazy_re(r"展开剩余[^\S\n]*\d{1,2}(?:\.\d)?[^\S\n]*[%％]")
# Where a watermark can end: a domain's last dot and name. Searched first (the engine skips to each "."),
# then WATERMARK is matched from the sentence end before it: searching WATERMARK itself tries its name
# part after every full stop of a page (~80 ns a character; this, ~5).
_DOMAIN_END = lazy_re(r"\." + _TLD + r"(?![a-z0-9.-])", re.I)
_WATERMARK_REACH = 80  # characters back from the domain's end to the sentence's: WATERMARK's bounds, summed


def _watermark_matches(page: str):
    """WATERMARK's matches on ``page``, found from their domains."""
    for d in _DOMAIN_END.finditer(page):
        lo = max(0, d.start() - _WATERMARK_REACH)
        k = max(page.rfind(c, lo, d.start()) for c in "。！？；!?;")
        if k >= 0 and (m := WATERMARK.match(page, k)) is not None and m.end(1) == d.end():
            yield m


MIN_SPUN_KINDS = 3  # distinct spun phrases a page needs (SPM205)

# A page's <title> written for search engines, scraped as one of its first lines: three keyword phrases
# or more between "_" or "|", each opening with the same keyword, perhaps the site's name after a dash
# ("成都房价_成都房价走势_成都房价最新消息-房天下"). A prose list with 、 or commas is no title
# ("成都市锦江区、成都市青羊区…").
SEO_TITLE_TOP = 3  # non-blank lines from the top
SEO_TITLE_MIN_PHRASES = 3
MAX_SEO_TITLE = 120
_TITLE_PHRASES = lazy_re(r"\s*[_|｜]+\s*")
_SITE_DASH = lazy_re(r"\s*[—–-]+\s*[^—–\-_|｜]{1,20}$")


def _seo_title(t: str) -> str | None:
    """What a keyword <title> line says (its keyword and phrases) when ``t`` is one, else None."""
    t = t.strip()
    # CMSs join a title's phrases with "_" or "|". A line of links or widgets ("分享 | 收藏", "首页 | 新闻 |
    # 体育") has the bars but not the shared keyword, and a heading ("成都楼市｜一季度回顾") not three phrases.
    if "。" in t or len(t) > MAX_SEO_TITLE or not ("_" in t or "|" in t or "｜" in t):
        return None
    phrases = _TITLE_PHRASES.split(_SITE_DASH.sub("", t))
    # Three distinct phrases: one phrase pasted again and again is DUP305's, which keeps its first copy.
    if len(set(phrases)) < SEO_TITLE_MIN_PHRASES or not all(phrases) or max(map(len, phrases)) > SEO_MAX_PHRASE:
        return None
    stem = _shared_stem(phrases)
    return f"a keyword <title>: {len(phrases)} phrases opening with '{stem}'" if stem else None


def _shared_stem(phrases: list[str]) -> str | None:
    """The opening of two to four Han characters that every phrase starts with (a title's keyword)."""
    for n in (4, 3, 2):
        stem = phrases[0][:n]
        if len(stem) == n and all(HAN_RE.fullmatch(c) for c in stem) and all(p.startswith(stem) for p in phrases):
            return stem
    return None


def _top_lines(page: str) -> list[str]:
    """The page's first SEO_TITLE_TOP non-blank lines."""
    out = []
    for line in page.split("\n", 20):
        if line.strip():
            out.append(line)
            if len(out) == SEO_TITLE_TOP:
                break
    return out


def _distinct_lines(page: str, positions, enough: int) -> bool:
    """True when ``positions`` fall on at least ``enough`` distinct lines of ``page``."""
    starts = set()
    for pos in positions:
        starts.add(page.rfind("\n", 0, pos))
        if len(starts) >= enough:
            return True
    return False


SEO_SEPARATOR = r"[,，、|｜_/;；?？!！\s]"
SEO_SPLIT = lazy_re(SEO_SEPARATOR + "+")
SEO_MIN_PHRASES = 5
SEO_MAX_PHRASE = 20

MIN_BLOCK_LINES = 4
MIN_ARTICLE_SENTENCES = 2  # around a list whose only mark is a time stamp before each item
MAX_LATEST_SPAN_DAYS = 7  # a latest-headlines list's stamps, from the newest to the oldest
MAX_HEADLINE_CHARS = 90
STUFFING_MIN_STRONG = 2
STUFFING_MIN_COVER = 0.25
STUFFING_REPORT_COVER = 0.5


class _L(NamedTuple):  # one per line of every page: 0.7 us to make, a frozen dataclass 1.7
    """A line with its normalised text (lexicon matching) and where it sits."""

    index: int
    start: int
    end: int  # including its line break, so deleting it removes the whole line
    raw: str
    norm: str


# What only continues a sentence: a line the next one opens with these ("来自华为" then "的技术人员…")
# is prose wrapped at a fixed width, not a line of its own.
CONTINUATION = "的了着过和与及或是在，。、；：！？）》”’,.;:!?)"


def _cut_mid_sentence(ls, i: int) -> bool:
    nxt = ls[i + 1].norm.lstrip() if i + 1 < len(ls) else ""
    return bool(nxt) and nxt[0] in CONTINUATION and not ls[i].norm.rstrip().endswith(tuple(SENTENCE_END))


class _Lexicon:
    def __init__(self, terms_by_kind: dict[str, tuple[str, ...]]):
        import ahocorasick

        self.auto = ahocorasick.Automaton()
        for kind, terms in terms_by_kind.items():
            for t in terms:
                key = t.lower()
                prev = self.auto.get(key, None)
                self.auto.add_word(key, (prev[0] | {kind}, key) if prev else ({kind}, key))
        self.auto.make_automaton()

    def hits(self, text: str, lowered: bool = False) -> list[tuple[int, int, set[str]]]:
        out = []
        if not len(self.auto):
            return out
        for end, (kinds, word) in self.auto.iter(text if lowered else text.lower()):
            out.append((end - len(word) + 1, end + 1, kinds))
        return out


def _lower_longest_first(words) -> tuple[str, ...]:
    """Distinct words, lower case, longest first: replacing them in this order removes "发表评论"
    before "评论" can split it. One order every run."""
    return tuple(sorted({w.lower() for w in words}, key=lambda w: (-len(w), w)))


def _strong_in(text: str, hits) -> set[str]:
    """The distinct strong terms among the lexicon's ``hits`` on ``text``."""
    return {text[s:e] for s, e, kinds in hits if "strong" in kinds}


class SpamDetector(Detector):
    name = "spam"

    @cached_property
    def lists(self) -> dict[str, tuple[str, ...]]:
        return wordlists("spam", self.roots)

    @cached_property
    def stuffing(self) -> _Lexicon:
        L = self.lists
        return _Lexicon({"strong": L.get("porn_strong", ()) + L.get("gambling", ()) + L.get("fake_documents", ()),
                         "context": L.get("porn_context", ())})

    @cached_property
    def headers(self) -> frozenset[str]:
        return frozenset(self.lists.get("boilerplate_headers", ()) + self.search_headers)

    @cached_property
    def search_headers(self) -> tuple[str, ...]:
        return self.lists.get("search_headers", ())

    @cached_property
    def seo(self) -> tuple[str, ...]:
        return self.lists.get("seo_prefixes", ())

    @cached_property
    def seo_re(self) -> re.Pattern | None:
        """An SEO phrase opening the line, after "_", "|" or "【", or closing it."""
        if not self.seo:
            return None
        alt = alternation(self.seo)
        return compiled_re.compile(rf"^(?:{alt})|[_|【](?:{alt})|(?:{alt})\s*$")

    def _lines(self, doc) -> list[_L]:
        view = normalised(doc)
        out = []
        for ln in lines(doc):
            vs, ve = view.range_of(ln.start, ln.end)
            out.append(_L(ln.number - 1, ln.start, ln.full_end, ln.text, view.text[vs:ve]))
        return out

    # Each check has a screen: a few regex or automaton passes over the whole normalised page that
    # fire whenever the check could find something (a superset, never a guess). Most pages pass no
    # screen, and then no line is looked at; tests/test_screens.py runs every case both ways. Before the
    # screens, one compiled pass over the page (cleancn.prescreen) says which screens could pass.
    use_screens = True

    @cached_property
    def prescreen(self):
        from cleancn.prescreen import Prescreen

        return Prescreen("spam", self._anchors)

    def _anchors(self) -> dict[str, list[str]]:
        """Per check, patterns one of which occurs on the lower-cased page whenever its screen passes:
        for each branch of the screen, the literals it needs first, or a looser form of its pattern
        where those are ordinary words ("分享", "价格"). Hyperscan's dialect (cleancn.prescreen);
        tests/test_prescreen.py holds each screen to its anchors."""
        from cleancn.prescreen import DIGITS as D, INLINE_SPACES as IS, SPACES as S, any_of, literal

        L = self.lists
        line_start, line_end = "(?:^|\\n)", f"[{IS}]*(?:\\n|\\z)"
        # SPM201: a strong term as folding may make it (look-alikes, letters spaced out), or a line of
        # short search phrases, two of them ending in a query word.
        looks: dict[str, str] = {}
        for fake, real in LOOKALIKES.items():
            looks[real] = looks.get(real, real) + fake
        strong = []
        for term in set(self.strong_terms):
            spelled = ""
            for i, c in enumerate(term):
                spelled += f"[{''.join(map(literal, looks[c]))}]" if c in looks else literal(c)
                if i + 1 < len(term) and (c + term[i + 1]).isascii() and (c + term[i + 1]).isalpha():
                    spelled += f"[{S}.\\-_*]*"
            strong.append(spelled)
        stuff = sorted(strong)
        queries = L.get("seo_query_suffixes", ())
        if queries:  # (phrase lengths left out: bounded repeats take seconds to compile)
            sep, item = f"[,，、|｜_/;；?？!！{S}]", f"[^,，、|｜_/;；?？!！{S}。]"
            asks = f"{item}*{any_of(w.lower() for w in queries)}"
            stuff.append(f"{line_start}{sep}*(?:{item}+{sep}+)*{asks}{sep}+(?:{item}+{sep}+)*{asks}"
                         f"(?:{sep}+{item}+)*{sep}*(?:\\n|\\z)")
        # SPM202: any mark a list line can carry (the screen needs three lines with one).
        date = f"(?:19|20)[{D}]{{2}}[{S}]*[-/.年][{S}]*[{D}]{{1,2}}[{S}]*[-/.月][{S}]*[{D}]{{1,2}}"
        lists = [
            f"[12][09][{D}]{{2}}[{IS}]*[-/.年][{IS}]*[{D}]{{1,2}}[{IS}]*[-/.月][{IS}]*[{D}]{{1,2}}[{IS}]*日?{line_end}",
            any_of(w.lower() for w in self.seo),
            f"(?:\\.\\.\\.|\\.\\.…|…)[.…]*[{IS}]*[-–]?{line_end}",
            "[_|｜]",
            f"{line_start}[{IS}]*{BULLET_MARKS}",
            # _STAMP: a date, a bracketed month and day, or a month, day and time, then a space or a bracket
            f"{line_start}[{IS}]*(?:[【\\[(（]*{date}[{IS}]*日?(?:[{IS}]*[{D}]{{1,2}}:[{D}]{{2}}(?::[{D}]{{2}})?)?"
            f"|[【\\[(（]+[{D}]{{1,2}}[{IS}]*[-/.月][{IS}]*[{D}]{{1,2}}[{IS}]*日?"
            f"|[【\\[(（]*[{D}]{{1,2}}-[{D}]{{1,2}}[{IS}]+[{D}]{{1,2}}:[{D}]{{2}})(?:[{IS}]*[】\\])）]|[{IS}])",
        ]
        # SPM203: each branch of _could_boilerplate, in its order.
        call_to_action = (f"点我看更多|点此看更多|看更多[^{S}]{{0,8}}新闻|加入[^{S}]{{0,10}}line|订阅[^{S}]{{0,6}}电子报"
                          f"|赞好[^{S}]{{0,10}}(?:专页|facebook)|追踪[^{S}]{{0,10}}(?:ig|instagram|youtube|facebook)"
                          f"|下载[^{S}]{{0,10}}(?:客户端|app)")
        boilerplate = [
            any_of(COPYRIGHT_WORDS), f"{line_start}[{S}]*\\(c\\)",
            "[_|｜][^\\n]*[_|｜]",  # a keyword <title>: two phrase separators on a line
            any_of(fold_width(p).lower() for p in self.notice_phrases),
            f"{any_of(h.lower() for h in self.headers)}[{IS}{''.join(map(literal, HEADER_DECOR))}]*{line_end}",
            f"{any_of(h.lower() for h in self.search_headers)}[{IS}]*[:：]",
            any_of(("icp", "公网安备", "网站标识码", "技术支持", "标签", "tag", "http", "www.")),
            f"{PLACE_LABELS}[{S}]*[:：]|{HOME_WORDS}[{S}]*[>»›＞/][{S}]*[^>»›＞/\\n]{{1,12}}[{S}]*[>»›＞/]"
            f"|网[{IS}]*[>»›＞]",
            f"分钟(?:[{IS}]|[。.!！])*(?:\\n|\\z)|分钟[{IS}]*(?:才能|即可|就能|可)?[{IS}]*(?:阅读完|读完)",
            f"{NAV_LINK_WORDS}[{IS}]*[:：]",
            f"纠错|{any_of(CREDIT_FIELDS)}[{S}]*[:：]"
            f"|{line_start}[{S}【\\[(（]*(?:{_BARE_CREDIT})[{S}】\\])）]*(?:\\n|\\z)",
            _CONTACT_LABEL + "|[【\\[(（][" + S + "]*(?:广告|推广|赞助)|广告位",  # a contact line's label, an ad label
            # An info bar: a field's name that opens its line or follows a date, a button or a separator,
            # or the font-size buttons (its credit fields, 编辑：, are the anchor above). Not any field
            # name with a colon: "会议时间：" in prose would send most pages to the whole screen.
            f"(?:{line_start}[{IS}]*|[{D}日】\\])）|｜/·•,，][{IS}]*)"
            f"{any_of(n for n in INFO_NAMES if n not in CREDIT_FIELDS)}[{S}]*[:：]|字体|字号"
            f"|[{D}][{IS}]*[万wk]?[{IS}]*次?[{IS}]*{any_of(COUNTER_WORDS)}|{any_of(COUNTER_WORDS)}[{IS}]*[{D}]",
            call_to_action,
            f"{FOLLOW_VERBS}[^。\\n]{{0,20}}关注[^。\\n]{{0,20}}{FOLLOW_TARGETS}",
            any_of(w for group in self.platform_phrases for w in group), f"ip[{S}]*属地",
            f"{line_start}[{S}{''.join(map(literal, END_DECOR))}]*end[{S}{''.join(map(literal, END_DECOR))}]*(?:\\n|\\z)",
            f"{line_start}[{S}{''.join(map(literal, END_DECOR))}]*(?:完|全文完|本文完|本章完|正文完)[{S}{''.join(map(literal, END_DECOR))}]*(?:\\n|\\z)",
        ]
        if self.prompts:  # a short line made mostly of follow words
            boilerplate.append(f"{line_start}[{S}]*[^\\n]{{0,30}}{any_of(self.prompts)}")
        if self.site_nav:  # three navigation links on one line
            nav = any_of(self.site_nav)
            boilerplate.append(f"{nav}[^\\n]*{nav}[^\\n]*{nav}")
        targets = self.widget_words[1]
        if self.buttons:  # a line of widget or button words, share targets and filler only, as a class
            made_of = f"[{S}{D}()（）\\[\\]【】:：|/·•,，.\\-<>»«›‹?？+kw万千{''.join(map(literal, sorted(set(''.join(self.buttons + targets)))))}]"
            boilerplate.append(f"{line_start}{made_of}*{any_of(self.buttons)}{made_of}*(?:\\n|\\z)")
        # SPM204: a contact word before an ID, a mobile or hotline number, or a strong term (beside a link).
        contacts = [
            f"{CONTACT_WORDS}[{IS}]*(?:号|群)?[{IS}]*[:：]?[{IS}]*[a-z0-9]",
            f"1[3-9][{D}]{{9}}",
            f"[48]00[- ]?[{D}]{{3}}[- ]?[{D}]{{4}}",
            any_of(self.strong_terms),
            any_of(self.link_promos),
            # a watermark: a domain a few characters after a sentence's end (WATERMARK)
            f"[。！？；!?;][^\\n]{{0,75}}[a-z0-9.\\-]\\.{_TLD}",
        ]
        return {"SPM201": stuff, "SPM202": lists, "SPM203": boilerplate, "SPM204": contacts,
                "SPM205": [any_of(self.spun)] if self.spun else []}

    @cached_property
    def checks(self):
        """(code, screen, check) in the order they run: a screen takes the normalised page and its lower
        case, a check the page's lines and the page."""
        return (("SPM201", self._could_stuff, self._stuffing), ("SPM202", self._could_list, self._headline_blocks),
                ("SPM203", self._could_boilerplate, self._boilerplate), ("SPM204", self._could_contact, self._contacts))

    def detect(self, doc):
        page = normalised(doc).text
        low = page.lower()
        could = self.prescreen.could_fire(low) if self.use_screens else None
        if self.spun_re is not None and self.enabled("SPM205") and (could is None or "SPM205" in could):
            yield from self._spun(doc, low if len(low) == len(page) else page)
        checks = [(code, check) for code, screen, check in self.checks
                  if self.enabled(code) and (not self.use_screens or (could is None or code in could) and screen(page, low))]
        expand = "展开剩余" in page and self.enabled("SPM203")  # str's search: no prescreen needed
        if not checks and not expand:
            return
        ls = self._lines(doc)
        taken: set[int] = set()
        for code, check in checks:
            for first, last, message in check(ls, page):
                if any(i in taken for i in range(first, last + 1)):
                    continue
                taken.update(range(first, last + 1))
                yield self.finding(doc, code, ls[first].start, ls[last].end, "", message)
        if any(code == "SPM204" for code, _ in checks):
            yield from self._watermarks(doc, ls, page, taken)
        if expand:
            yield from self._expand_buttons(doc, ls, page, taken)

    def _expand_buttons(self, doc, ls, page, taken):
        """SPM203 inside lines: the fold button a platform leaves in the paragraph it cut (EXPAND_REST)."""
        view, starts = normalised(doc), [ln.start for ln in ls]
        for m in EXPAND_REST.finditer(page):
            start, end = view.span(m.start(), m.end())
            i = bisect.bisect_right(starts, start) - 1
            if i in taken:
                continue
            if ls[i].norm.strip() == m.group(0):  # alone on its line: the line goes
                start, end = ls[i].start, ls[i].end
            yield self.finding(doc, "SPM203", start, end, "", "the platform's 'read the rest' button")

    # -- SPM205 -------------------------------------------------------------------------------------

    @cached_property
    def spun(self) -> dict[str, str]:
        """Spun phrase (lower case) -> what it was, from rules/spam/spun_phrases.txt."""
        out = {}
        for entry in self.lists.get("spun_phrases", ()):
            spun, _, original = entry.partition(" ")
            out[spun.lower()] = original.strip() or spun
        return out

    @cached_property
    def spun_re(self) -> re.Pattern | None:
        # Lower case, matched on the lower-cased page: with re.I the alternation costs ~190 ns a character
        # (where there is no prescreen), without it ~16.
        return compiled_re.compile(alternation(self.spun)) if self.spun else None

    def _spun(self, doc, page):
        """Each spun phrase on a page that holds MIN_SPUN_KINDS distinct ones (one alone may be a
        writer's odd choice; three are a tool's). Flagged, never rewritten: the swaps are guesses of
        the tool's, and the page is for a user to drop (--drop-under), not to repair."""
        found = [(m.start(), m.end(), m.group(0).lower()) for m in self.spun_re.finditer(page)]
        kinds = {w for _, _, w in found}
        if len(kinds) < MIN_SPUN_KINDS:
            return
        view = normalised(doc)
        sample = "、".join(sorted(kinds)[:5])
        for s, e, w in found:
            start, end = view.span(s, e)
            yield self.finding(doc, "SPM205", start, end, None,
                               f"spun wording {w!r} (was {self.spun[w]!r}): {len(found)} swaps of {len(kinds)} "
                               f"kinds on the page ({sample}…)")

    def _watermarks(self, doc, ls, page, taken):
        """SPM204 inside lines: each copy of a site's watermark (WATERMARK), the text around it kept."""
        found: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        for m in _watermark_matches(page):
            after = m.group(2)
            found[m.group(1).lower()].append((m.start(1), m.end(1), bool(HAN_RE.match(after))))
        view, starts = normalised(doc), [ln.start for ln in ls]
        for mark, where in found.items():
            if len(where) < MIN_WATERMARKS or not any(inline for _, _, inline in where) \
                    or not HAN_RE.search(mark.split(".")[0]):
                continue
            for s, e, _ in where:
                start, end = view.span(s, e)
                if bisect.bisect_right(starts, start) - 1 in taken:
                    continue
                yield self.finding(doc, "SPM204", start, end, "",
                                   f"site watermark {mark!r} slipped in between sentences {len(where)} times")

    # -- SPM201 -------------------------------------------------------------------------------------

    def _could_stuff(self, page, low):
        # Most documents hold fewer strong terms in all than one stuffed line needs. Only a page with
        # look-alikes, or with a gap between two letters that sit side by side in a term ("a.v" for av),
        # needs folding first: closing any other gap ("is a" in English text) makes no term.
        if LOOKALIKE_RE.search(page) or self.term_letter_gap is not None and self.term_letter_gap.search(low):
            low = SPACED_LATIN.sub("", replace_chars(page, LOOKALIKES, LOOKALIKE_RE)).lower()
        # The regex finds strong terms without overlaps: two distinct ones settle it, none rules it out,
        # and one is counted again with the automaton (which also sees terms inside terms).
        found = self._strong_terms(low)
        if len(found) != 1:
            if len(found) >= STUFFING_MIN_STRONG:
                return True
        else:
            strong = _strong_in(low, self.stuffing.hits(low, lowered=True))
            if len(strong) >= STUFFING_MIN_STRONG:
                return True
        # SEO stuffing needs two phrases ending in a query word on one line: only such lines are read.
        if self.query_end is None:
            return False
        seen: set[int] = set()
        for m in self.query_end.finditer(page):
            start = page.rfind("\n", 0, m.start())
            if start in seen and self._seo_stuffed(page[slice(*_line_of(page, m.start()))]):
                return True
            seen.add(start)
        return False

    @cached_property
    def _query_words(self) -> str | None:
        """The SEO query words as one alternation."""
        words = self.lists.get("seo_query_suffixes", ())
        return alternation(words) if words else None

    @cached_property
    def query_end(self) -> re.Pattern | None:
        """A query word ending a phrase of a keyword list (followed by a separator or the line end)."""
        alt = self._query_words
        return None if alt is None else compiled_re.compile(rf"(?:{alt})(?={SEO_SEPARATOR}|[^\S\n]*(?:\n|\Z))")

    @cached_property
    def query_tail(self) -> re.Pattern:
        """A phrase that ends in a query word (used only when there are query words)."""
        return compiled_re.compile(f"(?:{self._query_words})\\Z")

    @cached_property
    def term_letter_pairs(self) -> tuple[str, ...]:
        """Two letters side by side in a stuffing term ("av"), lower case, sorted."""
        L = self.lists
        return tuple(sorted({t[i:i + 2] for t in (w.lower() for w in L.get("porn_strong", ()) + L.get("gambling", ())
                                                  + L.get("fake_documents", ()) + L.get("porn_context", ()))
                             for i in range(len(t) - 1) if t[i:i + 2].isascii() and t[i:i + 2].isalpha()}))

    @cached_property
    def term_letter_gap(self) -> re.Pattern | None:
        """Where SPACED_LATIN would join two letters that are adjacent in a stuffing term, on the
        lower-cased page: the only gaps whose folding can make a term. None: no term has two letters."""
        if not self.term_letter_pairs:
            return None
        return compiled_re.compile("|".join(f"{re.escape(p[0])}[\\s.\\-_*]+{re.escape(p[1])}\\b"
                                            for p in self.term_letter_pairs))

    @cached_property
    def strong_terms(self) -> tuple[str, ...]:
        """The stuffing lexicon's strong terms (porn, gambling, fake documents), lower case."""
        L = self.lists
        return tuple(t.lower() for t in L.get("porn_strong", ()) + L.get("gambling", ()) + L.get("fake_documents", ())
                     if t)

    @cached_property
    def strong_re(self) -> re.Pattern:
        """The strong terms as one pattern (its compiled code is kept between runs by compiled_re)."""
        return literal_alternation(self.strong_terms)

    def _stuffing(self, ls, page):
        report = self.lists.get("report_context", ())
        for ln in ls:
            text = SPACED_LATIN.sub("", replace_chars(ln.norm, LOOKALIKES, LOOKALIKE_RE))
            if not text.strip():
                continue
            hits = self.stuffing.hits(text)
            strong = _strong_in(text, hits)
            if len(strong) < STUFFING_MIN_STRONG:
                continue
            covered = bytearray(len(text))
            for s, e, _ in hits:
                covered[s:e] = b"\x01" * (e - s)
            content = sum(1 for c in text if not c.isspace() and c not in ",，、;；|")
            cover = sum(covered) / max(1, content)
            # A report names the sites it warns of ("警方提醒：“澳门新葡京”“百家乐”等网站均为赌博网站"):
            # with a report's words, only a line the terms make up is stuffing.
            if cover < STUFFING_REPORT_COVER and any(w in text for w in report):
                continue
            if cover >= STUFFING_MIN_COVER:
                yield ln.index, ln.index, (f"keyword stuffing: {len(strong)} spam terms "
                                           f"({', '.join(sorted(strong)[:4])}) cover {cover:.0%} of the line")
        if self.query_end is None:
            return
        for ln in ls:
            found = self._seo_stuffed(ln.norm)
            if found:
                yield ln.index, ln.index, found

    def _seo_stuffed(self, text: str) -> str | None:
        """A search-engine keyword list: five or more short phrases, at least 60% of them (and four)
        sharing one stem of two to four characters, two or more ending in a query word. A list of
        districts (成都市锦江区、成都市青羊区…) or products shares a stem but asks nothing."""
        t = text.strip()
        if "。" in t or len(t) > 300 or not self.query_end.search(t):
            return None
        items = [x for x in SEO_SPLIT.split(t) if x]
        if len(items) < SEO_MIN_PHRASES or max(map(len, items)) > SEO_MAX_PHRASE:
            return None
        if sum(1 for x in items if self.query_tail.search(x)) < 2:
            return None
        holders: dict[str, set[int]] = {}
        for i, x in enumerate(items):
            for n in (2, 3, 4):
                for k in range(len(x) - n + 1):
                    sub = x[k:k + n]
                    if HAN_RE.fullmatch(sub[0]) and HAN_RE.fullmatch(sub[-1]):
                        holders.setdefault(sub, set()).add(i)
        if not holders:
            return None
        stem = max(holders, key=lambda w: (len(holders[w]), len(w), w))
        share = len(holders[stem])
        if share < 4 or share < 0.6 * len(items):
            return None
        return f"SEO keyword stuffing: '{stem}' in {share} of {len(items)} search phrases"

    # -- SPM202 -------------------------------------------------------------------------------------

    def _features(self, ln: _L) -> set[str]:
        t = ln.norm.strip()
        f: set[str] = set()
        if not t or len(t) > MAX_HEADLINE_CHARS or REFERENCE.match(t):
            return f
        body = BULLET.sub("", t)
        stamp = DATE_START.match(body)
        if stamp:
            body = body[stamp.end():]
        if "。" in body.rstrip("。") or body.count("，") + body.count(",") > 4:
            return f  # sentences, not headlines
        if BULLET.match(t):
            f.add("bullet")
        if stamp:
            f.add("stamp")
        if DATE_END.search(t):
            f.add("date")
        if TRUNCATED.search(t):
            f.add("truncated")
        if self.seo_re and self.seo_re.search(body):
            f.add("seo")
        if SITE_SUFFIX.search(DATE_END.sub("", t)):
            f.add("site")
        if not f and len(body) <= 40 and body and not body.endswith(("。", "：", ":")):
            f.add("short")  # a bare headline between marked ones
        return f

    @cached_property
    def seo_anywhere(self) -> re.Pattern | None:
        return literal_alternation(self.seo) if self.seo else None

    def _could_list(self, page, low):
        # A block needs four members, three of them marked (bullet, date, truncation, site, SEO).
        marks = [DATE_AT_END] + [self.seo_anywhere] * bool(self.seo)
        if "…" in page or "..." in page:
            marks.append(TRUNCATED_AT_END)
        if "_" in page or "|" in page or "｜" in page:
            marks.append(SITE_SEPARATOR)
        found = [m.start() for rx in marks for m in rx.finditer(page)]
        found += [m.end() - 1 for m in BULLET_AFTER_BREAK.finditer(page)]
        if BULLET_FIRST.match(page):
            found.append(0)
        found += [m.start() + 1 for m in STAMP_AFTER_BREAK.finditer(page)]
        if DATE_START.match(page):
            found.append(0)
        return _distinct_lines(page, found, 3)

    def _headline_blocks(self, ls, page):
        feats = [self._features(ln) for ln in ls]
        bigrams = None  # the page's bigram counts, made at the first candidate block
        i = 0
        n = len(ls)
        while i < n:
            if not (feats[i] - {"short"}) and not (feats[i] and _is_header(ls[i], self.headers)):
                i += 1
                continue
            j = i
            members = []
            while j < n and (feats[j] or not ls[j].norm.strip()):
                if feats[j]:
                    members.append(j)
                j += 1
            marked = [k for k in members if feats[k] - {"short"}]
            if len(members) >= MIN_BLOCK_LINES and len(marked) >= 0.6 * len(members):
                kinds = {x for k in marked for x in feats[k]} - {"short", "bullet"}
                bigrams = bigrams or _PageBigrams(ls)
                overlap = bigrams.overlap(ls, members)
                # Evidence beyond bullets (dates, SEO, truncation), or bullets on headlines unrelated to the
                # article: under a related-links header, or a bare list that looks like links (below).
                headed = _is_header(ls[members[0]], self.headers) or (
                    members[0] > 0 and _is_header(ls[members[0] - 1], self.headers))
                # A list that a line of the article introduces ("发展历程：") is the article's own,
                # dates and all; a related-links header is no such introduction.
                if not headed and _introduced(ls, members[0], self.seo):
                    i = max(j, i + 1)
                    continue
                # Dates alone, in order and mostly distinct, are the article's schedule or timeline
                # ("揭幕戰…2022-11-20" … "決賽…2022-12-18"); a link list stamps one date on every
                # headline (seed 004) or dates them at random.
                if kinds <= {"date", "stamp"} and not headed and _timeline([ls[k].norm for k in members]):
                    i = max(j, i + 1)
                    continue
                # Stamps alone are also a log's, a changelog's or a company's news ("2024-03-02
                # 修复登录问题"): a site's latest-headlines list has an article of its own around it (two
                # sentences or more), shares little with it, and its items are of the last few days.
                if kinds == {"stamp"} and not headed and (overlap >= 0.35 or sum(
                        ln.norm.count("。") for k, ln in enumerate(ls) if k < members[0] or k > members[-1])
                        < MIN_ARTICLE_SENTENCES or _stamp_span_days([ls[k].norm for k in members]) > MAX_LATEST_SPAN_DAYS):
                    i = max(j, i + 1)
                    continue
                if kinds or overlap < 0.35 and (headed or _bare_link_list(ls, members)):
                    first, last = members[0], members[-1]
                    if first > 0 and _is_header(ls[first - 1], self.headers):
                        first -= 1
                    why = ", ".join(sorted(kinds)) or "bulleted headlines"
                    yield first, last, (f"list of {len(members)} headlines unrelated to the article "
                                        f"({why}; {overlap:.0%} shared with the text)")
            i = max(j, i + 1)

    # -- SPM203 -------------------------------------------------------------------------------------

    @cached_property
    def notice_phrases(self) -> tuple[str, ...]:
        """Phrases that make their line the site's: hosting and copyright disclaimers, and the sentences an
        SEO site's template wraps every article in (rules/spam/template_sentences.txt)."""
        return self.lists.get("disclaimers", ()) + self.lists.get("template_sentences", ())

    @cached_property
    def template_re(self) -> re.Pattern | None:
        phrases = [fold_width(p) for p in self.lists.get("template_sentences", ())]
        return compiled_re.compile("|".join(re.escape(p) for p in phrases), re.I) if phrases else None

    @cached_property
    def disclaimer_re(self) -> re.Pattern | None:
        phrases = [fold_width(p) for p in self.notice_phrases]  # as on the normalised page
        return compiled_re.compile("|".join(re.escape(p) for p in phrases), re.I) if phrases else None

    @cached_property
    def header_at_end(self) -> re.Pattern | None:
        """A header word followed only by colons or decoration up to the line end (where the line starts is
        not checked)."""
        if not self.headers:
            return None
        return compiled_re.compile(rf"(?:{alternation(self.headers)})(?:[^\S\n]|[{re.escape(HEADER_DECOR)}])*"
                                   + LINE_END)

    @cached_property
    def search_inline(self) -> re.Pattern | None:
        """A search header with its queries on the same line ("相关搜索：绵阳人才新政 绵阳安家补贴")."""
        if not self.search_headers:
            return None
        return compiled_re.compile(rf"^[^\S\n]*(?:{alternation(self.search_headers)})[^\S\n]*[:：][^\S\n]*(.+)$", re.M)

    def _search_line(self, t: str) -> bool:
        """A line of search suggestions: the header, a colon, then two or more short queries and no
        sentence ("相关搜索：A B C"; not "相关搜索：用户最关心的是房价。")."""
        m = self.search_inline.match(t) if self.search_inline is not None and len(t) <= MAX_SEARCH_LINE else None
        if m is None or any(c in m.group(1) for c in SENTENCE_END):
            return False
        queries = [q for q in _QUERY_SEPARATORS.split(m.group(1)) if q]
        return len(queries) >= 2 and all(len(q) <= MAX_QUERY for q in queries)

    @cached_property
    def widget_word(self) -> re.Pattern | None:
        widgets = self.lists.get("widgets", ())
        return literal_alternation(widgets) if widgets else None

    @cached_property
    def widget_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(widget words, share targets), lower case, longest first (so "发表评论" goes before "评论")."""
        return _lower_longest_first(self.lists.get("widgets", ())), \
            _lower_longest_first(self.lists.get("share_targets", ()))

    @cached_property
    def platform_phrases(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(whole-line phrases, line openings, line endings), lower case, longest first, width folded
        as the page they are matched on ("返回搜狐，查看更多" is "返回搜狐,查看更多" there)."""
        entries = _lower_longest_first(map(fold_width, self.lists.get("platform_ui", ())))
        return (tuple(e for e in entries if "*" not in e), tuple(e[:-1] for e in entries if e.endswith("*")),
                tuple(e[1:] for e in entries if e.startswith("*")))

    @cached_property
    def platform_word(self) -> re.Pattern | None:
        words = [w for group in self.platform_phrases for w in group]
        return literal_alternation(words) if words else None

    @cached_property
    def button_word(self) -> re.Pattern | None:
        return literal_alternation(self.buttons) if self.buttons else None

    @cached_property
    def buttons(self) -> tuple[str, ...]:
        """Platform buttons that are ordinary words too, with the widget words, lower case, longest first."""
        return _lower_longest_first(self.lists.get("platform_buttons", ()) + self.widget_words[0])

    @cached_property
    def _platform_cover(self) -> tuple[str, ...]:
        """What may make up a line with a platform phrase: the phrases, buttons and widget words."""
        return _lower_longest_first(self.platform_phrases[0] + self.buttons)

    def _platform_line(self, text: str) -> bool:
        """A line of a content platform's interface text ("预览时标签不可点", "本回答由提问者推荐",
        "收录于合集 #养生 12个", "编辑于 2024-03-15 10:21・IP 属地北京")."""
        t = text.strip().lower()
        if not t or len(t) > MAX_PLATFORM_LINE:
            return False
        if "属地" in t and POST_STAMP.match(t):
            return True
        whole, openings, endings = self.platform_phrases
        if len(t) <= MAX_PLATFORM_AFFIX_LINE and "。" not in t \
                and (openings and t.startswith(openings) or endings and t.endswith(endings)):
            return True
        if not any(p in t for p in whole):
            return False
        rest = t
        for w in self._platform_cover:
            rest = rest.replace(w, " ")
        for w in self.widget_words[1]:
            rest = rest.replace(w, " ")
        if t.startswith("来自"):  # Weibo names the device's model after its brand ("来自HUAWEI Mate 60 Pro")
            rest = _MODEL_NAME.sub(" ", rest)
        return len(_WIDGET_FILLER.sub("", rest)) <= PLATFORM_SLACK

    def _platform_line_indexes(self, ls, page) -> set[int]:
        """The lines of platform interface text, read only where a platform phrase or 属地 stands (a
        line of the normalised page is the line of the same index in ``ls``)."""
        low = page.lower()
        rows = {low.count("\n", 0, i) for i in self._platform_words(low)}
        return {i for i in rows if self._platform_line(ls[i].norm) and not _cut_mid_sentence(ls, i)}

    def _platform_words(self, low: str) -> list[int]:
        """Where a platform phrase or a post stamp's 属地 stands on the lower-cased page."""
        found = [m.start() for m in self.platform_word.finditer(low)] if self.platform_word is not None else []
        return found + [m.start() for m in _STAMP_WORD.finditer(low)] if "属地" in low else found

    def _button_lines(self, ls, widget_lines, platform_lines) -> set[int]:
        """Lines of platform buttons ("知道了", "赞同 1.2k 添加评论", "取消 允许") in a run of interface
        lines (blank lines between) that holds platform interface text, a follow prompt, or a widget
        line that goes (two or more widget and platform lines on the page). Alone among a story's
        lines, "知道了" is the story's."""
        if not self.buttons:
            return set()
        anchors = set(widget_lines) | platform_lines
        counts = {ln.index: n for ln in ls if ln.index not in anchors
                  and (n := _widget_count(ln.norm, self.buttons, self.widget_words[1]))}
        out = {i for i, n in counts.items() if n >= MIN_LONE_WIDGETS}  # two buttons or more: anywhere
        if not platform_lines and len(widget_lines) < 2:
            return out
        candidates = set(counts)
        run: list[int] = []  # button lines of the current run of interface lines
        anchored = False
        for ln in ls + [None]:
            if ln is not None and not ln.norm.strip():
                continue
            if ln is not None and ln.index in candidates:
                run.append(ln.index)
            elif ln is not None and (ln.index in anchors or self._follow_prompt(ln.norm)):
                anchored = True
            else:
                if anchored:
                    out.update(run)
                run, anchored = [], False
        return out

    @cached_property
    def disclaimer_lower(self) -> re.Pattern | None:
        phrases = self.notice_phrases
        return literal_alternation(fold_width(p).lower() for p in phrases) if phrases else None

    @cached_property
    def site_nav(self) -> tuple[str, ...]:
        """Navigation-bar words, lower case, longest first (so "返回首页" goes before "首页")."""
        return _lower_longest_first(self.lists.get("site_nav", ()))

    @cached_property
    def site_nav_word(self) -> re.Pattern | None:
        return literal_alternation(self.site_nav) if self.site_nav else None

    def _nav_bar(self, text: str) -> bool:
        """A line of three or more of a site's navigation links and separators only."""
        t = text.strip().lower()
        if not t or len(t) > 80 or self.site_nav_word is None:
            return False
        if len(self.site_nav_word.findall(t)) < MIN_NAV_LINKS:
            return False
        return _only_widgets(t, self.site_nav, limit=80)

    def _footer_kind(self, t: str, page: str) -> str | None:
        """What kind of site-footer line ``t`` is (copyright, filing numbers, navigation bar, tags), or
        None. A copyright line counts on a Chinese page only: in an English document it is its text."""
        if len(t) < 120 and COPYRIGHT.search(t) and _chinese_page(page):
            return "copyright line"
        if len(t) < 120 and "。" not in t and ICP_FILING.search(t):
            return "site filing (ICP) line"
        if self._nav_bar(t):
            return "site navigation bar"
        if len(t) <= MAX_TAG_LINE and "。" not in t and TAG_LINE.match(t):
            return "tag line"
        return None

    def _site_owner_lines(self, ls, page, taken: set[int]) -> set[int]:
        """Lines naming who runs the site, holding a site's own fields ("网站标识码", "技术支持") or next to
        (blank lines aside) a footer line in ``taken`` or to such a line, in a chain from the footer."""
        owners = [ln.index for ln in ls if len(ln.norm) < 120 and "。" not in ln.norm and SITE_OWNER.match(ln.norm)]
        if not owners:
            return set()
        nonblank = [ln.index for ln in ls if ln.norm.strip()]
        where = {i: k for k, i in enumerate(nonblank)}
        out = {i for i in owners if any(f in ls[i].norm.lower() for f in SITE_FIELDS)}
        grew = True
        while grew:
            grew = False
            for i in owners:
                k = where[i]
                near = {nonblank[j] for j in (k - 1, k + 1) if 0 <= j < len(nonblank)}
                if i not in out and near & (taken | out):
                    out.add(i)
                    grew = True
        return out

    def _could_boilerplate(self, page, low):
        if ("_" in page or "|" in page or "｜" in page) and any(_seo_title(t) for t in _top_lines(page)):
            return True
        if any(w in low for w in COPYRIGHT_WORDS) or "(c)" in low and C_NOTICE.search(low) \
                or (self.disclaimer_lower and self.disclaimer_lower.search(low)) \
                or (self.header_at_end and self.header_at_end.search(page)) \
                or (self.search_inline and self.search_inline.search(page)):
            return True
        if ("icp" in low or "公网安备" in page) and ICP_FILING.search(low):
            return True
        if ("位置" in page or "首页" in page or "主页" in page or "网" in page) and any(
                BREADCRUMB.match(page[a:b]) for a, b in _lines_with(page, _BREADCRUMB_WORD)):
            return True
        if ("标签" in page or "tag" in low) and any(
                self._footer_kind(page[slice(*_line_of(page, m.start()))].strip(), page)
                for m in _TAG_WORD.finditer(low)):
            return True
        if self.site_nav_word is not None and any(
                self._nav_bar(low[slice(*_line_of(low, m.start()))]) for m in self.site_nav_word.finditer(low)):
            return True
        if any(_reading_time(page[slice(*_line_of(page, m.start()))].strip()) for m in MINUTES.finditer(page)):
            return True
        if any(w in page for w in NAV_WORDS) and NAV_LINK_ANYWHERE.search(page):
            return True
        if ("网站标识码" in page or "技术支持" in page) and any(
                SITE_OWNER.match(page[a:b]) for a, b in _lines_with(page, _OWNER_WORD)):
            return True
        if any(w in page for w in CREDIT_WORDS) and any(
                CREDIT_LINE.match(page[slice(*_line_of(page, m.start()))].strip()) for m in CREDIT_ANYWHERE.finditer(page)):
            return True
        if ("@" in page or "广告" in page or "推广" in page or "赞助" in page) and any(
                SITE_CONTACT.match(t) or AD_LABEL.match(t)
                for t in (page[a:b].strip() for a, b in _lines_with(page, _CONTACT_WORD)) if len(t) <= MAX_SITE_CONTACT):
            return True
        if ("：" in page or ":" in page or "字体" in page or "字号" in page
                or any(w in page for w in COUNTER_WORDS)) and any(
                _info_bar(page[a:b].strip()) for a, b in _info_bar_candidates(page)):
            return True
        if self.prompt_word is not None and any(
                self._follow_prompt(low[slice(*_line_of(low, m.start()))]) for m in self.prompt_word.finditer(low)):
            return True
        if any(self._follow_prompt(low[slice(*_line_of(low, m.start()))]) for m in CALL_TO_ACTION_WORD.finditer(low)):
            return True
        if any(self._platform_line(low[slice(*_line_of(low, i))]) for i in self._platform_words(low)):
            return True
        if "end" in low and any(END_MARK.match(page[a:b].strip()) for a, b in _lines_with(low, _END_WORD)):
            return True
        if "完" in page and any(END_MARK_ZH.match(page[a:b].strip()) for a, b in _lines_with(page, _END_WORD_ZH)):
            return True
        if self.widget_word is not None:
            lines_ = {_line_of(page, m.start()) for m in self.widget_word.finditer(page)}
            counts = [_widget_count(page[a:b], *self.widget_words) for a, b in lines_]
            if sum(1 for n in counts if n) >= 2 or max(counts, default=0) >= MIN_LONE_WIDGETS \
                    or any(_lone_widget(page[a:b]) for a, b in lines_):
                return True
        if self.button_word is not None and any(
                _widget_count(low[a:b], self.buttons, self.widget_words[1]) >= MIN_LONE_WIDGETS
                for a, b in _lines_with(low, self.button_word)):
            return True
        return ("http" in low or "www." in low) and URL.search(low) is not None and _distinct_lines(
            page, (m.start() for m in FOOTER_FIELD_ANYWHERE.finditer(page)), 2)

    def _boilerplate(self, ls, page):
        found = list(self._boilerplate_lines(ls, page))
        yield from found
        if any(w in page for w in _OWNER_WORDS):
            taken = {i for first, last, _ in found for i in range(first, last + 1)}
            for i in sorted(self._site_owner_lines(ls, page, taken) - taken):
                yield i, i, "site owner line"

    def _boilerplate_lines(self, ls, page):
        widget_lines = [ln.index for ln in ls if _only_widgets(ln.norm, *self.widget_words)]
        platform_lines = self._platform_line_indexes(ls, page)
        button_lines = self._button_lines(ls, widget_lines, platform_lines)
        # Disclaimer phrases are searched once over the whole page; only the lines they fall in are kept.
        disclaimer_lines: set[int] = set()
        if self.disclaimer_re is not None:
            if self.disclaimer_re.search(page):
                disclaimer_lines = {ln.index for ln in ls if self.disclaimer_re.search(ln.norm)}
        n = len(ls)
        nonblank = 0
        for ln in ls:
            t = ln.norm.strip()
            if not t:
                continue
            nonblank += 1
            if READING_TIME_COUNTED.match(t) or nonblank <= READING_TIME_TOP and READING_TIME_BARE.match(t):
                yield ln.index, ln.index, "reading-time header"
            elif nonblank <= SEO_TITLE_TOP and (title := _seo_title(t)):
                yield ln.index, ln.index, title
            elif len(t) <= MAX_NAV_LINE and NAV_LINK.match(t):
                yield ln.index, ln.index, "link to the previous or next page"
            elif len(t) <= MAX_CREDIT_LINE and CREDIT_LINE.match(t):
                yield ln.index, ln.index, "editor credit line"
            elif _info_bar(t):
                yield ln.index, ln.index, "article info bar"
            elif len(t) <= MAX_SITE_CONTACT and (SITE_CONTACT.match(t) or AD_LABEL.match(t)):
                yield ln.index, ln.index, "the site's contact or ad label"
            elif len(t) <= MAX_END_MARK and (END_MARK.match(t) or END_MARK_ZH.match(t)) and _chinese_page(page):
                yield ln.index, ln.index, "end-of-article marker"
            elif self._follow_prompt(t):
                yield ln.index, ln.index, "follow/subscribe prompt"
            elif ln.index in disclaimer_lines and len(t) < 300 \
                    and self.template_re is not None and self.template_re.search(t):
                yield ln.index, ln.index, "the site's template sentence"
            elif ln.index in disclaimer_lines and len(t) < 300:
                first, last = _attribution(ls, ln.index)
                yield first, last, "hosting or copyright disclaimer" + (
                    " with the copy's attribution" if (first, last) != (ln.index, ln.index) else "")
            elif ln.index in platform_lines:
                yield ln.index, ln.index, "platform interface text"
            elif len(t) <= MAX_BREADCRUMB and _breadcrumb(t):
                yield ln.index, ln.index, "breadcrumb"
            elif kind := self._footer_kind(t, page):
                yield ln.index, ln.index, kind
            elif ln.index in widget_lines and (len(widget_lines) + len(platform_lines) >= 2
                                               or _widget_count(t, *self.widget_words) >= MIN_LONE_WIDGETS
                                               or _lone_widget(t)):
                yield ln.index, ln.index, "share/comment widget"
            elif ln.index in button_lines:
                yield ln.index, ln.index, "platform button"
            elif self._search_line(t):
                yield ln.index, ln.index, "search suggestions"
            elif _is_header(ln, self.headers):
                last = ln.index
                if _header_words(t) in self.search_headers:
                    # The search tail: short "query: query" lines up to the end or the next long line.
                    k = ln.index + 1
                    while k < n and (not ls[k].norm.strip() or len(ls[k].norm.strip()) <= 30
                                     and "。" not in ls[k].norm):
                        if ls[k].norm.strip():
                            last = k
                        k += 1
                else:
                    last = self._link_tail(ls, ln.index, page)
                yield ln.index, last, f"'{t}' {'tail' if last > ln.index else 'header'}"
        # Source/title/address footer: two or more such fields in a row, one with a URL, at the end.
        fields = [ln.index for ln in ls if FOOTER_FIELD.match(ln.norm)]
        if len(fields) >= 2 and any(URL.search(ls[k].norm) for k in fields):
            tail = [k for k in fields if k >= fields[-1] - 2 * len(fields)]
            # A page's provenance (来源, 标题, 原文链接…, or an 地址 that is a URL), not a contact page's
            # street address and website.
            provenance = any(PROVENANCE_FIELD.match(ls[k].norm) or ADDRESS_FIELD.match(ls[k].norm)
                             and URL.search(ls[k].norm) for k in tail)
            if len(tail) >= 2 and provenance \
                    and all(not ls[k].norm.strip() or k in tail for k in range(tail[0], tail[-1] + 1)) \
                    and all(not ls[k].norm.strip() for k in range(tail[-1] + 1, n)):
                yield tail[0], tail[-1], "source/title/address footer"

    def _link_tail(self, ls, header: int, page: str = "") -> int:
        """The last line of the links under a related-links header ("猜你喜欢" then bare titles): the
        headline-shaped lines after it, taken when they run to the end of the page, to the next such
        header, or to the site's footer, a follow prompt or a disclaimer. In the middle of an article,
        where prose follows, only the titles directly under the header go, when a blank line closes
        them off from the prose ("相关阅读：" / two titles / blank line / the article goes on); else the
        header goes alone."""
        last = header
        block = header  # the last title directly under the header, before any blank line
        blank = False
        for k in range(header + 1, len(ls)):
            t = ls[k].norm.strip()
            if not t:
                blank = True
                continue
            if _is_header(ls[k], self.headers) or self._footer_kind(t, page) or self._follow_prompt(t) \
                    or self.disclaimer_re is not None and self.disclaimer_re.search(t):
                return last
            if len(t) > MAX_TAIL_TITLE or "。" in t or t.endswith((":", "：")):
                return block if blank else header
            if not blank:
                block = k
            last = k
        return last

    @cached_property
    def prompts(self) -> tuple[str, ...]:
        return _lower_longest_first(self.lists.get("follow_prompts", ()))

    @cached_property
    def prompt_word(self) -> re.Pattern | None:
        return literal_alternation(self.prompts) if self.prompts else None

    def _follow_prompt(self, text: str) -> bool:
        """A short line made mostly of follow/subscribe words: "点击上方蓝字关注我们", "长按识别二维码关注";
        or an order to follow a named account ("扫描下方二维码，关注“健康时报”公众号，获取更多养生知识！")."""
        t = text.strip().lower()  # the list is lower case: "打开APP阅读更多"
        if not t or QUESTION.search(t):  # a prompt orders; "如何下载APP？" is a how-to's heading
            return False
        if len(t) <= MAX_CALL_TO_ACTION and "。" not in t and CALL_TO_ACTION.match(t):
            return True
        if self.prompt_word is None or not self.prompt_word.search(t):
            return False
        if len(t) <= MAX_FOLLOW_ORDER and "。" not in t and FOLLOW_ORDER.match(t):
            return True
        if len(t) > MAX_PROMPT_LINE:
            return False
        covered = bytearray(len(t))
        for w in self.prompts:
            i = t.find(w)
            while i != -1:
                covered[i:i + len(w)] = b"\x01" * len(w)
                i = t.find(w, i + 1)
        content = [i for i, c in enumerate(t) if c.isalnum()]
        return bool(content) and sum(covered[i] for i in content) >= MIN_PROMPT_COVER * len(content)

    # -- SPM204 -------------------------------------------------------------------------------------

    def _could_contact(self, page, low):
        return bool(CONTACT_WORD.search(low) or MOBILE.search(low) or next(_watermark_matches(page), None)
                    or ("400" in low or "800" in low) and HOTLINE_ANYWHERE.search(low)
                    or "." in low and (self._strong_terms(low) or self.link_promo_word is not None
                                       and self.link_promo_word.search(low)) and LINK.search(low))

    @cached_property
    def link_promos(self) -> tuple[str, ...]:
        return _lower_longest_first(self.lists.get("link_promos", ()))

    @cached_property
    def link_promo_word(self) -> re.Pattern | None:
        return literal_alternation(self.link_promos) if self.link_promos else None

    _strong_of: tuple[str | None, set[str]] = (None, set())

    def _strong_terms(self, low: str) -> set[str]:
        """The strong terms on the lower-cased page (found without overlaps). The SPM201 and SPM204
        screens both ask, about the same page: the last answer is kept."""
        if self._strong_of[0] is not low:
            self._strong_of = (low, set(self.strong_re.findall(low)))
        return self._strong_of[1]

    def _contacts(self, ls, page):
        ad = tuple(w.lower() for w in self.lists.get("ad_context", ()))
        for ln in ls:
            t = ln.norm.lower()
            if len(t.strip()) > 200:
                continue
            m = CONTACT.search(t)
            # A bare mobile number in a finished sentence is how news gives a service line ("拨打…回收热线
            # 139…预约上门，…社区服务中心。"): only a fragment is an ad. QQ and WeChat IDs are ads anywhere.
            if m and not (m.group(0).isdigit() and _sentence(t)) and any(w in t for w in ad):
                yield ln.index, ln.index, f"contact in an advertisement: {m.group(0)!r}"
                continue
            # A hotline needs more: two ad words and a fragment, not a sentence ("如需咨询请拨打
            # 客服热线400-800-1234。" in a report stays).
            h = HOTLINE.search(t)
            if h and sum(w in t for w in ad) >= 2 and not _sentence(t):
                yield ln.index, ln.index, f"hotline in an advertisement: {h.group(0)!r}"
                continue
            link = self._ad_link(t) or self._promo_link(t)
            if link:
                yield ln.index, ln.index, link

    def _promo_link(self, t: str) -> str | None:
        """A site's own address beside its self-promotion ("天才一秒记住本站地址：www.….com 最快更新！",
        "手机用户请浏览m.….com阅读"), or a shopping app's share code ("【淘宝】https://m.tb.cn/…"): a short
        line with a link and a phrase of rules/spam/link_promos.txt, not a report about a site."""
        if len(t.strip()) > MAX_PROMO_LINK_LINE or self.link_promo_word is None or "." not in t:
            return None
        promo = self.link_promo_word.search(t)
        link = LINK.search(t) if promo else None
        if link is None or any(w in t for w in self.lists.get("report_context", ())):
            return None
        return f"site promotion beside a link: {promo.group(0)!r} with {link.group(0)!r}"

    def _ad_link(self, t: str) -> str | None:
        """A gambling or porn site's advertisement: a link, spam terms and the site's own selling words
        ("【澳门新葡京】官方直营，注册即送88元彩金…网址：www.…"), in a fragment, not a sentence. Two
        distinct terms, or one and a selling word; a report's words (警方, 查处, 提醒…) keep the line."""
        link = LINK.search(t) if "." in t else None
        if link is None or _sentence(t):
            return None
        strong = _strong_in(t, self.stuffing.hits(t, lowered=True))
        if not strong:
            return None
        lists = self.lists
        if any(w in t for w in lists.get("report_context", ())):
            return None
        if len(strong) < 2 and not any(w in t for w in lists.get("ad_promo", ())):
            return None
        return f"link in a gambling or porn advertisement: {link.group(0)!r} with {', '.join(sorted(strong)[:3])}"


MIN_LINK_TITLE = 12  # median characters of a bare list's items for them to read as headlines
MAX_PROMO_LINK_LINE = 120


def _bare_link_list(ls, members: list[int]) -> bool:
    """A bulleted list with no header and no dates reads as links only when its items are headline
    length and no prose follows it (a link list closes the page)."""
    bodies = sorted(len(BULLET.sub("", ls[k].norm.strip())) for k in members)
    if bodies[len(bodies) // 2] < MIN_LINK_TITLE:
        return False
    return not any(len(t) >= 40 or "。" in t for t in (ls[k].norm.strip() for k in range(members[-1] + 1, len(ls))))


_NUMBER = lazy_re(r"\d+")
MIN_TIMELINE_DATES = 3


def _timeline(items: list[str]) -> bool:
    """Do the items' dates (closing ones, or stamps before them) run forward (ties allowed), with at
    least three different dates and at least one for every two items? A headline list runs from the
    newest, or stamps one date on every item."""
    dates = [tuple(map(int, _NUMBER.findall(m.group()))) for t in items
             if (m := DATE_END.search(t.strip()) or DATE_START.match(BULLET.sub("", t.strip())))]
    if len(dates) < len(items) * 0.6:
        return False
    distinct = len(set(dates))
    return all(a <= b for a, b in zip(dates, dates[1:])) and distinct >= max(MIN_TIMELINE_DATES, len(dates) / 2)


def _stamp_span_days(items: list[str]) -> int:
    """Days between the earliest and the latest time stamp before the items (a stamp without a year
    is taken in one year; an impossible date counts as far apart)."""
    import datetime as dt

    days = []
    for t in items:
        m = DATE_START.match(BULLET.sub("", t.strip()))
        if not m:
            continue
        nums = list(map(int, _NUMBER.findall(m.group())))
        y, mo, d = (nums[0], nums[1], nums[2]) if nums[0] >= 1900 else (2000, nums[0], nums[1])
        try:
            days.append(dt.date(y, mo, d).toordinal())
        except ValueError:
            return 1 << 30
    return max(days) - min(days) if days else 0


def _introduced(ls, first: int, seo: tuple[str, ...]) -> bool:
    """Does the last non-blank line before ``first`` end with a colon, introducing what follows? An
    SEO phrase alone ("今日热闻：") introduces nothing of the article's."""
    before = next((ls[k].norm.strip() for k in range(first - 1, -1, -1) if ls[k].norm.strip()), "")
    return before.endswith((":", "：")) and before.rstrip(":：").strip() not in seo


_LATIN_LETTER = lazy_re("[A-Za-z]")
MIN_CHINESE_SHARE = 0.3


def _chinese_page(page: str) -> bool:
    """Is the page Chinese text (Han at least 30% of its Han and Latin letters)? A copyright notice ends
    Chinese web pages as their footer; in an English document ("Visit … for the changelog. Copyright
    2024 Example Inc.") it is the document's own text, which cleancn leaves alone."""
    han = len(HAN_RE.findall(page))
    return han >= MIN_CHINESE_SHARE * (han + len(_LATIN_LETTER.findall(page)))


def _sentence(line: str) -> bool:
    """The line ends as a finished sentence does."""
    return line.rstrip().endswith(("。", "！", ".", "”"))


def _reading_time(line: str) -> bool:
    """Either reading-time form, wherever the line stands (the page screen: a superset)."""
    return bool(READING_TIME_COUNTED.match(line) or READING_TIME_BARE.match(line))


def _is_header(ln: _L, headers: frozenset[str]) -> bool:
    return _header_words(ln.norm) in headers


def _header_words(line: str) -> str:
    """A header line's words without the decoration and colons around them."""
    return line.strip(HEADER_DECOR + " \t\r\n\u3000")


_MODEL_NAME = lazy_re(r"[a-z0-9][a-z0-9 +\-]*")  # on the lower-cased line
MAX_SEARCH_LINE = 100
MAX_QUERY = 16  # characters of one suggested query
_QUERY_SEPARATORS = lazy_re(r"[\s、|｜,，/;；]+")
# Separators and counts ("阅读 (1234)", "赞同 1.2k", "10w+"; the line is lower case).
# A count's words too: "已有12人评论", "共3条评论", "5人参与" (已有 and 共 before a number, 人 and 条 after one).
_WIDGET_FILLER = lazy_re(r"(?:[\s\d()（）\[\]【】:：|/·•,，.\-<>»«›‹←→?？+]|(?<=\d)[kw万千人条]|(?<=\d\s)[kw万千人条]"
                         r"|(?:已有|共)(?=\s*\d))+")


_TAG_WORD = lazy_re(r"标签|tag", re.I)
_END_WORD = lazy_re("end")  # on the lower-cased page
_END_WORD_ZH = lazy_re("完")
_BREADCRUMB_WORD = lazy_re(r"位置|首页|主页|网[^\S\n]*[>»›＞]")


def _lines_with(page: str, word: re.Pattern) -> set[tuple[int, int]]:
    """The (start, end) of each line holding a match of ``word``."""
    return {_line_of(page, m.start()) for m in word.finditer(page)}


def _only_widgets(text: str, widgets: tuple[str, ...], targets: tuple[str, ...] = (), limit: int = 40) -> bool:
    """A short line of widget words ("发表评论", "更多>>", "登录 | 注册"), with share targets beside one
    ("分享到：微信 微博 QQ空间"), and filler (counts, separators) only."""
    return _widget_count(text, widgets, targets, limit) > 0


def _widget_count(text: str, widgets: tuple[str, ...], targets: tuple[str, ...] = (), limit: int = 40) -> int:
    """How many distinct ``widgets`` (longest first: "发表评论" is one) make up the line, when it is a
    line of widget words, targets and filler only (``_only_widgets``); else 0."""
    t = text.strip().lower()
    if not t or len(t) > limit:
        return 0
    rest, found = t, 0
    for w in widgets:
        if w in rest:
            rest = rest.replace(w, " ")
            found += 1
    if not found:
        return 0
    if "赞" in rest:  # Weibo's like button is one character, too short for a list: with its count only
        rest, likes = _COUNTED_LIKE.subn(" ", rest)
        found += bool(likes)
    for w in targets:
        rest = rest.replace(w, " ")
    return 0 if _WIDGET_FILLER.sub("", rest) else found


# "赞(45)", "赞 45": the like button with its count, beside other widget words ("转发(12) 评论(3) 赞(45)").
_COUNTED_LIKE = lazy_re(r"赞\s*[(（]?\s*\d+(?:\.\d+)?[kw万千]?\s*[)）]?")


# A line of two or more distinct widget or button words goes even as the page's only interface line
# ("【打印本页】【关闭窗口】", "12 有用 3 没用 回应"); one alone ("分享", "知道了") may be the article's.
MIN_LONE_WIDGETS = 2
# Widget words that are interface text even alone on their line: no article or heading is "分享到：" or
# "展开全文" (a lone "分享", "收藏" or "评论" may be a heading, and stays).
LONE_WIDGETS = ("分享到", "分享至", "展开全文", "阅读全文", "返回顶部", "打印本页", "打印此页", "关闭窗口", "关闭本页",
                "点击查看大图", "查看大图", "查看原图", "放大图片", "点击放大")  # an image viewer's buttons
_LONE_WIDGET = lazy_re(r"^[\s【\[(（<《]*(?:" + "|".join(LONE_WIDGETS) + r")[\s:：>》»】\])）.…]*$")


def _lone_widget(line: str) -> bool:
    return bool(_LONE_WIDGET.match(line.strip()))


def furniture_line(line: str) -> bool:
    """Is ``line`` (of the normalised page) page furniture by one of SPM203's rules that read nothing but
    the line: an info bar, an end mark, a lone widget, the site's contact or ad label, a credit line, a
    previous/next link, a breadcrumb? The duplicate detector leaves such lines out when it judges the
    page's shape: they are short, and a news page has many."""
    t = line.strip()
    return bool(t) and bool(
        _info_bar(t) or _lone_widget(t)
        or len(t) <= MAX_END_MARK and (END_MARK.match(t) or END_MARK_ZH.match(t))
        or len(t) <= MAX_SITE_CONTACT and (SITE_CONTACT.match(t) or AD_LABEL.match(t))
        or len(t) <= MAX_CREDIT_LINE and CREDIT_LINE.match(t)
        or len(t) <= MAX_NAV_LINE and NAV_LINK.match(t)
        or len(t) <= MAX_BREADCRUMB and _breadcrumb(t))


_STAMP_WORD = lazy_re("属地")
_OWNER_WORDS = ("主办", "承办", "运维", "运行维护", "技术支持")
_OWNER_WORD = lazy_re("|".join(_OWNER_WORDS))


def _attribution(ls, notice: int) -> tuple[int, int]:
    """A copyright notice with the copy's attribution beside it: the 作者/链接/来源 lines right before
    or after it, when one of them links to the original (知乎's "作者：…\n链接：https://…\n来源：知乎\n
    著作权归作者所有…", CSDN's notice then "本文链接：https://…"). Else the notice alone."""
    first = notice
    while first > 0 and ATTRIBUTION_FIELD.match(ls[first - 1].norm):
        first -= 1
    last = notice
    while last + 1 < len(ls) and ATTRIBUTION_FIELD.match(ls[last + 1].norm):
        last += 1
    if any(URL.search(ls[k].norm) for k in range(first, last + 1) if k != notice):
        return first, last
    return notice, notice


def _bigrams(s: str) -> set[str]:
    han = "".join(HAN_RE.findall(s))
    return {han[i:i + 2] for i in range(len(han) - 1)}


def _median_overlap(items: list[str], article: str) -> float:
    """Median share of each item's Han bigrams found in the article: low means unrelated headlines."""
    art = _bigrams(article)
    if not art:
        return 0.0
    shares = sorted(len(b & art) / len(b) for b in map(_bigrams, items) if b)
    return shares[len(shares) // 2] if shares else 0.0


class _PageBigrams:
    """_median_overlap of a block of lines against the rest of the page, for every candidate block of one
    page without building the rest's bigram set again each time (a long page holds hundreds of such
    blocks). The page's Han characters in one string, its bigrams counted once; the rest of the page
    holds a bigram when its count, less the block's own and the two across the block's edges, stays
    above zero, or when it is the one the two sides form once the block is gone."""

    def __init__(self, ls):
        from collections import Counter
        from itertools import accumulate

        hans = ["".join(HAN_RE.findall(ln.norm)) for ln in ls]
        self.han = h = "".join(hans)
        self.starts = list(accumulate(map(len, hans), initial=0))
        self.counts = Counter(map(str.__add__, h, h[1:]))  # each bigram, made and counted in C

    def overlap(self, ls, members: list[int]) -> float:
        """_median_overlap([ls[k].norm for k in members], the lines outside members[0]..members[-1])."""
        from collections import Counter

        h = self.han
        s, e = self.starts[members[0]], self.starts[members[-1] + 1]
        lo, hi = max(0, s - 1), min(e, len(h) - 1)
        gone = Counter(map(str.__add__, h[lo:hi], h[lo + 1:hi + 1]))  # the block's, and across its edges
        joined = h[s - 1] + h[e] if 0 < s and e < len(h) else None
        if s + len(h) - e < 2:
            return 0.0  # the rest of the page has no bigram

        def in_rest(x: str) -> bool:
            return self.counts[x] > gone[x] or x == joined

        shares = sorted(sum(map(in_rest, b)) / len(b) for b in (_bigrams(ls[k].norm) for k in members) if b)
        return shares[len(shares) // 2] if shares else 0.0
