"""A character language model built from jieba's dictionary (word frequencies), shipped by a dependency.

Mojibake repair needs to ask "which of these readings is Chinese?": garbled runs are made of rare
characters in impossible orders, their repairs of common characters in common pairs. Unigram and
in-word bigram counts come from jieba's ``dict.txt`` (each word's frequency added to its characters
and adjacent pairs). Text is scored after t2s conversion, because the dictionary is simplified.

Loaded lazily and cached on disk (``diskcache.derived``: keyed by the dictionary's path, size and
mtime): only documents with a mojibake candidate pay for it.
"""
from __future__ import annotations

import math
from functools import cached_property, lru_cache
from pathlib import Path

from cleancn.text import HAN_RE

_LAMBDA = 0.7  # weight of the bigram estimate against the unigram
VARIANT_COST = 0.7  # log-probability: a traditional variant against the usual form of the same simplified one


def _jieba_dict_path() -> Path | None:
    from cleancn.diskcache import package_file

    return package_file("jieba", "dict.txt")  # without importing jieba (its set-up loads for ~1 s)


def _count(dict_path: Path):
    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if not freq:
                continue
            for c in word:
                uni[c] = uni.get(c, 0) + freq
            for i in range(len(word) - 1):
                pair = word[i:i + 2]
                bi[pair] = bi.get(pair, 0) + freq
    return uni, bi


class CharLM:
    def __init__(self, uni: dict[str, int], bi: dict[str, int]):
        self.uni = uni
        self.bi = bi
        self.total = float(sum(uni.values()))
        self.floor = math.log(0.5 / self.total)
        self._traditional: dict[str, bool] = {}

    def unigram(self, c: str) -> float:
        n = self.uni.get(c)
        return math.log(n / self.total) if n else self.floor

    def pair(self, a: str, b: str) -> float:
        pu = self.uni.get(b, 0.5) / self.total
        na = self.uni.get(a)
        pb = (self.bi.get(a + b, 0) / na) if na else 0.0
        return math.log(_LAMBDA * pb + (1 - _LAMBDA) * pu)

    def score(self, text: str) -> float:
        """Mean log-probability per Han character (t2s first); 0.0 for text without Han."""
        from cleancn.text import opencc_converter

        text = opencc_converter("t2s.json").convert(text)
        total = 0.0
        n = 0
        prev = None
        for ch in text:
            if HAN_RE.match(ch):
                total += self.pair(prev, ch) if prev else self.unigram(ch)
                n += 1
                prev = ch
            else:
                prev = None
        return total / n if n else 0.0

    def unigram_any(self, c: str) -> float:
        """``unigram`` of a character in either script: a traditional one also as its simplified form
        (the dictionary is simplified, so 過 or 對 alone would score as unseen), whichever is higher
        (著 is a word of its own in 著名, not only 着). A variant that is not the usual traditional
        form of its simplified one (噹 beside 當, both 当) costs VARIANT_COST: without it the two tie."""
        s = self.forms.get(c)
        if s is None:
            return self.unigram(c)
        return max(self.unigram(c), self.unigram(s) - self.variant_cost.get(c, 0.0))

    def pair_any(self, a: str, b: str) -> float:
        forms = self.forms
        sa, sb = forms.get(a), forms.get(b)
        if sa is None and sb is None:
            return self.pair(a, b)
        cost = self.variant_cost
        return max(self.pair(a, b), self.pair(sa or a, sb or b) - cost.get(a, 0.0) - cost.get(b, 0.0))

    @cached_property
    def forms(self) -> dict[str, str]:
        """Traditional character -> its simplified form (_simplified_forms), read once per model."""
        return _simplified_forms()

    @cached_property
    def variant_cost(self) -> dict[str, float]:
        """VARIANT_COST for each traditional character that OpenCC's s2t does not write for its simplified
        form (噹, 髮: s2t writes 當 and 發 for 当 and 发 alone)."""
        forms = self.forms
        if not forms:
            return {}
        from cleancn.text import opencc_converter

        simple = sorted(set(forms.values()))
        back = opencc_converter("s2t.json").convert("\n".join(simple)).split("\n")
        usual = dict(zip(simple, back)) if len(back) == len(simple) else {}
        return {c: VARIANT_COST for c, s in forms.items() if usual.get(s, c) != c}

    def traditional_only(self, c: str) -> bool:
        """Is ``c`` a traditional form simplified text does not use (議, 過; not 著 or 乾)? Memoised:
        a repair asks it of every candidate of every lost byte."""
        known = self._traditional.get(c)
        if known is None:
            s = self.forms.get(c)
            known = self._traditional[c] = s is not None and self.unigram(c) < self.unigram(s) - 3.0
        return known

    def rare(self, c: str, threshold: float = -14.0) -> bool:
        return self.unigram(c) < threshold


@lru_cache(maxsize=1)
def model() -> CharLM:
    from cleancn.diskcache import derived

    src = _jieba_dict_path()
    uni, bi = derived("charlm", src, lambda: _count(src))
    return CharLM(uni, bi)


@lru_cache(maxsize=1)
def _simplified_forms() -> dict[str, str]:
    """Each character t2s changes alone -> its simplified form (one character); empty without OpenCC's
    dictionaries. Built when a repair first scores a candidate: one conversion of ~5,000 characters."""
    from cleancn.text import opencc_converter, t2s_sensitive

    sensitive = t2s_sensitive()
    if not sensitive or not sensitive[0]:
        return {}
    chars = sensitive[0]
    simple = opencc_converter("t2s.json").convert("\n".join(chars)).split("\n")
    return {c: s for c, s in zip(chars, simple) if len(s) == 1 and s != c}

