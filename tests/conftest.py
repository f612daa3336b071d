import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLEANCN_SHARED", REPO.parent / "shared"))


def shared_path(*parts) -> Path:
    """A path under ../shared, or skip the test cleanly: a user's clone has no shared/ beside it."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (tests on shared corpora run only with ../shared beside the repo)")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from cleancn.config import Config
    from cleancn.pipeline import Pipeline

    return Pipeline(Config())
