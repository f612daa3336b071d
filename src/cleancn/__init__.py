"""cleancn: clean Chinese web text and flag misinformation.

The library API mirrors the CLI: ``scan_text`` reports, ``clean_text`` applies the report.
"""

__version__ = "0.1.0"

from cleancn.model import Document, Finding, Severity  # noqa: E402
from cleancn.pipeline import Pipeline, Result  # noqa: E402


def scan_text(text: str, **config_overrides) -> "Result":
    """Run every selected detector over ``text`` and return the scored result."""
    from cleancn.config import Config

    return Pipeline(Config().replace(**config_overrides)).run(Document(text=text))


def clean_text(text: str, **config_overrides) -> str:
    """Return ``text`` with exactly the report's replacements applied."""
    return scan_text(text, **config_overrides).cleaned


__all__ = ["Document", "Finding", "Severity", "Pipeline", "Result", "scan_text", "clean_text", "__version__"]
