"""The registry of pitfalls and other categories, read once from ``rules/_pitfalls.yml``.

Pitfall ids are public (reports, selectors, rubrics, grades.csv), so they live in one data file: the engine takes
the kinds each category applies to from it, reports and grading list the pitfalls in its order with its labels,
and the LanguageTool API takes its anchors and issue types from it. Adding a pitfall touches this file and its
rules, no module.
"""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from requestlint.bundled import bundled_rules_dir
from requestlint.models import DraftKind
from requestlint.yamlfile import cached_model_file

REGISTRY_FILE = "_pitfalls.yml"

IssueType = Literal["uncategorized", "register", "style", "grammar", "misspelling", "typographical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """A category findings are reported under: a pitfall of the guide, or an extra category beside them."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    label: str = Field(description="Short name for people (charts, report chips)")
    summary: str = Field(description="What it means, one sentence")
    drafts: list[DraftKind] = Field(min_length=1, description="Kinds its rules run on unless a rule names its own")
    missing_at: Literal["start", "end"] = Field(description="Where a spanless finding is shown (LanguageTool API)")
    issue_type: IssueType = Field(description="LanguageTool issueType of a finding over text")


class Pitfall(Category):
    corrected: str = Field(description="The corrected form (in the guide's words where it gives one)")


class Registry(_Strict):
    pitfalls: list[Pitfall] = Field(min_length=1)
    categories: list[Category]

    @model_validator(mode="after")
    def _unique(self) -> Registry:
        ids = [c.id for c in self.all]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate ids {duplicates}")
        return self

    @property
    def all(self) -> list[Category]:
        return [*self.pitfalls, *self.categories]

    def get(self, category_id: str) -> Category:
        return next(c for c in self.all if c.id == category_id)


@functools.cache
def registry() -> Registry:
    """The registry file, validated (from the user cache after the first start, as the rules: ``usercache``)."""
    return cached_model_file("pitfalls", bundled_rules_dir() / REGISTRY_FILE, Registry)


PITFALLS: tuple[str, ...] = tuple(p.id for p in registry().pitfalls)
"""The public pitfall ids, in the registry's order."""

CATEGORIES: tuple[str, ...] = tuple(c.id for c in registry().all)
"""Every category a rule may declare: the pitfalls, then the extra categories."""


def drafts_of(category_id: str) -> tuple[DraftKind, ...]:
    return tuple(registry().get(category_id).drafts)


def label(category_id: str) -> str:
    return registry().get(category_id).label
