"""The claim detector: flags (never deletes) claims from the registry and check-worthy merger claims.

CLM401 registry claim     all of an entry's places and one of its predicates in one sentence,
                          not inside one of its exception phrases ("内自同城化", "广佛同城化")
CLM402 check-worthy       two prefecture-or-above divisions (GB/T 2260) and a merger or abolition
                          predicate in one sentence, not already a registry claim

Matching runs sentence by sentence on the normalised view (pinyin removed, t2s, width folded) and
maps back to the original. Place names must sit on jieba token boundaries, with the gazetteer's names
added to jieba's dictionary (jieba is loaded only when a sentence has both a place and a predicate).
Stance: refutes > questions > hedges > asserts; a refutation in the next sentence of the same paragraph
counts, a negated one ("这不是谣言") does not; refutations are info and cost no score. A debunking
quotes the rumour it debunks ("网传自贡内江即将合并？" over "民政厅表示…网传消息不实"): where a document
refutes a claim (a registry entry, or two or more of the same places), its sentences that question or
hedge the same claim are info too. A check-worthy assertion in a paragraph that opens with a past year
and names an official act ("2011年8月，安徽省宣布撤销地级巢湖市…") recounts history: info.
"""
from __future__ import annotations

import dataclasses
from functools import cached_property
from pathlib import Path

from cleancn.detectors.base import Detector
from cleancn.model import Severity
from cleancn.text import lazy_re, literal_alternation, normalise_string, normalised

SENTENCE = lazy_re(r"[^。！？!?；;\n]+[。！？!?；;]*")
GENERIC_PREDICATES = ("合并", "撤并", "并入", "合为一市", "合二为一", "撤销", "撤市", "并为一市", "合并成",
                      "划入", "划归", "并到", "合成一个市", "合成一市", "合为一体")
# Mergers said without a merger word, for registry and check-worthy claims alike: "自贡将成为内江的一个区",
# "佛山将改为广州市佛山区", 内江与自贡即将“合体” (quoted: 合体 alone is also two singers on one stage).
# Between the verb and 的 a place's name, nothing longer: not "成为成都和重庆市民生活的一部分", and not
# "成为西部的一个区域中心".
MERGER_PHRASE = lazy_re(r"(?:成为|变成|变为|降为|改为)[^，,。；;的]{2,6}的(?:一个区|一个市辖区|市辖区|一部分)(?!域)"
                        r"|改为[^，,。；;]{1,6}市[^，,。；;]{1,6}区(?!域)|[“\"'‘「]合体[”\"'’」]")
MERGER_PHRASE_CUES = ("的一个区", "市辖区", "的一部分", "改为", "合体")  # what MERGER_PHRASE needs
# Mergers that are not of places, and what else is 撤销ed: a court's judgment, a licence, a title ("撤销绵阳市
# 涪城区人民法院的一审判决"). Not 决定: "关于撤销某某市的决定" is how an abolition is announced.
NOT_PLACES = lazy_re(r"合并同类项|合并报表|合并财务|(?:公司|银行|企业|集团|医院|学校|大学|学院|工作组|小组|部门|机构|"
                     r"科室|账户|单元格|文件|分支|代码|案件|两案|诉讼)[^，,。]{0,6}合并|合并[^，,。]{0,4}(?:公司|银行|企业|"
                     r"集团|报表|单元格)|合并(?:审理|执行|处罚|计算|申报|纳税)|撤销[^，,。；;]{0,30}(?:判决|裁定|裁决|处罚|"
                     r"许可|资格|登记|称号|职务|处分|立案|证书|执照|户籍|户口|学籍|合同|协议|行政行为)")
STANCE_CUES = (
    ("refutes", ("谣言", "不实", "辟谣", "并无", "尚需论证", "并未合并", "没有合并", "不会合并", "不存在合并", "纯属虚构",
                 "未经批准", "假消息", "虚假消息", "系误传", "没有相关计划", "无相关计划", "暂无相关计划", "无此计划",
                 "没有此计划", "没有这方面的计划", "并非合并", "并非行政合并", "不是合并", "并不是合并", "不等于合并",
                 "并非事实", "否认", "不属实", "澄清", "不涉及行政区划", "不涉及合并", "不涉及撤并", "两回事",
                 "两码事")),
    ("questions", ("真假", "会不会", "是否", "真的吗", "是真的吗", "什么时候", "何时", "啥时候", "能否")),
    ("hedges", ("网传", "据说", "或将", "传闻", "传言", "据传", "有消息称", "疑似", "可能", "听说", "坊间", "流传",
                "网友称", "有网友", "传出", "疯传", "热传", "盛传")),
)
# A dated record of a past change, as gazetteers and encyclopaedias write their 历史沿革: a paragraph that
# opens with a past year ("1983年，撤销内江地区，设立地级内江市。", "2011年8月，安徽省宣布撤销地级巢湖市…"),
# an official act or approval, and no future or hedge. Only for check-worthy claims: a registry claim
# dated in the past ("2020年，自贡内江正式合并") is still the claim.
PARAGRAPH_YEAR = lazy_re(r"\s*((?:19|20)\d{2})\s*年")
SENTENCE_YEAR = lazy_re(r"(?<!\d)((?:19|20)\d{2})\s*年")
OFFICIAL_ACT = ("国务院", "民政部", "批准", "批复", "宣布", "设立", "决定", "公告")
FUTURE = lazy_re(r"即将|或将|将要|将会|将于|将在|拟|有望|计划|准备|未来|(?<!其)将(?![其之该])")
# Words that refer back to both places of a claim already made.
BOTH_PLACES = ("两市", "两地", "两城", "双城", "二市", "两座城市")
SEVERITY = {"false": Severity.ERROR, "misleading": Severity.ERROR, "unverified": Severity.WARNING,
            "outdated": Severity.WARNING, "true": Severity.INFO}


def _sentence_at(text: str, pos: int):
    """The SENTENCE match that ``SENTENCE.finditer(text)`` yields around ``pos``, a position inside a
    sentence's words (a cue word has no sentence end or line break in it)."""
    start = pos
    while start > 0 and text[start - 1] not in "。！？!?；;\n":
        start -= 1
    return SENTENCE.match(text, start)


# "这不是谣言" / "并非假消息" affirm: a refutation word after a negation is not a refutation.
NEGATED_REFUTATION = lazy_re(r"(?:不是|并非|并不是|绝非|决非|不属于|不算)(?:谣言|假消息|虚假消息|不实|误传)")


def stance_of(sentence: str, following: str = "") -> str:
    """The sentence's stance towards its claim. ``following``: the next sentence of the same
    paragraph, read for refutations only ("网传自贡内江合并。对此，民政厅表示目前没有相关计划。")."""
    # "有没有合并的计划" asks; the 没有 inside it refutes nothing.
    sentence = sentence.replace("有没有", "是否")
    if "不" in sentence or "非" in sentence:
        sentence = NEGATED_REFUTATION.sub("", sentence)
    if following and ("不" in following or "非" in following):
        following = NEGATED_REFUTATION.sub("", following)
    for stance, cues in STANCE_CUES:
        if any(c in sentence for c in cues) or stance == "refutes" and any(c in following for c in cues):
            return stance
        # A question mark counts only where it ends the sentence: a "?" inside is usually lost bytes.
        if stance == "questions" and sentence.rstrip().endswith(("？", "?", "吗", "吗。")):
            return stance
    return "asserts"


class ClaimDetector(Detector):
    name = "claim"

    def _build_registry(self):
        from cleancn.claims_registry import load_registry

        return [(e, [tuple(sorted({normalise_string(a) for a in ent.aliases})) for ent in e.entities],
                 tuple(normalise_string(p) for p in e.predicate), tuple(normalise_string(x) for x in e.exceptions))
                # A true claim is not flagged; one with its years is read, to catch a record misdating it.
                for e in load_registry(self.roots) if e.verdict != "true" or e.years]

    @cached_property
    def _memo_sources(self) -> tuple[Path, ...]:
        """The files the memoised tables depend on: every claim file, then this file (the generic
        predicates are among the cue words) and the normaliser's sources (text.py and OpenCC's
        character table). Empty when there is no claim file."""
        from cleancn import text
        from cleancn.rules import yaml_files

        files = tuple(yaml_files("claims", self.roots))
        if not files:
            return ()
        share = text._opencc_share()
        dictionary = share / "TSCharacters.ocd2" if share else None
        table = (dictionary,) if dictionary and dictionary.is_file() else ()
        return files + (Path(__file__), Path(text.__file__)) + table

    def _memo(self, kind: str, build):
        """``build()`` memoised in the user cache, keyed by ``_memo_sources``: the registry's traditional
        names (內江, 合併) need OpenCC, whose loading is ~8 ms of a one-file scan."""
        from cleancn.diskcache import derived

        sources = self._memo_sources
        if not sources:
            return build()
        return derived(kind, sources[0], build, also=sources[1:])

    @cached_property
    def registry(self):
        """The entries not rated true (or true with the years of the change), with their aliases,
        predicates and exceptions normalised."""
        return self._memo("claims", self._build_registry)

    @cached_property
    def cue_words(self) -> tuple[str, ...]:
        """The words a page needs for any claim to be read. Kept apart from the registry as plain
        strings: most pages have none, and reading them imports none of the registry's classes."""
        def build():
            return tuple(sorted(set(GENERIC_PREDICATES + MERGER_PHRASE_CUES).union(
                *(preds for _, _, preds, _ in self.registry))))

        return self._memo("claim-cues", build)

    @cached_property
    def cue_re(self):
        return literal_alternation(self.cue_words)

    def detect(self, doc):
        found = list(self._detect(doc))  # (finding, what it is about: a claim id, or a set of adcodes)
        refuted = [(about, f) for f, about in found if f.stance == "refutes" and about]
        if not refuted:
            yield from (f for f, _ in found)
            return
        for f, about in found:
            refutation = next((r for other, r in refuted if _same_claim(about, other)), None) if about else None
            if refutation is not None and f.stance in ("questions", "hedges"):
                line = doc.text.count("\n", 0, refutation.start) + 1
                f = dataclasses.replace(f, severity=Severity.INFO,
                                        message=f"{f.message} This document refutes it (line {line}).")
            yield f

    def _detect(self, doc):
        view = normalised(doc)
        text = view.text
        # One pass of the regex engine finds the first cue word (4 ns a character, against 13 for an
        # ``in`` test per cue word); most documents have none and need no further work.
        first = self.cue_re.search(text)
        if first is None:
            return
        # Only the sentences around a cue word are read (one search over the page, not one per sentence).
        sentence_end = -1
        active: list[str] = []  # registry claims this document has asserted, hedged or asked, latest last
        for cue in self.cue_re.finditer(text, first.start()):
            if cue.start() < sentence_end:
                continue
            m = _sentence_at(text, cue.start())
            sentence_end = m.end()
            sentence = m.group(0)
            after = SENTENCE.match(text, m.end())  # None at a line break: the paragraph ends
            following = after.group(0) if after else ""
            start, end = view.span(m.start(), m.end())
            while end > start and doc.text[end - 1] in "\r\n \t":
                end -= 1
            matched = False
            # The paragraph up to this sentence's end: where a record's year and act may stand.
            paragraph = text[text.rfind("\n", 0, m.start()) + 1:m.end()]
            if self.enabled("CLM401"):
                for f in self._registry_matches(doc, sentence, start, end, following, active, paragraph):
                    matched = True
                    if f.stance != "refutes" and f.claim_id is not None:
                        if f.claim_id in active:
                            active.remove(f.claim_id)
                        active.append(f.claim_id)
                    yield f, f.claim_id
            if not matched and self.enabled("CLM402"):
                yield from self._generic(doc, sentence, start, end, following, paragraph)

    def _registry_matches(self, doc, sentence, start, end, following="", active=(), paragraph=""):
        import datetime as dt

        for entry, aliases, preds, exceptions in self.registry:
            named = [group for group in aliases if any(a in sentence for a in group)]
            # Once a document has made the claim, a later sentence that names one of its places or
            # says 两市/两地 with the predicate continues it ("两市合并后，人口将超过六百万").
            continues = entry.id in active and len(named) < len(aliases)
            if not continues and len(named) < len(aliases):
                continue
            # 两地 alone refers to the claim made last; a named place to its own claim.
            if continues and (not named and (entry.id != active[-1] or not any(w in sentence for w in BOTH_PLACES))
                              or _names_another_prefecture(sentence, aliases)):
                continue
            masked = sentence
            for x in exceptions:
                masked = masked.replace(x, "※" * len(x))
            if NOT_PLACES.search(masked):
                continue
            pred = next((p for p in preds if p in masked), None) or _merger_phrase(masked)
            if pred is None or not all(_on_token_boundary(masked, group) for group in named):
                continue
            stance = stance_of(sentence, following)
            severity = Severity.INFO if stance in ("refutes",) else SEVERITY[entry.verdict]
            # A change that happened, dated to another year ("2023年，莱芜市撤销…" for 2019's change).
            misdated = _misdated(entry, sentence, paragraph) if stance != "refutes" else None
            if misdated:
                severity = Severity.WARNING
            elif entry.verdict == "true":
                continue  # a correct record of a change that happened
            evidence = "; ".join(f"{e.get('publisher')} {e.get('date', '')}".strip() for e in entry.evidence[:2])
            stale = (f" [registry entry past its review date {entry.review_by}: re-check]"
                     if entry.is_stale(dt.date.today()) else "")
            yield self.finding(doc, "CLM401", start, end, None,
                               (f"misdated: says {misdated}, but the change was made in "
                                f"{'/'.join(map(str, entry.years))}; " if misdated else "")
                               + f"{entry.verdict}: {entry.claim_reviewed} ({stance})"
                               + (", continuing the claim made earlier in this document" if continues else "")
                               + f". {entry.rating_explanation}"
                               + (f" Evidence: {evidence}." if evidence else "") + stale,
                               severity=severity, claim_id=entry.id, stance=stance)

    def _generic(self, doc, sentence, start, end, following="", paragraph=""):
        from cleancn.gazetteer import alias_table

        if NOT_PLACES.search(sentence):
            return
        pred = next((p for p in GENERIC_PREDICATES if p in sentence), None) or _merger_phrase(sentence)
        if pred is None:
            return
        table = alias_table()
        named_in = [(name, div) for name, div in table.items() if name in sentence]
        if len({d.code for _, d in named_in}) < 2:
            return
        # Each division by the first of its names on token boundaries, in the sentence's order
        # ("汕头、潮州…合并为“大汕头市”" names 汕头 first).
        found = {}
        for name, div in sorted(named_in, key=lambda p: sentence.find(p[0])):
            if div.code not in found and _on_token_boundary(sentence, (name,)):
                found[div.code] = (name, div)
        places = list(found.values())
        # Two distinct divisions, neither the province of the other (四川 and 自贡 is not a pair).
        pairs = [(a, b) for i, a in enumerate(places) for b in places[i + 1:]
                 if a[1].code[:2] != b[1].code[:2] or (a[1].level == b[1].level == "prefecture")]
        if not pairs:
            return
        paired = [p for p in places if any(p in pair for pair in pairs)]
        *others, (last, last_div) = paired
        named = ", ".join(f"{n} ({d.code})" for n, d in others) + f" and {last} ({last_div.code})"
        stance = stance_of(sentence, following)
        why = "a change of a prefecture-level division needs State Council approval: verify"
        if stance == "asserts" and (year := _recounted(sentence, paragraph)):
            stance, why = "recounts", f"a dated record of a past change ({year}): verify against the official record"
        yield self.finding(doc, "CLM402", start, end, None,
                           f"check-worthy: {named} with '{pred}' ({stance}); {why}",
                           severity=Severity.INFO if stance in ("refutes", "recounts") else None,
                           stance=stance), frozenset(d.code for _, d in paired)


def _recounted(sentence: str, paragraph: str) -> str | None:
    """The year of a dated record of a past change that ``sentence`` belongs to, or None."""
    import datetime as dt

    m = PARAGRAPH_YEAR.match(paragraph or sentence)
    if m is None or int(m.group(1)) > dt.date.today().year:
        return None
    if FUTURE.search(sentence) or not any(w in (paragraph or sentence) for w in OFFICIAL_ACT):
        return None
    return m.group(1)


def _misdated(entry, sentence: str, paragraph: str) -> str | None:
    """The year a sentence gives a change that happened (an entry with ``years``) when it is none of
    the entry's: the sentence's own years, else the year its paragraph opens with."""
    if not entry.years:
        return None
    said = SENTENCE_YEAR.findall(sentence)
    if not said and (m := PARAGRAPH_YEAR.match(paragraph)) is not None:
        said = [m.group(1)]
    if not said or any(int(y) in entry.years for y in said):
        return None
    return f"{said[0]}年"


def _merger_phrase(sentence: str) -> str | None:
    m = MERGER_PHRASE.search(sentence)
    return m.group(0) if m else None


def _same_claim(a, b) -> bool:
    """Are two findings about the same claim: one registry entry, or (check-worthy claims) two or more
    of the same places ("网传汕头、潮州、揭阳三市将合并" and "并没有汕头、潮州、揭阳三市合并的计划")?"""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return len(a & b) >= 2


def _names_another_prefecture(sentence: str, aliases) -> bool:
    """Does the sentence name a prefecture outside the claim's own places ("自贡市与宜宾合并发展物流"
    after a Zigong-Neijiang claim is about Yibin)? Then it does not continue that claim."""
    from cleancn.gazetteer import alias_table

    own = {a for group in aliases for a in group}
    return any(d.level == "prefecture" and name in sentence and not any(name in o or o in name for o in own)
               for name, d in alias_table().items())


_JIEBA = None


PLACE_FREQ = 50000  # jieba frequency given to place names, so a name is kept whole where it can be


def _tokenizer():
    """jieba with every place name in its dictionary, loaded once and only when needed.

    jieba's own start-up reads its 500,000-word prefix dictionary with marshal.load on a file object,
    which reads it piece by piece (0.75 s here). The dictionary with the place names added is kept in
    the user cache instead and read whole (0.25 s): jieba's state after initialize() and add_word()
    (its FREQ and total attributes), keyed by jieba's dictionary, the gazetteer data and this file."""
    global _JIEBA
    if _JIEBA is None:
        import logging

        import jieba

        from cleancn import gazetteer
        from cleancn.diskcache import derived, package_file

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()

        def add_places():
            for name in gazetteer.alias_table():
                tk.add_word(name, freq=PLACE_FREQ)

        def build():
            add_places()
            return tk.FREQ, tk.total

        words = package_file("jieba", "dict.txt")
        places = gazetteer._data_file()
        if words is None or places is None or not all(hasattr(tk, a) for a in ("FREQ", "total", "initialized")):
            add_places()  # no memo (data missing, or a jieba without these attributes): its own start-up
        else:
            tk.FREQ, tk.total = derived("jieba-places", words, build,
                                        also=(places, Path(gazetteer.__file__), Path(__file__)))
            tk.initialized = True
        _JIEBA = tk
    return _JIEBA


def _on_token_boundary(sentence: str, names) -> bool:
    """Some occurrence of one of ``names`` starts and ends on jieba token boundaries ("国内江河" has no 内江)."""
    present = [n for n in names if n in sentence]
    if not present:
        return False
    tk = _tokenizer()
    for n in present:
        tk.add_word(n, freq=PLACE_FREQ)
    bounds = set()
    pos = 0
    for tok in tk.cut(sentence, HMM=False):
        bounds.add(pos)
        pos += len(tok)
    bounds.add(pos)
    for n in present:
        i = sentence.find(n)
        while i != -1:
            if i in bounds and i + len(n) in bounds:
                return True
            i = sentence.find(n, i + 1)
    return False
