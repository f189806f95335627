"""Workshop batch grading: read a class's drafts, grade them in parallel, write the class report."""

from requestlint.grading.grade import ClassResult, StudentResult, grade
from requestlint.grading.inputs import CsvColumns, Submission, read_inputs
from requestlint.grading.rubric import Rubric, load_rubric
from requestlint.grading.workshop import grade_class

__all__ = [
    "ClassResult",
    "CsvColumns",
    "Rubric",
    "StudentResult",
    "Submission",
    "grade",
    "grade_class",
    "load_rubric",
    "read_inputs",
]
