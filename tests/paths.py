"""Where the tests find the project's files, wherever a test module sits below `tests/`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DATA = ROOT / "tests" / "data"
TEST_OUTPUT = ROOT / "test-output"
# The development data sits beside the project, in the shared folder.
NEWS_DEV = ROOT.parent / "shared" / "devdata" / "news-dev"
