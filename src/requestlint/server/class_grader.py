"""Grading an uploaded class file in a child process, with the same code as ``requestlint grade``.

The child (``requestlint.isolated``, a fresh interpreter) loads the model once and grades one class at a
time; a class that takes longer than the timeout has its child killed (the next upload starts a new one), and
the server keeps answering meanwhile. A file that cannot be read comes back as the child's InputError. The answer
carries report.html, grades.csv and results.json, byte for byte what ``requestlint grade`` writes.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, Field

from requestlint.config import Settings
from requestlint.grading.grade import grade
from requestlint.grading.uploads import read_upload
from requestlint.grading.workshop import class_outputs
from requestlint.isolated import CheckDeadline, IsolatedChecker, Job
from requestlint.server.worker import CheckTimeout

CLASS_TIMEOUT = 600.0
"""Seconds a class may take to grade (a few hundred drafts take well under a minute on two cores)."""
MEDIA_TYPES = {
    "report.html": "text/html",
    "grades.csv": "text/csv",
    "results.json": "application/json",
}


class ClassTimeout(CheckTimeout):
    def __init__(self, timeout: float) -> None:
        Exception.__init__(self, f"the class took longer than {timeout:g} s to grade; split it into smaller files")


class ClassFile(BaseModel):
    name: str
    media_type: str
    text: str = Field(
        description="The file as `requestlint grade` writes it, decoded from UTF-8 (grades.csv keeps its BOM)"
    )


class GradedClass(BaseModel):
    students: int = Field(description="Submissions read, skipped files included")
    graded: int
    files: list[ClassFile]


def grade_upload(job: Job, settings: Settings) -> GradedClass:
    """In the child: read the upload (``job.draft``, named ``job.name``) in memory, grade it, render the outputs."""
    assert isinstance(job.draft, bytes)
    submissions = read_upload(job.name or "upload", job.draft)
    result = grade(submissions, settings=settings, jobs=1)
    files = [
        ClassFile(name=file, media_type=MEDIA_TYPES[file], text=content.decode("utf-8"))
        for file, content in class_outputs(result, submissions).items()
    ]
    return GradedClass(students=len(result.students), graded=len(result.graded), files=files)


class ClassGrader:
    """One child process for class uploads (started on the first one, the model loaded once); one class at a time."""

    def __init__(self, settings: Settings, timeout: float = CLASS_TIMEOUT) -> None:
        self.timeout = timeout
        self._child = IsolatedChecker(settings, grade_upload, GradedClass)
        self._lock: asyncio.Lock | None = None  # made on first use, inside the server's event loop

    async def grade(self, name: str, data: bytes) -> GradedClass:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(None, self._child.check, Job(data, name=name), self.timeout)
            except CheckDeadline:
                raise ClassTimeout(self.timeout) from None

    def stop(self) -> None:
        self._child.stop()
