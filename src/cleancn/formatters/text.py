from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cleancn.codes import BY_CODE
from cleancn.formatters.base import Formatter
from cleancn.report import Summary

VERDICT_STYLE = {"clean": "green", "suspect": "yellow", "dirty": "red"}
MAX_ROWS = 200  # per document; the JSON report has them all


def _show(s: str, limit: int = 40) -> str:
    s = s.replace("\r", "").replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "…"


class TextFormatter(Formatter):
    """A rich table per document with findings, then a summary. Colour only when writing to a terminal."""

    def begin(self) -> None:
        self.console = Console(file=self.out, force_terminal=self.color, no_color=not self.color,
                               highlight=False, soft_wrap=False, width=None if self.color else 160)

    def document(self, rec: dict) -> None:
        style = VERDICT_STYLE.get(rec["verdict"], "")
        self.console.print(f"[bold]{escape(rec['path'])}[/]  score [{style}]{rec['score']}[/] "
                           f"[{style}]{rec['verdict']}[/]  ({rec['length']} chars, {rec['encoding']}, "
                           f"{len(rec['findings'])} findings)")
        if not rec["findings"]:
            return
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in ("line:col", "code", "action", "text", "message"):
            table.add_column(col, overflow="fold")
        for f in rec["findings"][:MAX_ROWS]:
            rep = f["replacement"]
            action = "flag" if rep is None else ("delete" if rep == "" else "→ " + _show(rep, 16))
            table.add_row(f"{f['line']}:{f['column']}", f["code"], escape(action), escape(_show(f["text"])),
                          escape(_show(f["message"], 70)))
        self.console.print(table)
        if len(rec["findings"]) > MAX_ROWS:
            self.console.print(f"  … {len(rec['findings']) - MAX_ROWS} more (use --format json for all)")
        self.console.print()

    def end(self, summary: Summary) -> None:
        rec = summary.record()
        verdicts = ", ".join(f"{v} {n}" for v, n in rec["by_verdict"].items()) or "none"
        detectors = ", ".join(f"{d} {n}" for d, n in rec["by_detector"].items()) or "none"
        self.console.print(f"[bold]{rec['documents']} documents[/], {rec['findings']} findings "
                           f"({detectors}); verdicts: {verdicts}"
                           + (f"; [red]{rec['errors']} unreadable[/]" if rec["errors"] else ""))
        if self.statistics and rec["by_code"]:
            table = Table(title="findings per code", box=None, header_style="bold")
            table.add_column("count", justify="right")
            table.add_column("code")
            table.add_column("title")
            for code, n in sorted(rec["by_code"].items(), key=lambda kv: (-kv[1], kv[0])):
                table.add_row(str(n), code, BY_CODE[code].title)
            self.console.print(table)
