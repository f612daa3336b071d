"""The duplicate detector.

DUP301 duplicate heading      a heading-shaped line pasted again in the body; later copies deleted
DUP302 repeated paragraph     a prose paragraph repeated verbatim; later copies deleted
DUP303 near-duplicate         lines that differ by a few characters; flagged
DUP304 contradictory copy     the same statement with a different number; flagged, never deleted
DUP305 repeated in line       a line that is one phrase pasted back to back; the extra copies deleted

Legitimate repetition (verse refrains, lyrics, tables) lives in line-structured documents, where most
lines are short and hold most of the text; in those, nothing is deleted or flagged. A page's furniture
(the lines SPM203 takes by their own shape: info bar, end mark, lone widget…) does not count towards
that when six lines of text are left without it. In prose, a page's
repeated section labels (译文/赏析, 答案/解析, one label over records of one template) and quotations in
forum replies stay too. Near-duplicate search indexes character trigrams first, so a 10,000-line
document is not compared pair by pair.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from itertools import accumulate, chain
from functools import lru_cache

from cleancn import compiled_re
from cleancn.detectors.base import Detector
from cleancn.detectors.spam import furniture_line
from cleancn.sites import site_suffix
from cleancn.text import DATE, SENTENCE_END, lazy_re, lines, normalised

MAX_HEADING = 40
MIN_SHAPE_LINES = 6  # lines a page needs before it can read as line-structured
MIN_PARAGRAPH = 20
MIN_QUESTION_COPIES = 3  # a headline question's copies on a prose page before they are a pasted title
MIN_LEAD = 30  # characters of a summary line before it can be a cut copy of the paragraph under it
LEAD_SHARE = 0.9  # of its text the summary shares with that paragraph's opening
NEAR_MIN_CHARS = 15
NEAR_RATIO = 75.0
MAX_POSTINGS = 40  # trigrams shared by more lines than this are too common to block on
# A number with the four characters before it (no digits, spaces or punctuation: group 1) and the one
# after (its unit: group 2). The pattern opens with a digit, so the engine skips ahead to digits (one
# opening with the four-character class would be tried at every position); the look-behind after that
# first digit checks the context in C, so the two numbers in three without one cost no Python work.
# Keys are searched joined by "\n", which a number's unit may not be (a number ending its line has none).
# "&" and "#" are not context: the digits of a character reference (&#12290;) are not a statement's number.
NUMBER_CONTEXT_CLASS = r"[^\d\s,，.。:：;；!！?？&#]"
NUMBER_IN_CONTEXT = lazy_re(r"\d(?<=(" + NUMBER_CONTEXT_CLASS + r"{4})\d)\d*(?:\.\d+)?(?=([^\d\n]))")
_YEAR = lazy_re(r"(?<!\d)(?:19|20)\d\d(?=年)")


def _numbers_in_context(keys: list[str]):
    """(key index, context, number, unit) for each number in ``keys`` whose context and unit occur
    more than once (only those can disagree). A first pass lists every (context, unit) in C
    (findall); most pages repeat none and need no Python work for each number."""
    joined = "\n".join(keys)
    if not _DIGIT.search(joined):
        return
    contexts = NUMBER_IN_CONTEXT.findall(joined)
    if len(set(contexts)) == len(contexts):
        return
    repeated = {c for c, n in Counter(contexts).items() if n > 1}
    ends = list(accumulate(len(k) + 1 for k in keys))  # where each key's "\n" sits, plus one
    for m in NUMBER_IN_CONTEXT.finditer(joined):
        if m.groups() in repeated:
            yield bisect.bisect_right(ends, m.start()), m.group(1), m.group(0), m.group(2)


_DIGIT = lazy_re(r"\d")
# A summary's label on the line's key (spaces dropped, width folded): "导读:", "【摘要】", "内容提要：".
_LEAD_LABEL = lazy_re(r"[【\[]?(?:导读|导语|摘要|内容摘要|内容提要|提要|核心提示)[】\]]?[:：]?")
_LEAD_WORD = lazy_re(r"导读|导语|摘要|提要|核心提示")  # a page without one has no summary line
_WS = lazy_re(r"\s+")


def _heading_shaped(t: str) -> bool:
    """Short, not ending as a sentence ends (inside closing quotes too), no full stop, and not a line
    of dialogue wholly in quotes ("“好的！”" repeated in a story is speech, not a pasted title)."""
    t = t.strip()
    if not 2 <= len(t) <= MAX_HEADING or "。" in t:
        return False
    if t[0] in _OPENING_QUOTES and t[-1] in _CLOSING_QUOTES:
        return False
    return not t.rstrip(_CLOSING_QUOTES).endswith(tuple(SENTENCE_END + "，,：:、"))


def _mostly_short(items) -> bool:
    """Six lines or more, most of them short (heading-shaped or under MIN_PARAGRAPH), holding most of the
    characters: verse, lyrics, tables, lists."""
    short = [k for _, k in items if _heading_shaped(k) or len(k) < MIN_PARAGRAPH]
    return len(short) > 0.5 * len(items) and len(items) >= MIN_SHAPE_LINES \
        and sum(map(len, short)) > 0.5 * sum(len(k) for _, k in items)


def _ideographs(t: str) -> int:
    """CJK ideographs in ``t`` (the basic block and extension A)."""
    return sum(1 for c in t if "\u3400" <= c <= "\u9fff")


def _headline_question(t: str) -> bool:
    """A headline that ends in a question or exclamation mark: short, one clause mark at most, no full
    stop, not quoted speech."""
    t = t.strip()
    return 4 <= len(t) <= MAX_HEADING and "。" not in t and t.endswith(("？", "?", "！", "!")) \
        and not (t[0] in _OPENING_QUOTES and t[-1] in _CLOSING_QUOTES) \
        and sum(t.count(c) for c in "，,；;") <= 1


_OPENING_QUOTES = "“「『‘\"'"
_CLOSING_QUOTES = "”」』’\"'"


class DuplicateDetector(Detector):
    name = "duplicate"

    def detect(self, doc):
        # A key for every line, its spaces dropped: the normalised view keeps the original's line breaks
        # (what it drops, pinyin annotations and invisible characters, never holds one). str.split()
        # drops what [^\S\n] matches inside a line, in C (5x the regex's speed).
        view_lines = normalised(doc).text.split("\n")
        keys = ["".join(line.split()) for line in view_lines]
        raw = doc.text.split("\n")
        items = [(i, k) for i, k in enumerate(keys) if raw[i].strip()]  # (line index, normalised key)
        if len(items) < 2:
            if items and self.enabled("DUP305"):
                yield from self._within_lines(doc, raw, items, False)
            return
        # Line-structured text (verse, lyrics, tables, lists) repeats and varies its lines on purpose:
        # nothing is deleted and near-copies are not flagged. Most of its lines are short and they hold
        # most of its characters; a short article whose title, byline and headings are short lines but
        # whose paragraphs hold the text is prose.
        line_structured = _mostly_short(items)
        if line_structured:
            # A news page's furniture (info bar, end mark, share label…) is short lines too: the page is
            # judged again without them, as the spam detector deletes them; read only where the answer
            # could change, and only with six lines of text left to judge.
            text_lines = [(i, k) for i, k in items if not furniture_line(view_lines[i])]
            if MIN_SHAPE_LINES <= len(text_lines) < len(items):
                line_structured = _mostly_short(text_lines)
        line_structured = line_structured or _more_than_half(_verse_like, [k for _, k in items])
        deleted: set[int] = set()
        # The page's <title> beside its heading goes whatever the page's shape: a poem's page has one,
        # and a news page's short furniture lines can make it look line-structured.
        if self.enabled("DUP301"):
            yield from self._site_titled(doc, items, deleted)
            if any("原标题" in k for _, k in items[:ORIGINAL_TITLE_TOP]):
                yield from self._original_title(doc, items, deleted)
        if self.enabled("DUP305"):
            yield from self._within_lines(doc, raw, items, line_structured)
        if line_structured:
            return
        if self.enabled("DUP302") and _LEAD_WORD.search(normalised(doc).text):
            yield from self._lead_copies(doc, items, deleted)
        if deleted:  # the rest is judged as a second clean would see the page: without the lines gone
            items = [(i, k) for i, k in items if i + 1 not in deleted]
        labels, records = _section_labels(items)
        labels |= _record_fields(items)
        distinct = len({k for _, k in items}) if deleted else len(set(keys)) - ("" in keys)  # set(): in C
        if distinct < len(items):  # some line comes twice
            yield from self._exact(doc, items, deleted, labels)
        yield from self._near(doc, items, deleted, records)

    def _exact(self, doc, items, deleted, labels=frozenset()):
        seen: dict[str, int] = {}
        previous = None  # the key of the last non-blank line
        top = {k for n, (_, k) in enumerate(items[:2]) if n == 0 or "。" not in items[0][1]}
        # A headline question pasted through a prose page three times or more, twice in a row somewhere
        # (a forum post's title over and under each of its pictures), is the title's copies wherever its
        # first copy stands. An essay's refrain question ("我们为什么要读书？" before each part) is never its
        # own next line: three copies or more that never are stay, even when the first is the title.
        counts = Counter(k for _, k in items)
        doubled = {a for (_, a), (_, b) in zip(items, items[1:]) if a == b}
        refrains = {k for k in top if counts[k] >= MIN_QUESTION_COPIES and k not in doubled}
        top = (top - refrains) | {k for k in doubled if counts[k] >= MIN_QUESTION_COPIES and _ideographs(k) >= 4}
        for pos, (i, key) in enumerate(items):
            again, previous = key == previous, key
            if key not in seen:
                seen[key] = i + 1
                continue
            if key in labels:
                continue
            all_lines = lines(doc)
            ln = all_lines[i]
            # A heading pasted twice in a row is a copy even when a byline follows it. A web headline
            # may end in "？" or "！" ("资阳要并入成都了吗？"): the page's title, when its first copy is
            # the page's first line, or its second under a first that is not prose (a spam line).
            shaped = _heading_shaped(key) or key in top and _headline_question(key)
            heading = shaped and (again or _stands_alone(all_lines, ln))
            if heading and self.enabled("DUP301") and _ideographs(key) >= 2:
                code, what = "DUP301", "heading"
            elif len(key) >= MIN_PARAGRAPH and not heading and self.enabled("DUP302") \
                    and not _quoted(ln.stripped, all_lines[items[pos - 1][0]].stripped):
                code, what = "DUP302", "paragraph"
            else:
                continue
            deleted.add(ln.number)
            yield self.finding(doc, code, ln.start, ln.full_end, "",
                               f"{what} repeated from line {seen[key]}")

    def _lead_copies(self, doc, items, deleted):
        """A CMS's summary line, "导读：…" or "【摘要】…", made by cutting the opening of the text that
        follows it (the next paragraph, or the heading and paragraph under it: "导读 标题 正文开头..."): the
        copy goes, the text stays. Only a long summary (MIN_LEAD characters) whose text is that opening,
        bar a cut word or two at its end."""
        for n, (i, key) in enumerate(items[:-1]):
            m = _LEAD_LABEL.match(key)
            if m is None:
                continue
            lead = key[m.end():].rstrip("…．.。")
            if len(lead) < MIN_LEAD:
                continue
            j, body = items[n + 1]
            if n + 2 < len(items) and len(body) < len(lead):  # a heading first: read on into its paragraph
                body += items[n + 2][1]
            if len(body) <= len(lead) * 0.9:
                continue
            same = next((k for k, (a, b) in enumerate(zip(lead, body)) if a != b), len(lead))
            if same >= max(MIN_LEAD, LEAD_SHARE * len(lead)):
                ln = lines(doc)[i]
                deleted.add(ln.number)
                yield self.finding(doc, "DUP302", ln.start, ln.full_end, "",
                                   f"summary cut from the opening of line {j + 1}")

    def _original_title(self, doc, items, deleted):
        """A republished article's "原标题：…" line that names the very title it stands under: a news
        site writes it when it renamed the story, and a copy that kept the name keeps the line too. Only
        among the first lines; an original title that differs says something and stays."""
        top = items[:ORIGINAL_TITLE_TOP]
        for i, key in top:
            m = _ORIGINAL_TITLE.match(key)
            if m is None or i + 1 in deleted:
                continue
            title = key[m.end():]
            other = next((j for j, k in top if k == title and j != i), None)
            if other is not None and _ideographs(title) >= 4:
                ln = lines(doc)[i]
                deleted.add(ln.number)
                yield self.finding(doc, "DUP301", ln.start, ln.full_end, "",
                                   f"'原标题' naming the title of line {other + 1} again")

    def _site_titled(self, doc, items, deleted):
        """The page's <title>, "标题_宜宾新闻网", beside its heading "标题" at the top of the page: the copy
        with the site's name goes (two of the first three lines, next to each other)."""
        top = items[:3]
        for (i, a), (j, b) in zip(top, top[1:]):
            for copy, heading in ((i, j), (j, i)):
                key, head = (a, b) if copy == i else (b, a)
                if len(key) > len(head) and key.startswith(head) and _heading_shaped(head) \
                        and _ideographs(head) >= 4 \
                        and (site := site_suffix(key[len(head):])) is not None:
                    ln = lines(doc)[copy]
                    deleted.add(ln.number)
                    yield self.finding(doc, "DUP301", ln.start, ln.full_end, "",
                                       f"the page's title with the site's name ({site!r}), beside its heading "
                                       f"on line {heading + 1}")
                    return

    def _within_lines(self, doc, raw, items, line_structured):
        # Line-structured text too: a verse refrain is punctuated ("归去来兮，归去来兮"), a stuffed title
        # is not, and a poem's page can carry one. But there a row of equal cells with spaces between
        # them ("法定节假日 法定节假日 法定节假日") is a table's, so only copies with nothing between count.
        for i, key in items:
            if len(key) < 2 * MIN_UNIT or key.find(key[:MIN_UNIT], MIN_UNIT) == -1:
                continue  # the cheap test: its opening never comes back
            found = _pasted_back_to_back(raw[i], separated=not line_structured)
            if found:
                unit_end, content_end, copies = found
                ln = lines(doc)[i]
                yield self.finding(doc, "DUP305", ln.start + unit_end, ln.start + content_end, "",
                                   f"the line is one phrase pasted {copies} times; the first copy is kept")

    def _near(self, doc, items, deleted, records=frozenset()):
        # Records under a repeated label vary by design, and a post's or article's byline ("3楼 小鱼儿
        # 发表于 2024-03-02 11:02") shares its date with the others: neither is a copy.
        cands = [(i, k) for i, k in items if len(k) >= NEAR_MIN_CHARS and i not in records
                 and not (len(k) <= MAX_HEADING and _BYLINE.search(k))]
        keys = [k for _, k in cands]
        flagged: set[int] = set()
        # DUP304: the same wording around a different number.
        if self.enabled("DUP304"):
            numbers: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
            for c, ctx, number, unit in _numbers_in_context(keys):
                numbers[(ctx, unit)].append((c, number))
            for (ctx, unit), occ in numbers.items():
                if len(occ) < 2:
                    continue
                said: dict[int, set[str]] = defaultdict(set)  # each line's numbers in this context
                for k, n in occ:
                    said[k].add(n)
                for a in range(len(occ)):
                    for b in range(a + 1, len(occ)):
                        (i, x), (j, y) = occ[a], occ[b]
                        if i == j or x == y or j in flagged:
                            continue
                        if y in said[i] or x in said[j]:  # a line that says both (第11位…第9位) contradicts nothing
                            continue
                        if _ratio(keys[i], keys[j]) < 50 or not _same_period(keys[i], keys[j]):
                            continue
                        flagged.add(j)
                        ln, other = lines(doc)[cands[j][0]], cands[i][0] + 1
                        yield self.finding(doc, "DUP304", ln.start, ln.end, None,
                                           f"says {ctx}{y}{unit} where line {other} says {ctx}{x}{unit}")
        if not self.enabled("DUP303"):
            return
        grams = [_sketch(k) for k in keys]
        # Only trigrams held by two lines or more can make a pair: found with set operations in C,
        # so a page without near-duplicates costs no per-trigram Python work.
        seen: set[str] = set()
        repeated: set[str] = set()
        for g in grams:
            repeated |= g & seen
            seen |= g
        # Lines are compared only with earlier lines that share trigrams: the index holds the lines seen
        # so far, and Counter tallies the shared postings in C.
        index: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            g = grams[i] & repeated
            if not g:
                continue
            skip = i in flagged or cands[i][0] + 1 in deleted
            posts = None if skip else [p for x in g if (p := index.get(x)) and len(p) <= MAX_POSTINGS]
            for x in g:
                index.setdefault(x, []).append(i)
            if not posts:
                continue
            shared = Counter(chain.from_iterable(posts))
            best = None
            need = min(3, max(1, len(grams[i]) // 4))
            for j, n in shared.items():
                other = keys[j]
                # A ratio of 75 needs lengths within 0.6x of each other: skip the rest unscored. A line
                # the report deletes is no one's original.
                if n < need or other == k or not 0.6 * len(k) <= len(other) <= len(k) / 0.6 \
                        or cands[j][0] + 1 in deleted:
                    continue
                r = _ratio(k, other)
                # Two years' figures in the same words are a series, not a copy (as for DUP304).
                if r >= NEAR_RATIO and (best is None or r > best[0]) and _same_period(k, other):
                    best = (r, j)
            if best:
                r, j = best
                ln = lines(doc)[cands[i][0]]
                yield self.finding(doc, "DUP303", ln.start, ln.end, None,
                                   f"near-duplicate of line {cands[j][0] + 1} ({r:.0f}% similar)")


ORIGINAL_TITLE_TOP = 6  # non-blank lines from the top where a "原标题" line stands
_ORIGINAL_TITLE = lazy_re(r"[【\[(（]?原标题[】\])）]?[:：]")  # on the view: traditional 原標題 reads so too


MAX_LABELS = 50  # repeated headings compared with each other; more is a table, not a page's sections
LABEL_FOLLOWER_RATIO = 75.0  # records of one template: values differ, wording does not


MIN_UNIT = 4  # characters in a phrase pasted back to back
_PASTE_SEPARATOR = lazy_re(r"[\s_|｜]+")
_UNIT_PUNCT = frozenset(SENTENCE_END + "，,、：:")


def _pasted_back_to_back(line: str, separated: bool = True):
    """(end of the first copy, end of the content, copies) when the line is one phrase repeated, with
    nothing or spaces, "_" or "|" between the copies ("张家界三日游攻略张家界三日游攻略张家界三日游攻略"):
    a page title stuffed for search engines. Three copies of four characters or more, or two of eight or
    more; two Han characters in the phrase and no clause punctuation, since a refrain is punctuated.
    Copies with tabs between them are table cells; with ``separated`` false, only adjacent copies count."""
    content = line.rstrip()
    lead = len(content) - len(content.lstrip())
    body = content[lead:]
    period = (body + body).find(body, 1)  # the shortest period; it divides the length when < length
    if period < len(body):
        unit, copies, unit_end = body[:period], len(body) // period, lead + period
    elif separated and "\t" not in body:
        parts = _PASTE_SEPARATOR.split(body)
        if len(parts) < 2 or any(p != parts[0] for p in parts):
            return None
        unit, copies, unit_end = parts[0], len(parts), lead + len(parts[0])
    else:
        return None
    if len(unit) < MIN_UNIT or copies < 2 or copies == 2 and len(unit) < 2 * MIN_UNIT \
            or _UNIT_PUNCT.intersection(unit) or _ideographs(unit) < 2:
        return None
    return unit_end, len(content), copies


def _section_labels(items) -> tuple[set[str], set[int]]:
    """Repeated headings that label a page's sections, and the lines of the records they introduce.

    A pasted title repeats alone, between unrelated paragraphs. A label repeats with the page's
    structure: two labels that take turns ("译文…赏析…译文…赏析", "答案…解析…"), or one whose copies
    each open a record of the same shape ("暴雨黄色预警信号" over "预计未来6小时内，清远…" and
    "预计未来6小时内，河源…"). Labels are not deleted; their records are not near-duplicates."""
    where: dict[str, list[int]] = defaultdict(list)  # heading key -> its positions in items
    for pos, (_, k) in enumerate(items):
        if len(k) <= MAX_HEADING and _heading_shaped(k):
            where[k].append(pos)
    repeated = [(k, ps) for k, ps in where.items() if len(ps) >= 2][:MAX_LABELS]
    labels: set[str] = set()
    records: set[int] = set()
    for a, (x, px) in enumerate(repeated):
        for y, py in repeated[a + 1:]:
            if _take_turns(px, py):
                labels.update((x, y))
    for x, px in repeated:
        followers = [items[p + 1][1] for p in px if p + 1 < len(items)]
        first = followers[0] if len(followers) == len(px) else None
        # Identical followers are a block pasted again (title and paragraph), not a record.
        if first is not None and all(f != first and _ratio(first, f) >= LABEL_FOLLOWER_RATIO
                                     for f in followers[1:]):
            labels.add(x)
            records.update(items[p + 1][0] for p in px)
    return labels, records


# A line opening with a short label holding a Han character, and its colon (on keys: spaces already
# dropped): 住宿：, 记者：, 第1天：; not the scheme of a link ("https:").
_FIELD = lazy_re(r"([^：:]{0,7}[\u3400-\u9fff][^：:]{0,7})[：:]")


def _record_fields(items) -> set[str]:
    """Keys of lines that are one field of records of one template: "label：value" lines whose label opens
    two or more lines with different values ("住宿：昆明市区酒店" … "住宿：大理古城客栈"). An itinerary's two
    days at one inn repeat a field, not a title; a pasted title ("国家统计局：10月份CPI同比上涨0.3%") has no
    sibling with its label."""
    values: dict[str, set[str]] = defaultdict(set)
    for _, k in items:
        m = _FIELD.match(k)
        if m and m.end() < len(k):
            values[m.group(1)].add(k)
    return {k for ks in values.values() if len(ks) >= 2 for k in ks}


def _take_turns(px: list[int], py: list[int]) -> bool:
    """Between each two copies of one label there is a copy of the other, and the other way round."""
    def between(outer, inner):
        return all(any(a < q < b for q in inner) for a, b in zip(outer, outer[1:]))

    return between(px, py) and between(py, px)


# A line that introduces a quotation ("引用 阳光小屋 的帖子：", "小王 写道:"), or a quoted line itself.
_QUOTE_INTRO = lazy_re(r"(?:引用|引自|写道|寫道|回复|回覆|原帖|原文|的帖子|的发言|的發言|wrote|quote)[^\n]{0,30}[:：]\s*$", re.I)
_QUOTE_MARK = lazy_re(r"^(?:>|＞|引用[:：]|回复[:：])")


def _quoted(line: str, previous: str) -> bool:
    """Is the paragraph a quotation of an earlier one (a forum reply quoting the post it answers)?"""
    return bool(_QUOTE_MARK.search(line) or _QUOTE_INTRO.search(previous))


def _same_period(a: str, b: str) -> bool:
    """False when each line names a year the other does not: "2023年…第9位" and "2024年…第11位" are
    two years' figures, not one statement copied with its number changed."""
    years_a, years_b = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    return not (years_a - years_b and years_b - years_a)


def _ratio(a: str, b: str) -> float:
    """rapidfuzz's ratio, imported at the first comparison (~10 ms of imports; most pages compare
    nothing): this function replaces itself with rapidfuzz's."""
    global _ratio
    from rapidfuzz.fuzz import ratio

    _ratio = ratio
    return ratio(a, b)


SKETCH_FROM = 60  # lines longer than this are indexed by a sample of their trigrams (a quarter)
SKETCH_SPARSER_FROM = 200  # and paragraphs longer than this by an eighth: still 25 or more per paragraph


def _sketch(k: str) -> set[str]:
    """The trigrams a line is indexed by: all of them for a short line; for a long one, those that
    start at a character from one code-point block in four, or in eight for long paragraphs, taken
    left to right without overlapping (content-defined, so two copies sample the same trigrams, and
    deterministic across runs, unlike hash())."""
    if len(k) <= SKETCH_FROM:
        return {k[i:i + 3] for i in range(len(k) - 2)}  # every trigram: slicing beats a look-ahead findall
    return set(_anchor_re(8 if len(k) > SKETCH_SPARSER_FROM else 4).findall(k))


@lru_cache(maxsize=2)
def _anchor_re(every: int) -> re.Pattern:
    """Trigrams starting at a character from one block of 16 code points in ``every``, found by the
    regex engine. Blocks, not single code points, so the class is a few hundred ranges and compiles in
    milliseconds. The pattern opens with the class, so the engine skips to anchor characters (a
    look-ahead form, which also yields overlapping trigrams, is tried at every position: 3x slower)."""
    ranges = "".join(f"\\u{b:04x}-\\u{b + 15:04x}" for b in range(0x20, 0xA000, 16 * every))
    return compiled_re.compile(f"[{ranges}]..", re.S)


_CLAUSE = lazy_re(r"[，。！？；：、,.!?;:]+")


_LONG_CLAUSE = lazy_re(r"[^，。！？；：、,.!?;:]{10}")


def _more_than_half(test, keys: list[str]) -> bool:
    """Do more than half of ``keys`` pass ``test``? Stops as soon as the answer is known (prose: once
    half its lines are seen not to be verse)."""
    yes = no = 0
    half = 0.5 * len(keys)
    for k in keys:
        if test(k):
            yes += 1
            if yes > half:
                return True
        else:
            no += 1
            if no >= half:
                return False
    return yes > half


def _verse_like(t: str) -> bool:
    """Clauses of one short, regular length (四言, 五言, 七言): verse, where repetition is a refrain."""
    if _LONG_CLAUSE.search(t):
        return False  # a clause over 9 characters: prose (most lines end here)
    clauses = [c for c in _CLAUSE.split(t) if c]
    if len(clauses) < 2:
        return False
    lengths = [len(c) for c in clauses]
    if max(lengths) > 9:
        return False
    top = max(set(lengths), key=lengths.count)
    return lengths.count(top) >= 0.6 * len(lengths)


def _stands_alone(all_lines, ln) -> bool:
    """A heading sits between blank lines, or between lines that are not themselves headings. At the
    top of a page a byline ("2023-10-12 09:15 来源：健康时报") is not a heading: a title pasted again under
    it stands alone (further down, dated lines are a schedule's, and its repeated items are not copies)."""
    i = ln.number - 1
    prev = all_lines[i - 1].stripped if i > 0 else ""
    nxt = all_lines[i + 1].stripped if i + 1 < len(all_lines) else ""
    top = i < BYLINE_TOP
    return all(not t or not _heading_shaped(t) or top and _BYLINE.search(t) for t in (prev, nxt))


BYLINE_TOP = 6  # lines


# A date (2023-10-12, 2023年10月12日, 2023/10/12) or a source/author field.
_BYLINE = lazy_re(DATE + r"|(?:来源|來源|作者|发布时间|發布時間|发布|編輯|编辑)\s*[:：]")
