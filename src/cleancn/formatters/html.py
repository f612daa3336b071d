"""``--format html``: one self-contained review page (inline CSS and JS, no network, works from file://).

The page is rendered from the same document records as the JSON report, plus each document's text:
every highlight is a record's [start, end) in that text, and the cleaned view is computed in the page by
applying the records' replacements, the same diff ``cleancn clean`` applies. Documents are written as
they come (JSON data blocks) and drawn by the browser only when opened, so a long report stays light.
"""
from __future__ import annotations

import html
import json
from importlib import resources

from cleancn.formatters.base import Formatter
from cleancn.report import Summary, tool_record


def _json_for_script(obj) -> str:
    """JSON that the HTML parser cannot read as markup inside <script>: every "<" becomes the JSON
    escape \\u003c, so no text of a document can close the element or open a comment."""
    return json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c")


def _claims_info(roots=None) -> dict:
    """Verdict, explanation and evidence per registry claim id, for the claim tooltips."""
    try:
        from cleancn.claims_registry import load_registry
        from cleancn.rules import rule_roots

        return {e.id: {"verdict": e.verdict, "claim": e.claim_reviewed, "explanation": e.rating_explanation,
                       "evidence": list(e.evidence)} for e in load_registry(rule_roots(roots or ()))}
    except Exception:  # a broken registry already fails the scan itself; the page just lacks tooltips
        return {}


class HtmlFormatter(Formatter):
    needs_text = True  # the CLI hands this formatter each document's text with its record

    def __init__(self, out, *, color=False, statistics=False, rules_dirs=()):
        super().__init__(out, color=color, statistics=statistics)
        self.rules_dirs = rules_dirs
        self.count = 0

    def begin(self) -> None:
        assets = resources.files("cleancn.formatters") / "html_assets"
        css = (assets / "report.css").read_text(encoding="utf-8")
        tool = tool_record()
        self.out.write(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>cleancn report</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
            "<a class=\"skip\" href=\"#docs\">Skip to the documents</a>\n"
            f"<header><h1>cleancn report</h1><p class=\"tool\">{html.escape(tool['name'])} "
            f"{html.escape(tool['version'])}</p></header>\n"
            "<main>\n<section id=\"overview\" aria-label=\"Overview\"></section>\n"
            "<section id=\"filters\" aria-label=\"Filters\"></section>\n"
            "<section id=\"docs\" aria-label=\"Documents\">\n")

    def document(self, record: dict, text: str = "") -> None:
        i = self.count
        self.count += 1
        self.out.write(f"<script type=\"application/json\" class=\"doc-data\" id=\"doc-data-{i}\">"
                       f"{_json_for_script({'record': record, 'text': text})}</script>\n")

    def end(self, summary: Summary) -> None:
        assets = resources.files("cleancn.formatters") / "html_assets"
        js = (assets / "report.js").read_text(encoding="utf-8")
        meta = {"summary": summary.record(), "errors": summary.errors, "claims": _claims_info(self.rules_dirs)}
        self.out.write("</section>\n</main>\n"
                       f"<script type=\"application/json\" id=\"report-meta\">{_json_for_script(meta)}</script>\n"
                       f"<script>\n{js}</script>\n</body>\n</html>\n")
