"""The one table of rule codes. A code is permanent: never renumbered, never reused.

Each code has a doc page ``docs/rules/<CODE>.md`` (shipped in the wheel, printed by ``cleancn explain``).
``weight`` is the default score penalty of the code (see ``scoring.py``); config can override it.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleancn.model import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    detector: str
    name: str  # snake_case, stable, usable as a stats key
    title: str
    severity: Severity
    weight: float
    fix: str  # "delete" | "repair" | "flag"


_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO

RULES: tuple[Rule, ...] = (
    # mojibake
    Rule("MOJ101", "mojibake", "pinyin_annotation", "Pinyin left after characters by a converter", _W, 10, "delete"),
    Rule("MOJ102", "mojibake", "misaligned_bytes", "Run garbled by a shifted double-byte stream", _E, 10, "flag"),
    Rule("MOJ103", "mojibake", "utf8_as_gbk", "UTF-8 decoded as GBK/GB18030", _E, 15, "repair"),
    Rule("MOJ104", "mojibake", "utf8_as_gbk_lossy", "UTF-8 decoded as GBK with lost bytes", _E, 15, "repair"),
    Rule("MOJ105", "mojibake", "gbk_as_latin1", "GBK decoded as Latin-1/cp1252", _E, 15, "repair"),
    Rule("MOJ106", "mojibake", "big5_gbk_confusion", "Big5 decoded as GBK or GBK as Big5", _E, 15, "repair"),
    Rule("MOJ107", "mojibake", "utf8_as_latin1", "UTF-8 decoded as Latin-1/cp1252 (ftfy's family)", _E, 15, "repair"),
    Rule("MOJ108", "mojibake", "unrecoverable_marker", "Unrecoverable marker (锟斤拷, 烫烫烫, U+FFFD, ??)", _E, 10, "flag"),
    Rule("MOJ109", "mojibake", "broken_entity", "Broken or leftover HTML entity", _W, 3, "repair"),
    Rule("MOJ110", "mojibake", "invisible_character", "Invisible or control character", _W, 2, "delete"),
    Rule("MOJ111", "mojibake", "mixed_script", "Stray characters of the other script (machine conversion)", _W, 5, "flag"),
    Rule("MOJ112", "mojibake", "script_conversion", "Script conversion requested with --script", _I, 0, "repair"),
    Rule("MOJ113", "mojibake", "html_tag", "HTML tag, comment or script left in text", _W, 3, "delete"),
    Rule("MOJ114", "mojibake", "escape_sequence", "Chinese left as \\u or \\x escapes, percent- or mail-encoded", _W, 10, "repair"),
    # spam
    Rule("SPM201", "spam", "keyword_stuffing", "Line stuffed with porn, gambling or SEO keywords", _E, 30, "delete"),
    Rule("SPM202", "spam", "headline_list", "Block of unrelated headlines or links (link farm)", _E, 20, "delete"),
    Rule("SPM203", "spam", "site_boilerplate", "Site boilerplate: widgets, related links, footers", _W, 5, "delete"),
    Rule("SPM204", "spam", "contact_injection", "Contact or ad injection (QQ, WeChat, phone, links)", _E, 20, "delete"),
    Rule("SPM205", "spam", "spun_text", "Machine-spun text: out-of-context synonym swaps (伪原创)", _W, 20, "flag"),
    # duplicates
    Rule("DUP301", "duplicate", "duplicate_heading", "Heading pasted again inside the body", _W, 5, "delete"),
    Rule("DUP302", "duplicate", "repeated_paragraph", "Paragraph or line repeated verbatim", _W, 5, "delete"),
    Rule("DUP303", "duplicate", "near_duplicate", "Near-duplicate line", _I, 2, "flag"),
    Rule("DUP304", "duplicate", "contradictory_copy", "Near-duplicate lines that disagree on numbers or names", _W, 5, "flag"),
    Rule("DUP305", "duplicate", "repeated_in_line", "One phrase pasted back to back in a line", _W, 5, "delete"),
    # claims
    Rule("CLM401", "claim", "registry_claim", "Known false, misleading or unverified claim", _E, 30, "flag"),
    Rule("CLM402", "claim", "checkworthy_merger", "Check-worthy claim: administrative merger or abolition", _W, 10, "flag"),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
DETECTOR_NAMES: tuple[str, ...] = tuple(dict.fromkeys(r.detector for r in RULES))


def codes_matching(prefixes) -> set[str]:
    """Codes selected by any of ``prefixes`` ("MOJ", "SPM2", "DUP301", or a detector name like "spam")."""
    out: set[str] = set()
    for p in prefixes:
        p = p.strip()
        if not p:
            continue
        if p.upper() == "ALL":
            return set(BY_CODE)
        out.update(r.code for r in RULES if r.code.startswith(p.upper()) or r.detector == p.lower())
    return out
