"""Load and validate the data in ``rules/`` (word lists, claim registry), plus a user's ``--rules DIR``.

Shipped data lives in the wheel as ``cleancn/rules``; in a source checkout it is the top-level ``rules/``.
A user directory with the same layout adds entries (word lists are merged, claim files are added).
Errors name the file and the line or key.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable


class RulesError(ValueError):
    """Rules data is malformed; the message names the file and the line or key."""


def _source_tree_dir(name: str) -> Path:
    return Path(__file__).resolve().parents[2] / name


def packaged_dir(name: str) -> Path:
    """The directory ``name`` shipped inside the package, or the source checkout's copy (editable installs)."""
    # Beside this module (importlib.resources would do the same and cost ~6 ms of imports at start-up).
    inside = Path(__file__).resolve().parent / name
    if inside.is_dir():
        return inside
    fallback = _source_tree_dir("docs/rules" if name == "rule_docs" else name)
    if fallback.is_dir():
        return fallback
    raise RulesError(f"cleancn is installed without its {name!r} data directory")


def rule_roots(extra: Iterable[str] = ()) -> tuple[Path, ...]:
    roots = [packaged_dir("rules")]
    for d in extra:
        p = Path(d)
        if not p.is_dir():
            raise RulesError(f"{d}: rules directory not found")
        roots.append(p)
    return tuple(roots)


def read_wordlist(path: Path) -> list[str]:
    """One entry per line; ``#`` starts a comment; blank lines ignored. Single characters are refused:
    they wreck ordinary words (性 in 性别, 奶 in 牛奶)."""
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        if len(entry) < 2:
            raise RulesError(f"{path}:{n}: single-character entry {entry!r} is not allowed")
        out.append(entry)
    return out


@lru_cache(maxsize=32)
def wordlists(kind: str, roots: tuple[Path, ...]) -> dict[str, tuple[str, ...]]:
    """Every ``<root>/<kind>/*.txt`` list, keyed by file stem, merged across roots."""
    merged: dict[str, list[str]] = {}
    for root in roots:
        folder = root / kind
        if not folder.is_dir():
            continue
        for f in sorted(folder.glob("*.txt")):
            merged.setdefault(f.stem, []).extend(read_wordlist(f))
    return {k: tuple(dict.fromkeys(v)) for k, v in merged.items()}


def load_yaml(path: Path):
    """The parsed file, memoised on disk until the file changes: importing PyYAML alone costs ~20 ms,
    a quarter of a one-file scan's start-up."""
    from cleancn.diskcache import derived

    return derived("yaml", path, lambda: _parse_yaml(path))


def _parse_yaml(path: Path):
    import yaml

    # libyaml's loader when PyYAML was built with it (its wheels are): several times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise RulesError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None


def yaml_files(kind: str, roots: tuple[Path, ...]) -> list[Path]:
    out = []
    for root in roots:
        folder = root / kind
        if folder.is_dir():
            out.extend(sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")))
    return out


def rules_hash(roots: tuple[Path, ...]) -> str:
    """A digest of every rules file, for cache keys."""
    from cleancn.diskcache import new_hash

    h = new_hash(digest_size=8)
    for root in roots:
        for f in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()
