"""What one compiled pass over a document's original text says (cleancn.prescreen).

Several screens read the original text before anything else: whether the normalised view has pinyin
annotations or invisible characters to drop and t2s phrases to look for, and most mojibake checks' own
screens. Their anchors (``text.view_anchors``, ``mojibake.anchors``) are compiled into one
database, scanned once per document; ``present`` tells a consumer whether its anchor occurred. Unknown
(no Hyperscan, too little text yet in this process, CLEANCN_PRESCREEN=0) means present: every screen
then runs as it did without this module.
"""
from __future__ import annotations

from cleancn.model import Document
from cleancn.prescreen import Prescreen


def _anchors() -> dict[str, list[str]]:
    # Imported here: the detectors import the text views, and these are asked for once a process.
    from cleancn.detectors.mojibake import anchors
    from cleancn.text import view_anchors

    return {**view_anchors(), **anchors()}


_TEXT = Prescreen("text", _anchors)


def document_facts(doc: Document) -> set[str] | None:
    """The anchors found in the document's text, or None when not known."""
    return doc.view("facts", lambda d: _TEXT.could_fire(d.text))


def present(doc: Document, name: str) -> bool:
    """Could ``name``'s screen pass on this document (its anchor occurs, or nothing is known)?"""
    facts = document_facts(doc)
    return facts is None or name in facts
