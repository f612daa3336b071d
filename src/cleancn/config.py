"""One frozen configuration. Files: ``cleancn.toml`` or ``[tool.cleancn]`` in ``pyproject.toml``,
the closest to the working directory wins; command-line flags override file values."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from cleancn.codes import BY_CODE, codes_matching

SCRIPTS = ("keep", "hans", "hant")


class ConfigError(ValueError):
    """A configuration file or value is wrong; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_under: float = 80.0
    fail_on: tuple[str, ...] = ()
    # Verdict bands: score >= clean_at is "clean", >= dirty_below is "suspect", else "dirty".
    clean_at: float = 90.0
    dirty_below: float = 60.0
    weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    script: str = "keep"
    rules_dirs: tuple[str, ...] = ()
    # Pinyin annotations are removed only when a document has at least this many (else flagged).
    pinyin_min_annotations: int = 3
    max_bytes: int = 256 * 1024 * 1024
    source: str | None = None  # the file this config came from, for messages

    def __post_init__(self):
        if self.script not in SCRIPTS:
            raise ConfigError(f"script must be one of {', '.join(SCRIPTS)}, not {self.script!r}")
        unknown = [c for c in self.weights if c not in BY_CODE]
        if unknown:
            raise ConfigError(f"{self.source or 'config'}: weights: unknown code(s) {', '.join(unknown)}")
        if not self.dirty_below <= self.clean_at:
            raise ConfigError("dirty_below must not exceed clean_at")

    def replace(self, **changes) -> "Config":
        if "weights" in changes and not isinstance(changes["weights"], MappingProxyType):
            changes["weights"] = MappingProxyType(dict(changes["weights"]))
        for key in ("select", "ignore", "fail_on", "rules_dirs"):
            if key in changes and isinstance(changes[key], str):
                changes[key] = tuple(x for x in changes[key].split(",") if x)
            elif key in changes:
                changes[key] = tuple(changes[key])
        return dataclasses.replace(self, **changes)

    @cached_property  # asked for every finding; a frozen config never changes its answer
    def enabled_codes(self) -> frozenset[str]:
        return frozenset(codes_matching(self.select) - codes_matching(self.ignore))

    def weight(self, code: str) -> float:
        return self.weights.get(code, BY_CODE[code].weight)


_FIELDS = {f.name for f in dataclasses.fields(Config)} - {"source"}
_KEY_ALIASES = {"fail-under": "fail_under", "fail-on": "fail_on", "clean-at": "clean_at",
                "dirty-below": "dirty_below", "rules-dirs": "rules_dirs",
                "pinyin-min-annotations": "pinyin_min_annotations", "max-bytes": "max_bytes"}


def find_config_file(start: Path) -> Path | None:
    """The closest ``cleancn.toml``, or ``pyproject.toml`` with a ``[tool.cleancn]`` table."""
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / "cleancn.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                raw = pyproject.read_text(encoding="utf-8")
            except OSError:
                continue
            if "cleancn" not in raw:
                continue  # no [tool.cleancn] table: not worth importing and running a TOML parser
            try:
                data = _read_toml(pyproject)
            except (ValueError, OSError):  # TOMLDecodeError is a ValueError
                continue
            if "cleancn" in data.get("tool", {}):
                return pyproject
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Load the config file ``path`` (or the closest one to ``start``); defaults when there is none."""
    path = path or find_config_file(start or Path.cwd())
    if path is None:
        return Config()
    try:
        data = _read_toml(Path(path))
    except ValueError as exc:  # TOMLDecodeError
        raise ConfigError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    table: dict[str, Any] = data.get("tool", {}).get("cleancn", {}) if path.name == "pyproject.toml" else data
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _KEY_ALIASES.get(raw_key, raw_key)
        if key not in _FIELDS:
            raise ConfigError(f"{path}: unknown key {raw_key!r}")
        values[key] = value
    if "rules_dirs" in values:  # relative to the file that names them
        values["rules_dirs"] = [str((Path(path).parent / d).resolve()) for d in values["rules_dirs"]]
    try:
        return Config(source=str(path)).replace(**values)
    except (TypeError, ConfigError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _read_toml(path: Path) -> dict:
    """The parsed file, memoised in the user cache: importing and running tomllib costs ~9 ms, a tenth
    of a one-file scan, and in CI the pyproject.toml is the same run after run."""
    from cleancn.diskcache import derived

    return derived("toml", path, lambda: _tomllib().loads(path.read_text(encoding="utf-8")))


def _tomllib():
    try:  # Python 3.11+
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - 3.10
        import tomli as tomllib
    return tomllib
