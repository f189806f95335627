"""A check whose module takes a minute to import in the child (a stuck start-up), for tests/test_isolated.py.

The child imports the check's module after reading its settings and before reading any job, so a large job
written meanwhile fills the pipe. Only the child is slowed: it runs ``requestlint/isolated.py`` as main.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from requestlint.config import Settings
from requestlint.isolated import Job
from requestlint.models import Report

if Path(sys.argv[0]).parts[-2:] == ("requestlint", "isolated.py"):
    time.sleep(60)


def never_reached(job: Job, settings: Settings) -> Report:
    raise AssertionError("the child never gets this far within the test's deadline")
