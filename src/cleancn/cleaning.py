"""``cleancn clean``: route each input to its output (file, directory mirror, stdout, JSONL) and write
it atomically. The text written is ``Result.cleaned``: the report's replacements, nothing else."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from cleancn.batch import write_atomic
from cleancn.report import counts_by_detector
from cleancn.runner import run


class Cleaner:
    def __init__(self, r, input_path: Path | None, output: str | None, *, in_place: bool, backup_suffix: str,
                 drop_under: float | None, rejects: Path | None, resume: bool):
        self.r = r
        self.input = input_path
        self.output = output
        self.in_place = in_place
        self.backup_suffix = backup_suffix
        self.drop_under = drop_under
        self.resume = resume
        self.field = r.opts.get("jsonl_field")
        self.to_stdout = output == "-"
        self.input_is_dir = input_path is not None and input_path.is_dir()
        out = Path(output) if output and not self.to_stdout else None
        if out is not None and not self.input_is_dir and out.is_dir() and input_path is not None:
            out = out / input_path.name
        self.out = out
        if rejects is None and out is not None:
            rejects = out.with_name(out.name + ".rejects")
        self.rejects = rejects
        self.stats = {"documents": 0, "changed": 0, "removed": 0, "dropped": 0, "skipped": 0}
        if self.input_is_dir and self.to_stdout:
            raise click.UsageError("a directory cannot be cleaned to stdout; give -o DIR")
        if self.input_is_dir and out is not None and out.exists() and not out.is_dir():
            raise click.UsageError(f"{out}: input is a directory, so the output must be one too")
        if out is not None and input_path is not None and out.resolve() == input_path.resolve():
            raise click.UsageError("output is the input; use --in-place to replace inputs (with a backup)")

    # -- where things go --------------------------------------------------------------------------

    def target(self, source) -> Path | None:
        if self.in_place:
            return source.path
        if self.to_stdout:
            return None
        return self.out / source.relative if self.input_is_dir else self.out

    def reject_target(self, source) -> Path:
        base = self.rejects if self.rejects is not None else Path("cleancn.rejects")
        return base / source.relative if self.input_is_dir or self.in_place else base

    # -- running ----------------------------------------------------------------------------------

    def run(self) -> None:
        paths = ["-"] if self.input is None else [str(self.input)]
        bad: list = []  # malformed JSONL lines met so far, written to the rejects as the run goes

        def items():
            # A generator, never a list: a corpus of any size streams through with flat memory.
            for item in self.r.items(paths, bad_records=bad):
                if item[0] == "file" and self.resume and not self.in_place \
                        and (t := self.target(item[1])) is not None and t.exists():
                    self.stats["skipped"] += 1
                    continue
                yield item

        # Records stream through one writer per source file, opened on the first record; one rejects
        # writer serves every source.
        writers = _JsonlWriters(self)
        self.tables = None  # the Parquet writers, made when a Parquet source is met
        try:
            self._clean_all(items(), writers, bad)
        except BaseException:
            # Interrupted (Ctrl-C, a full disk): no half-written output or rejects file is left behind,
            # and a re-run starts from what was finished.
            writers.discard()
            if self.tables is not None:
                self.tables.discard()
            raise
        if self.tables:
            self.tables.finish()
        writers.finish(bad)
        s = self.stats
        where = "stdout" if self.to_stdout else ("in place" if self.in_place else str(self.out))
        self.r.ui.info(f"cleaned {s['documents']} documents ({s['changed']} changed, {s['removed']} characters "
                       f"changed), {s['dropped']} dropped, {s['skipped']} skipped as done -> {where}")

    def _clean_all(self, items, writers, bad) -> None:
        with self.r.ui.progress() as bar:
            for outcome in run(items, self.r.config, jobs=self.r.jobs(),
                               encoding=self.r.opts.get("encoding"), want_cleaned=True):
                if bad:
                    writers.reject(bad)
                if outcome.error:
                    self.r.input_error(outcome.display, outcome.error)
                    if outcome.meta and "data" in outcome.meta:
                        writers.failed(outcome)  # a record that killed its worker: kept, untouched
                    continue
                self.r.note_record(outcome.record)
                self.account(outcome)
                bar.advance(outcome.record["length"])
                if outcome.meta and "data" in outcome.meta:
                    src = outcome.meta["source"]
                    if _is_parquet(src) and not self.to_stdout:
                        self.tables = self.tables or _ParquetWriters(self, writers)
                        self.tables.write(outcome)
                    else:
                        writers.write(outcome)
                else:
                    self.write_file(outcome)

    def account(self, outcome) -> None:
        self.stats["documents"] += 1
        edits = [f for f in outcome.record["findings"] if f["replacement"] is not None]
        if edits:
            self.stats["changed"] += 1
            self.stats["removed"] += sum(f["end"] - f["start"] for f in edits)

    def dropped(self, record: dict) -> bool:
        return self.drop_under is not None and record["score"] < self.drop_under

    def write_file(self, outcome) -> None:
        source = outcome.source
        if self.dropped(outcome.record):
            self.stats["dropped"] += 1
            dest = self.reject_target(source)
            if source.path is not None:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source.path, dest)  # the untouched original, so nothing is lost
            return
        target = self.target(source)
        if target is None:
            sys.stdout.write(outcome.cleaned)
            sys.stdout.flush()
            return
        if self.in_place:
            if outcome.cleaned == _read_text_quietly(source.path, outcome.record["encoding"]):
                return  # nothing to change: no backup, no rewrite
            shutil.copy2(source.path, source.path.with_name(source.path.name + self.backup_suffix))
        write_atomic(target, outcome.cleaned)


def _read_text_quietly(path: Path, encoding: str) -> str | None:
    try:
        return path.read_bytes().decode(encoding.replace("-sig", ""))
    except (OSError, UnicodeDecodeError, LookupError):
        return None


def _cleancn_info(record: dict) -> dict:
    """What a cleaned or rejected record carries about its scan."""
    return {"score": record["score"], "verdict": record["verdict"], "findings": counts_by_detector(record["findings"])}


def _is_parquet(src) -> bool:
    return src.path is not None and src.path.suffix == ".parquet"


class _JsonlWriters:
    """Cleaned records keep every other field and gain a ``cleancn`` object; rejects keep the raw line.
    Also the one rejects writer of a run: Parquet sources send their rejected rows here."""

    def __init__(self, cleaner: Cleaner):
        self.c = cleaner
        self.outputs: dict[str, tuple] = {}  # display -> (final path or None for stdout, handle)
        self.rejects: dict[str, tuple] = {}  # display -> (final path, handle on a temporary file)

    def _output(self, src):
        if src.display not in self.outputs:
            if self.c.to_stdout:
                self.outputs[src.display] = (None, sys.stdout)
            else:
                out_path = self.c.target(src)
                out_path.parent.mkdir(parents=True, exist_ok=True)
                tmp = out_path.with_name(f".{out_path.name}.cleancn-tmp")
                self.outputs[src.display] = (out_path, open(tmp, "w", encoding="utf-8", newline="\n"))
        return self.outputs[src.display][1]

    def rejects_for(self, src):
        if src.display not in self.rejects:
            dest = self.c.reject_target(src)
            if self.c.input_is_dir or self.c.in_place:
                dest = dest.with_name(dest.name + ".rejects")
            dest.parent.mkdir(parents=True, exist_ok=True)
            # Written whole and renamed into place at the end, like the output: a re-run replaces
            # the rejects of the run before instead of adding to them.
            tmp = dest.with_name(f".{dest.name}.cleancn-tmp")
            self.rejects[src.display] = (dest, open(tmp, "w", encoding="utf-8", newline="\n"))
        return self.rejects[src.display][1]

    def write(self, outcome) -> None:
        src = outcome.meta["source"]
        out = self._output(src)  # a JSONL input always gets its output file, even if nothing is kept
        rec = dict(outcome.meta["data"])
        if self.c.dropped(outcome.record):
            self.c.stats["dropped"] += 1
            rec["cleancn"] = _cleancn_info(outcome.record)
            self.rejects_for(src).write(json.dumps(rec, ensure_ascii=False) + "\n")
            return
        rec[self.c.field] = outcome.cleaned
        rec["cleancn"] = _cleancn_info(outcome.record)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def reject(self, bad: list) -> None:
        """Pass malformed lines through, untouched, to the rejects file; empties ``bad``."""
        for src, rec in bad:
            if not _is_parquet(src):
                self._output(src)
            self.rejects_for(src).write(rec.raw + "\n")
        bad.clear()

    def failed(self, outcome) -> None:
        """A record that could not be processed goes to the rejects with its fields untouched and the
        reason in its ``cleancn`` object."""
        src = outcome.meta["source"]
        if not _is_parquet(src):
            self._output(src)
        rec = dict(outcome.meta["data"])
        rec["cleancn"] = {"error": outcome.error}
        self.rejects_for(src).write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")

    def finish(self, bad) -> None:
        self.reject(bad)
        import os

        for dest, rej in self.rejects.values():
            rej.close()
            os.replace(rej.name, dest)
        for out_path, out in self.outputs.values():
            if out_path is not None:
                out.close()
                if self.c.in_place:
                    shutil.copy2(out_path, out_path.with_name(out_path.name + self.c.backup_suffix))
                os.replace(out.name, out_path)

    def discard(self) -> None:
        """Close and remove every temporary file; nothing is renamed into place."""
        handles = [h for _, h in self.rejects.values()] + [h for p, h in self.outputs.values() if p is not None]
        for h in handles:
            h.close()
            Path(h.name).unlink(missing_ok=True)


class _ParquetWriters:
    """Cleaned rows of a Parquet source go to a Parquet file with the same columns plus ``cleancn_score``,
    ``cleancn_verdict`` and ``cleancn_findings`` (JSON counts per detector), written in row groups as
    they come and renamed into place at the end. Dropped rows go to the rejects as JSON lines, like bad
    rows do."""

    BATCH = 1024

    def __init__(self, cleaner: Cleaner, rejects: _JsonlWriters):
        self.c = cleaner
        self.open: dict[str, dict] = {}
        self.rejects = rejects

    def _entry(self, src):
        if src.display not in self.open:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pq.ParquetFile(src.path).schema_arrow
            schema = schema.append(pa.field("cleancn_score", pa.int32())) \
                .append(pa.field("cleancn_verdict", pa.string())).append(pa.field("cleancn_findings", pa.string()))
            out_path = self.c.target(src)
            out_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = out_path.with_name(f".{out_path.name}.cleancn-tmp")
            self.open[src.display] = {"path": out_path, "tmp": tmp, "schema": schema, "rows": [],
                                      "writer": pq.ParquetWriter(tmp, schema)}
        return self.open[src.display]

    def write(self, outcome) -> None:
        src = outcome.meta["source"]
        info = _cleancn_info(outcome.record)
        if self.c.dropped(outcome.record):
            self.c.stats["dropped"] += 1
            rec = dict(outcome.meta["data"], cleancn=info)
            self.rejects.rejects_for(src).write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            return
        entry = self._entry(src)
        row = dict(outcome.meta["data"])
        row[self.c.field] = outcome.cleaned
        row.update(cleancn_score=info["score"], cleancn_verdict=info["verdict"],
                   cleancn_findings=json.dumps(info["findings"], ensure_ascii=False))
        entry["rows"].append(row)
        if len(entry["rows"]) >= self.BATCH:
            self._flush(entry)

    def _flush(self, entry) -> None:
        import pyarrow as pa

        if entry["rows"]:
            entry["writer"].write_table(pa.Table.from_pylist(entry["rows"], schema=entry["schema"]))
            entry["rows"].clear()

    def finish(self) -> None:
        import os

        for entry in self.open.values():
            self._flush(entry)
            entry["writer"].close()
            if self.c.in_place:
                shutil.copy2(entry["path"], entry["path"].with_name(entry["path"].name + self.c.backup_suffix))
            os.replace(entry["tmp"], entry["path"])

    def discard(self) -> None:
        for entry in self.open.values():
            entry["writer"].close()
            entry["tmp"].unlink(missing_ok=True)
