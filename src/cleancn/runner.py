"""Schedule documents over worker processes. Steps never know how they are scheduled.

Workers return plain records (and the cleaned text when asked), so results pickle cheaply; output
order is the input order whatever ``jobs`` is.
"""
from __future__ import annotations

import os
from collections import deque
from itertools import chain, islice
from typing import Iterable, Iterator

from cleancn.batch import InputError, Source, read_document
from cleancn.config import Config
from cleancn.model import Document
from cleancn.pipeline import Pipeline
from cleancn.report import document_json, document_record


class Outcome:
    """What processing one item gave. A plain class: a dataclass generates and compiles its methods
    when the module is imported (~1 ms of a ~90 ms one-file scan), and this one needs none of them."""

    __slots__ = ("display", "source", "record", "cleaned", "error", "meta", "text", "cache_key", "cached",
                 "record_json")

    def __init__(self, display: str, source: Source | None, record: dict | None = None,
                 cleaned: str | None = None, error: str | None = None, meta: dict | None = None,
                 text: str | None = None, cached: bool = False):
        self.display = display
        self.source = source
        self.record = record
        self.cleaned = cleaned
        self.error = error
        self.meta = meta
        self.text = text  # the document's text, when the caller asked for it (the html report)
        self.cache_key: str | None = None  # set when the record was computed and may be stored
        self.cached = cached  # the record came from the scan cache
        # With the ``serialise`` option the worker writes the record as JSON and ``record`` is its
        # digest (report.digest): the main process, which shares the cores with the workers, only
        # copies text.
        self.record_json: str | None = None


_PIPELINE: Pipeline | None = None
_OPTIONS: dict = {}
_CACHE = None  # this process's read connection to the scan cache


def _init(config: Config, options: dict) -> None:
    global _PIPELINE, _OPTIONS, _CACHE
    _PIPELINE = Pipeline(config)
    _OPTIONS = options
    _CACHE = None
    if options.get("cache_path"):
        from cleancn.cache import ScanCache

        _CACHE = ScanCache(options["cache_path"], readonly=True)


def _run_doc(doc: Document, display: str, source, meta=None) -> Outcome:
    result = _PIPELINE.run(doc)
    cleaned = result.cleaned if _OPTIONS.get("want_cleaned") else None
    text = doc.text if _OPTIONS.get("want_text") else None
    if _OPTIONS.get("serialise"):
        record_json, digest = document_json(result)
        outcome = Outcome(display, source, digest, cleaned, None, meta, text)
        outcome.record_json = record_json
        return outcome
    return Outcome(display, source, document_record(result), cleaned, None, meta, text)


def _work(item) -> Outcome:
    outcome = _outcome(item)
    if _OPTIONS.get("serialise") and outcome.record is not None and outcome.record_json is None:
        import json

        from cleancn.report import digest

        outcome.record_json = json.dumps(outcome.record, ensure_ascii=False)
        outcome.record = digest(outcome.record)
    return outcome


def _outcome(item) -> Outcome:
    kind = item[0]
    if kind == "file":
        source: Source = item[1]
        try:
            doc = read_document(source, _OPTIONS.get("encoding"), _PIPELINE.config.max_bytes)
        except InputError as exc:
            return Outcome(source.display, source, error=str(exc))
        if _CACHE is None:
            return _run_doc(doc, source.display, source)
        from cleancn.cache import document_key

        key = document_key(doc.text, doc.encoding, _OPTIONS["fingerprint"])
        stored = _CACHE.get(key)
        if stored is not None:
            from cleancn.cache import with_path

            body, digest = stored
            record_json = with_path(doc.path, body)
            if _OPTIONS.get("serialise"):  # a JSON format: the record is copied, never parsed
                outcome = Outcome(source.display, source, {"path": doc.path, **digest}, cached=True,
                                  text=doc.text if _OPTIONS.get("want_text") else None)
                outcome.record_json = record_json
                return outcome
            import json

            return Outcome(source.display, source, json.loads(record_json), cached=True,
                           text=doc.text if _OPTIONS.get("want_text") else None)
        outcome = _run_doc(doc, source.display, source)
        outcome.cache_key = key
        return outcome
    # ("text", display, text, meta)
    _, display, text, meta = item
    doc = Document(text=text, path=display, meta=meta or {})
    return _run_doc(doc, display, None, meta)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run(items: Iterable, config: Config, *, jobs: int = 1, encoding: str | None = None,
        want_cleaned: bool = False, want_text: bool = False, cache=None, serialise: bool = False
        ) -> Iterator[Outcome]:
    """Process ``("file", Source)`` and ``("text", display, text, meta)`` items in order.

    ``cache`` (a ScanCache opened by the caller) is read by every worker and written here only.
    ``serialise``: records come back as JSON text plus a digest (``Outcome.record_json``)."""
    options = {"encoding": encoding, "want_cleaned": want_cleaned, "want_text": want_text, "serialise": serialise}
    if cache is not None:
        from cleancn.cache import settings_fingerprint
        from cleancn.rules import rule_roots, rules_hash

        options["cache_path"] = str(cache.path)
        options["fingerprint"] = settings_fingerprint(config, rules_hash(rule_roots(config.rules_dirs)))
    for outcome in _schedule(items, config, jobs, options):
        if cache is not None and outcome.cache_key and outcome.record and "errors" not in outcome.record:
            if outcome.record_json is None:  # a full record (a format that renders it)
                import json

                from cleancn.report import digest

                cache.put(outcome.cache_key, json.dumps(outcome.record, ensure_ascii=False), digest(outcome.record))
            else:
                cache.put(outcome.cache_key, outcome.record_json, outcome.record)
        yield outcome


def _schedule(items: Iterable, config: Config, jobs: int, options: dict) -> Iterator[Outcome]:
    items = iter(items)
    head = list(islice(items, 2))
    items = chain(head, items)
    if len(head) < 2:
        jobs = 1  # one document: starting workers would cost more than the work (cold start)
    if jobs <= 1:
        _init(config, options)
        for item in items:
            yield _work(item)
        return
    yield from _pooled(items, config, jobs, options)


def _pooled(items: Iterator, config: Config, jobs: int, options: dict) -> Iterator[Outcome]:
    """Batches of items over ``jobs`` worker processes, in input order.

    A worker that dies (killed, out of memory, a crash in C code) breaks the pool; multiprocessing.Pool
    would wait for its result forever. Here the batch at the head of the queue is run again one item
    at a time, each in a worker of its own, so that only an item that kills its worker again is lost
    (reported as that item's error: with two workers, the batch that broke the pool may have been the
    other one); the batches after it go to a new pool."""
    import multiprocessing as mp
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn" if os.name == "nt" else "fork")

    def start(workers: int = jobs):
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(config, options))

    def submit(pool, batch) -> Future:
        """The batch's future; a pool that broke while tasks were still being queued (a worker that
        failed to start) raises from submit itself: that comes back as a failed future, handled below."""
        try:
            return pool.submit(_work_batch, batch)
        except BrokenProcessPool as exc:
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def alone(item) -> Outcome:
        one = start(1)
        try:
            return one.submit(_work, item).result()
        except BrokenProcessPool:
            return _crashed(item)
        finally:
            one.shutdown(wait=True)

    # A bounded window of tasks in flight: input order is kept and memory stays flat whatever the
    # corpus size (reading the whole input ahead would not). Each task is a batch of items: a task
    # costs the main process ~0.1 ms of queueing and pickling, which shares the cores.
    window = jobs * 4
    batches = _batches(items, BATCH_ITEMS)
    pool = start()
    try:
        pending = deque((batch, submit(pool, batch)) for batch in islice(batches, window))
        while pending:
            batch, future = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                _check_init(config, options)  # a worker that cannot start would break every pool
                outcomes = [alone(item) for item in batch]
                pool = start()
                pending = deque((b, submit(pool, b)) for b, _ in pending)
            for batch in islice(batches, 1):
                pending.append((batch, submit(pool, batch)))
            yield from outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _check_init(config: Config, options: dict) -> None:
    """A worker's set-up, run here so that an error in it is raised with its message, not taken for
    a crash of every item."""
    Pipeline(config)
    if options.get("cache_path"):
        from cleancn.cache import ScanCache

        ScanCache(options["cache_path"], readonly=True).db.close()


def _crashed(item) -> Outcome:
    display = item[1].display if item[0] == "file" else item[1]
    message = "the worker process died while processing it (killed, or out of memory); skipped"
    if item[0] == "file":
        return Outcome(display, item[1], error=message)
    return Outcome(display, None, error=message, meta=item[3])


BATCH_ITEMS = 8


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _work_batch(batch: list) -> list[Outcome]:
    return [_work(item) for item in batch]
