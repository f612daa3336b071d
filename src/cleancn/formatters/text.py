from __future__ import annotations

import unicodedata

from cleancn.codes import BY_CODE
from cleancn.formatters.base import Formatter
from cleancn.report import Summary

VERDICT_STYLE = {"clean": "green", "suspect": "yellow", "dirty": "red"}
MAX_ROWS = 200  # per document; the JSON report has them all


def _show(s: str, limit: int = 40) -> str:
    s = s.replace("\r", "").replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _width(s: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _row(cells, widths) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()


def _action(f: dict) -> str:
    rep = f["replacement"]
    return "flag" if rep is None else ("delete" if rep == "" else "→ " + _show(rep, 16))


def _header(rec: dict) -> str:
    return (f"{rec['path']}  score {rec['score']} {rec['verdict']}  ({rec['length']} chars, "
            f"{rec['encoding']}, {len(rec['findings'])} findings)")


def _totals(rec: dict) -> str:
    verdicts = ", ".join(f"{v} {n}" for v, n in rec["by_verdict"].items()) or "none"
    detectors = ", ".join(f"{d} {n}" for d, n in rec["by_detector"].items()) or "none"
    return f"{rec['documents']} documents, {rec['findings']} findings ({detectors}); verdicts: {verdicts}"


class TextFormatter(Formatter):
    """A table per document with findings, then a summary. On a terminal rich draws it in colour; into
    a file or pipe the same columns are written as plain aligned text, without importing rich (~50 ms
    of a one-file run)."""

    COLUMNS = ("line:col", "code", "action", "text", "message")

    def begin(self) -> None:
        if not self.color:
            self.console = None
            return
        from rich.console import Console

        self.console = Console(file=self.out, force_terminal=self.color, no_color=not self.color,
                               highlight=False, soft_wrap=False, width=None if self.color else 160)

    def _plain_document(self, rec: dict) -> None:
        out = self.out
        out.write(_header(rec) + "\n")
        if not rec["findings"]:
            return
        rows = [self.COLUMNS] + [(f"{f['line']}:{f['column']}", f["code"], _action(f), _show(f["text"]),
                                  _show(f["message"], 70)) for f in rec["findings"][:MAX_ROWS]]
        widths = [max(_width(r[i]) for r in rows) for i in range(len(self.COLUMNS))]
        out.write("".join(_row(r, widths) + "\n" for r in rows))
        if len(rec["findings"]) > MAX_ROWS:
            out.write(f"  … {len(rec['findings']) - MAX_ROWS} more (use --format json for all)\n")
        out.write("\n")

    def document(self, rec: dict) -> None:
        if self.console is None:
            return self._plain_document(rec)
        from rich.markup import escape
        from rich.table import Table

        style = VERDICT_STYLE.get(rec["verdict"], "")
        self.console.print(f"[bold]{escape(rec['path'])}[/]  score [{style}]{rec['score']}[/] "
                           f"[{style}]{rec['verdict']}[/]  ({rec['length']} chars, {rec['encoding']}, "
                           f"{len(rec['findings'])} findings)")
        if not rec["findings"]:
            return
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in self.COLUMNS:
            table.add_column(col, overflow="fold")
        for f in rec["findings"][:MAX_ROWS]:
            table.add_row(f"{f['line']}:{f['column']}", f["code"], escape(_action(f)), escape(_show(f["text"])),
                          escape(_show(f["message"], 70)))
        self.console.print(table)
        if len(rec["findings"]) > MAX_ROWS:
            self.console.print(f"  … {len(rec['findings']) - MAX_ROWS} more (use --format json for all)")
        self.console.print()

    def end(self, summary: Summary) -> None:
        rec = summary.record()
        by_code = sorted(rec["by_code"].items(), key=lambda kv: (-kv[1], kv[0]))
        if self.console is None:
            skipped = f"; {rec['errors']} not scanned (each named on stderr)" if rec["errors"] else ""
            self.out.write(_totals(rec) + skipped + "\n")
            if self.statistics and by_code:
                rows = [("count", "code", "title")] + [(str(n), c, BY_CODE[c].title) for c, n in by_code]
                widths = [max(_width(r[i]) for r in rows) for i in range(3)]
                self.out.write("findings per code\n" + "".join(_row(r, widths) + "\n" for r in rows))
            return
        from rich.table import Table

        skipped = f"; [red]{rec['errors']} not scanned (each named on stderr)[/]" if rec["errors"] else ""
        self.console.print(f"[bold]{_totals(rec)}[/]{skipped}")
        if self.statistics and by_code:
            table = Table(title="findings per code", box=None, header_style="bold")
            table.add_column("count", justify="right")
            table.add_column("code")
            table.add_column("title")
            for code, n in by_code:
                table.add_row(str(n), code, BY_CODE[code].title)
            self.console.print(table)
