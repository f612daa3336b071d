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


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Keep the scan cache and character-model cache of test runs out of the user's ~/.cache."""
    path = tmp_path_factory.mktemp("cleancn-cache")
    old = os.environ.get("CLEANCN_CACHE_DIR")
    os.environ["CLEANCN_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("CLEANCN_CACHE_DIR", None)
    else:
        os.environ["CLEANCN_CACHE_DIR"] = old
