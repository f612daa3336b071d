"""The command line: ``scan``, ``clean``, ``rules``, ``explain``.

Exit codes: 0 no document below the fail threshold; 1 at least one is (or has a ``--fail-on`` code);
2 usage error or an input that could not be read (the other inputs are still processed).
Heavy imports (detectors, jieba, OpenCC) happen inside command bodies.
"""
from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from cleancn import __version__

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2

# At exit the interpreter runs full garbage collections over every object left: a one-file scan's
# teardown took 22 ms, 8 with the heap frozen (frozen objects are skipped). Nothing of ours needs a
# collection to finish its work: outputs are closed and renamed explicitly, and the standard streams
# are flushed by the interpreter.
atexit.register(gc.freeze)


def _common(f):
    opts = [
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Config file (default: closest cleancn.toml or pyproject.toml [tool.cleancn])."),
        click.option("--select", help="Only these codes, by prefix or detector name (comma-separated)."),
        click.option("--ignore", help="Skip these codes, by prefix or detector name (comma-separated)."),
        click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False),
                     help="An extra rules directory (same layout as rules/). Repeatable."),
        click.option("--encoding", help="Force the input encoding (default: detect per file)."),
        click.option("--include", multiple=True, help="Glob of files to take from directories. Repeatable."),
        click.option("--exclude", multiple=True, help="Glob of files or folders to skip. Repeatable."),
        click.option("--jsonl-field", help="Read .jsonl (and, with the parquet extra, .parquet) inputs as "
                                           "records and clean this field."),
        click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


class _Run:
    """What one command invocation knows: config, UI and the exit status so far."""

    def __init__(self, ctx_opts: dict, **overrides):
        from cleancn.config import ConfigError, load_config
        from cleancn.ui import UI

        self.ui = UI(quiet=ctx_opts.get("quiet", False))
        try:
            config = load_config(ctx_opts.get("config_file"))
            changes = {k: v for k, v in overrides.items() if v is not None}
            for key in ("select", "ignore"):
                if ctx_opts.get(key):
                    changes[key] = ctx_opts[key]
            if ctx_opts.get("rules_dirs"):
                changes["rules_dirs"] = tuple(config.rules_dirs) + tuple(ctx_opts["rules_dirs"])
            self.config = config.replace(**changes)
            from cleancn.rules import rule_roots

            rule_roots(self.config.rules_dirs)
        except (ConfigError, ValueError) as exc:
            raise click.UsageError(str(exc)) from None
        self.opts = ctx_opts
        self.status = EXIT_OK

    def input_error(self, path: str, message: str, summary=None) -> None:
        self.ui.error(path, message)
        if summary is not None:
            summary.add_error(path, message)
        if not message.startswith("empty file"):
            self.status = EXIT_ERROR

    def fails(self, record: dict) -> bool:
        """For a record or its digest."""
        from cleancn.report import codes_in

        if record["score"] < self.config.fail_under:
            return True
        return any(code in self.config.fail_on for code in codes_in(record))

    def note_record(self, record: dict) -> None:
        for err in record.get("errors", ()):
            self.ui.warn(f"{record['path']}: {err}")
        if self.fails(record) and self.status == EXIT_OK:
            self.status = EXIT_FAIL

    def items(self, paths, summary=None, bad_records=None):
        """Work items for the runner; bad paths and bad JSONL lines are reported on the way."""
        from cleancn.batch import BadRecord, InputError, Source, discover, iter_jsonl, iter_parquet

        field = self.opts.get("jsonl_field")
        for src in discover(paths, tuple(self.opts.get("include") or ()), tuple(self.opts.get("exclude") or ())):
            if not isinstance(src, Source):  # (path, message): a path that cannot be used
                self.input_error(*src, summary=summary)
                continue
            parquet = src.path is not None and src.path.suffix == ".parquet"
            if field and (src.path is None or src.path.suffix == ".jsonl" or parquet):
                where = "row" if parquet else "line"
                try:
                    for rec in (iter_parquet(src.path, field) if parquet else iter_jsonl(src.path, field)):
                        if isinstance(rec, BadRecord):
                            self.input_error(f"{src.display}:{rec.line}", rec.message, summary=summary)
                            if bad_records is not None:
                                bad_records.append((src, rec))
                            continue
                        line, data, text = rec
                        yield ("text", f"{src.display}:{line}", text,
                               {"record": {where: line}, "source": src, "data": data})
                except InputError as exc:
                    self.input_error(src.display, str(exc), summary=summary)
                except OSError as exc:
                    self.input_error(src.display, f"cannot read: {exc.strerror or exc}", summary=summary)
                continue
            if parquet:
                self.input_error(src.display, "a .parquet file needs --jsonl-field COLUMN (the text column)",
                                 summary=summary)
                continue
            yield ("file", src)

    def jobs(self) -> int:
        from cleancn.runner import default_jobs

        return self.opts.get("jobs") or default_jobs()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleancn")
def main():
    """Clean Chinese web text and flag misinformation.

    \b
    cleancn scan FILE|DIR...          report findings (text, json, jsonl, sarif, github)
    cleancn clean INPUT -o OUTPUT     write the cleaned text (inputs are never modified)
    cleancn rules / explain CODE      what each code finds, why, and how it is fixed
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "jsonl", "sarif", "github", "html"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--fail-under", type=float, default=None, help="Exit 1 if a document scores below this (default 80).")
@click.option("--fail-on", help="Exit 1 if any of these codes is found (comma-separated prefixes).")
@click.option("--statistics", is_flag=True, help="Add counts per code to the text report.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Ignore the findings recorded in this baseline; report stale entries.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record every finding of this run as the accepted baseline.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where unchanged files' results are kept (default: $CLEANCN_CACHE_DIR or ~/.cache/cleancn).")
@click.option("--no-cache", is_flag=True, help="Scan every file again; neither read nor write the cache.")
@_common
def scan(paths, fmt, output, fail_under, fail_on, statistics, baseline_path, write_baseline, cache_dir,
         no_cache, **opts):
    """Report what is wrong with each document. PATHS: files, directories, or - for stdin."""
    from cleancn.codes import codes_matching
    from cleancn.formatters import get_formatter
    from cleancn.report import Summary
    from cleancn.runner import run

    r = _Run(opts, fail_under=fail_under,
             fail_on=tuple(sorted(codes_matching(fail_on.split(",")))) if fail_on else None)
    baseline = writer = None
    if baseline_path or write_baseline:
        from cleancn.baseline import Baseline, BaselineError, BaselineWriter

        try:
            baseline = Baseline.load(baseline_path) if baseline_path else None
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None
        writer = BaselineWriter(write_baseline) if write_baseline else None
    cache = None if no_cache else _open_cache(cache_dir, r)
    summary = Summary()
    sink = _report_file(output) if output else None
    out = sink.file if sink else sys.stdout
    hits = 0
    try:
        cls = get_formatter(fmt)
        needs_text = getattr(cls, "needs_text", False)
        extra = {"rules_dirs": r.config.rules_dirs} if needs_text else {}
        formatter = cls(out, color=(out is sys.stdout and sys.stdout.isatty()), statistics=statistics, **extra)
        formatter.begin()
        items = r.items(paths, summary)
        # JSON formats without a baseline: workers serialise the records (the main process shares the
        # cores with them, and encoding 200,000 findings is a second of its time).
        serialise = cls.takes_json and not baseline and not writer
        with r.ui.progress() as bar:
            for outcome in run(items, r.config, jobs=r.jobs(), encoding=opts.get("encoding"), cache=cache,
                               want_text=needs_text, serialise=serialise):
                if outcome.error:
                    r.input_error(outcome.display, outcome.error, summary)
                    continue
                hits += outcome.cached
                record = outcome.record  # a digest when the worker serialised it (never with a baseline)
                if writer:
                    writer.add(record)
                if baseline:
                    record = baseline.filter(record, r.config)
                summary.add(record)
                r.note_record(record)
                if outcome.record_json is not None:
                    formatter.document_json(outcome.record_json)
                elif needs_text:
                    formatter.document(record, outcome.text)
                else:
                    formatter.document(record)
                bar.advance(record["length"])
        formatter.end(summary)
        if sink:
            sink.commit()
    finally:
        if sink:
            sink.close()
        if cache is not None:
            cache.close()
    if writer:
        writer.write()
        r.ui.info(f"baseline: {len(writer.entries)} findings written to {write_baseline}")
    if baseline:
        for path, code, text, occurrence in baseline.stale():
            r.ui.warn(f"{baseline_path}: stale entry {code} in {path} ({text[:30]!r}): no longer found")
    if hits:
        r.ui.info(f"{hits} unchanged document(s) taken from the cache")
    if summary.documents == 0 and r.status == EXIT_OK and not summary.errors:
        r.ui.warn("no documents scanned")
    sys.exit(r.status)


def _report_file(output: Path):
    from cleancn.batch import AtomicOutput

    try:
        return AtomicOutput(output)
    except OSError as exc:
        raise click.UsageError(f"{output}: cannot write the report: {exc.strerror or exc}") from None


def _open_cache(cache_dir, r):
    """The scan cache, or None (with a warning) when it cannot be opened: a cache never fails a run."""
    import sqlite3

    from cleancn.cache import ScanCache, default_dir

    path = (cache_dir or default_dir()) / "scan-v1.sqlite3"
    try:
        return ScanCache(path)
    except (OSError, sqlite3.Error) as exc:
        r.ui.warn(f"cache disabled: cannot open {path}: {exc}")
        return None


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", help="Output file or directory, or - for stdout.")
@click.option("--in-place", is_flag=True, help="Replace the input files (atomically, after writing a backup).")
@click.option("--backup-suffix", default=".bak", show_default=True, help="Backup name suffix for --in-place.")
@click.option("--script", type=click.Choice(["keep", "hans", "hant"]), default=None,
              help="Convert the output script with OpenCC (default: keep).")
@click.option("--drop-under", type=float, default=None,
              help="Documents scoring below this go to the rejects location instead of the output.")
@click.option("--rejects", type=click.Path(path_type=Path), help="Where dropped documents and bad records go.")
@click.option("--resume", is_flag=True, help="Skip inputs whose output already exists (from an interrupted run).")
@_common
def clean(input_path, output, in_place, backup_suffix, script, drop_under, rejects, resume, **opts):
    """Write INPUT with exactly the report's replacements applied: file to file, dir to dir, - to stdout."""
    from cleancn.cleaning import Cleaner

    if not in_place and not output:
        raise click.UsageError("give -o OUTPUT (a file, a directory, or - for stdout) or --in-place")
    if in_place and output:
        raise click.UsageError("--in-place and -o exclude each other")
    r = _Run(opts, script=script)
    cleaner = Cleaner(r, Path(input_path) if input_path != "-" else None, output, in_place=in_place,
                      backup_suffix=backup_suffix, drop_under=drop_under, rejects=rejects, resume=resume)
    cleaner.run()
    sys.exit(r.status if r.status == EXIT_ERROR else EXIT_OK)


@main.command("rules")
@click.option("--claims", is_flag=True, help="List the claim registry entries instead of the codes.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False))
def rules_cmd(claims, rules_dirs):
    """List every code with its detector and title (or the claim registry with --claims)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if claims:
        from cleancn.claims_registry import load_registry
        from cleancn.rules import RulesError, rule_roots

        try:
            registry = load_registry(rule_roots(rules_dirs))
        except RulesError as exc:
            raise click.UsageError(str(exc)) from None
        table = Table(box=None, header_style="bold")
        for col in ("id", "verdict", "as_of", "review_by", "claim_reviewed"):
            table.add_column(col, no_wrap=col != "claim_reviewed", overflow="fold")
        for e in registry:
            stale = " (stale)" if e.is_stale() else ""
            table.add_row(e.id, e.verdict, str(e.as_of), f"{e.review_by}{stale}", e.claim_reviewed)
        console.print(table)
        return
    from cleancn.codes import RULES

    table = Table(box=None, header_style="bold")
    for col in ("code", "detector", "fix", "title"):
        table.add_column(col)
    for rule in RULES:
        table.add_row(rule.code, rule.detector, rule.fix, rule.title)
    console.print(table)


@main.command()
@click.argument("code")
def explain(code):
    """Print the doc page of CODE: what it finds, why, an example, and the fix."""
    from cleancn.codes import BY_CODE
    from cleancn.rules import packaged_dir

    code = code.upper()
    if code not in BY_CODE:
        raise click.UsageError(f"unknown code {code!r}; `cleancn rules` lists them")
    page = packaged_dir("rule_docs") / f"{code}.md"
    click.echo(page.read_text(encoding="utf-8"))


if __name__ == "__main__":  # pragma: no cover
    main()
