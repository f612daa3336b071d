"""The one table of detectors, in the order they run (order also breaks ties between overlapping edits).

A plain dict, not plugin machinery: add a detector here and its codes in ``cleancn/codes.py``.
"""
from __future__ import annotations

from cleancn.detectors.claims import ClaimDetector
from cleancn.detectors.duplicates import DuplicateDetector
from cleancn.detectors.mojibake import MojibakeDetector
from cleancn.detectors.spam import SpamDetector

DETECTORS = {
    "spam": SpamDetector,
    "mojibake": MojibakeDetector,
    "duplicate": DuplicateDetector,
    "claim": ClaimDetector,
}
