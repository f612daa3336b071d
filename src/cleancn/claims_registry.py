"""The claim registry (``rules/claims/*.yaml``), modelled on schema.org ClaimReview, and its validator.

Errors name the file, the key and, where YAML gives one, the line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cleancn.rules import RulesError, yaml_files

VERDICTS = ("false", "unverified", "misleading", "true", "outdated")
REQUIRED = ("id", "claim_reviewed", "verdict", "rating_explanation", "entities", "predicate", "as_of", "review_by")


@dataclass(frozen=True)
class Entity:
    name: str
    adcode: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ClaimEntry:
    id: str
    claim_reviewed: str
    verdict: str
    rating_explanation: str
    entities: tuple[Entity, ...]
    predicate: tuple[str, ...]
    exceptions: tuple[str, ...]
    evidence: tuple[dict, ...]
    as_of: dt.date
    review_by: dt.date
    should_flag: tuple[str, ...]
    should_not_flag: tuple[str, ...]
    source: str
    # For a change that happened (verdict "true"): the years a correct record may give (its approval,
    # its announcement). A sentence that dates the change to another year is misdated.
    years: tuple[int, ...] = ()

    def is_stale(self, today: dt.date | None = None) -> bool:
        return (today or dt.date.today()) > self.review_by


def _line_of(path: Path, key: str) -> str:
    """The line where ``key`` first appears, for messages."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(f"{key}:"):
                return f"{path}:{n}"
    except OSError:
        pass
    return str(path)


def _date(value, path, key) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RulesError(f"{_line_of(path, key)}: {key} must be a date (YYYY-MM-DD), not {value!r}") from None


def _strings(value, path, key) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
        raise RulesError(f"{_line_of(path, key)}: {key} must be a list of non-empty strings")
    return tuple(value)


def parse_entry(data, path: Path) -> ClaimEntry:
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a claim entry must be a mapping")
    for key in REQUIRED:
        if key not in data or data[key] in (None, "", []):
            raise RulesError(f"{path}: missing required key {key!r}")
    unknown = set(data) - set(REQUIRED) - {"exceptions", "evidence", "tests", "years"}
    if unknown:
        raise RulesError(f"{_line_of(path, sorted(unknown)[0])}: unknown key {sorted(unknown)[0]!r}")
    if data["verdict"] not in VERDICTS:
        raise RulesError(f"{_line_of(path, 'verdict')}: verdict must be one of {', '.join(VERDICTS)}")
    entities = []
    if not isinstance(data["entities"], list) or len(data["entities"]) < 2:
        raise RulesError(f"{_line_of(path, 'entities')}: entities must list at least two places")
    for i, e in enumerate(data["entities"]):
        if not isinstance(e, dict) or not e.get("name") or not e.get("aliases"):
            raise RulesError(f"{_line_of(path, 'entities')}: entities[{i}] needs name and aliases")
        code = e.get("adcode")
        if code is not None and not (isinstance(code, str) and code.isdigit() and len(code) in (6, 12)):
            raise RulesError(f"{_line_of(path, 'adcode')}: entities[{i}].adcode must be a 6-digit GB/T 2260 code string")
        entities.append(Entity(e["name"], code, _strings(e["aliases"], path, "aliases")))
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(x, dict) and x.get("publisher") for x in evidence):
        raise RulesError(f"{_line_of(path, 'evidence')}: evidence must be a list of mappings with a publisher")
    tests = data.get("tests") or {}
    years = data.get("years") or []
    if not isinstance(years, list) or not all(isinstance(y, int) and 1900 <= y <= 2100 for y in years):
        raise RulesError(f"{_line_of(path, 'years')}: years must be a list of years (2019, not '2019年')")
    if years and data["verdict"] != "true":
        raise RulesError(f"{_line_of(path, 'years')}: years date a change that happened: verdict must be 'true'")
    return ClaimEntry(
        id=str(data["id"]), claim_reviewed=str(data["claim_reviewed"]), verdict=data["verdict"],
        rating_explanation=" ".join(str(data["rating_explanation"]).split()), entities=tuple(entities),
        predicate=_strings(data["predicate"], path, "predicate"),
        exceptions=_strings(data.get("exceptions"), path, "exceptions"),
        evidence=tuple({k: (str(v) if isinstance(v, dt.date) else v) for k, v in x.items()} for x in evidence),
        as_of=_date(data["as_of"], path, "as_of"), review_by=_date(data["review_by"], path, "review_by"),
        should_flag=_strings(tests.get("should_flag"), path, "should_flag"),
        should_not_flag=_strings(tests.get("should_not_flag"), path, "should_not_flag"),
        source=str(path), years=tuple(years),
    )


def load_registry(roots: tuple[Path, ...]) -> list[ClaimEntry]:
    from cleancn.rules import load_yaml

    entries: list[ClaimEntry] = []
    seen: dict[str, str] = {}
    for path in yaml_files("claims", roots):
        data = load_yaml(path)
        for item in data if isinstance(data, list) else [data]:
            entry = parse_entry(item, path)
            if entry.id in seen:
                raise RulesError(f"{path}: duplicate claim id {entry.id!r} (also in {seen[entry.id]})")
            seen[entry.id] = str(path)
            entries.append(entry)
    return entries


__all__ = ["ClaimEntry", "Entity", "load_registry", "parse_entry", "VERDICTS"]
