"""The instructor's rubric: how much each pitfall counts, the grade bands, which rules run."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from requestlint.config import Settings
from requestlint.errors import ConfigError
from requestlint.pitfalls import CATEGORIES
from requestlint.yamlfile import load_yaml


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    grade: str = Field(min_length=1, max_length=12)
    min: float = Field(ge=0, le=100, description="Lowest score that earns this grade")


DEFAULT_BANDS = [
    Band(grade="A", min=90),
    Band(grade="B", min=80),
    Band(grade="C", min=70),
    Band(grade="D", min=60),
    Band(grade="F", min=0),
]


class Rubric(BaseModel):
    """A rubric file (YAML). Every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(default="Informational-interview request", description="Shown on the class report")
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="Multiplier per pitfall or category applied to its findings' points (default 1; 0 = ungraded)",
    )
    bands: list[Band] = Field(default_factory=lambda: list(DEFAULT_BANDS), min_length=1)
    select: list[str] = Field(default_factory=list, description="Rules to run (codes, names, groups, pitfalls)")
    ignore: list[str] = Field(default_factory=list, description="Rules to leave out")
    extra_rule_dirs: list[Path] = Field(
        default_factory=list, description="Your own rule folders (relative to the file)"
    )
    kind: str | None = Field(default=None, description="Grade every draft as this kind (e.g. request)")

    @field_validator("weights")
    @classmethod
    def _known(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(weights) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown pitfall or category {unknown}; known: {list(CATEGORIES)}")
        if any(w < 0 for w in weights.values()):
            raise ValueError("weights must not be negative")
        return weights

    @model_validator(mode="after")
    def _bands_cover_zero(self) -> Rubric:
        if min(b.min for b in self.bands) != 0:
            raise ValueError("the lowest grade band must start at 0")
        return self

    def grade_for(self, score: float) -> str:
        return next(b.grade for b in sorted(self.bands, key=lambda b: -b.min) if score >= b.min)

    def weight(self, category: str) -> float:
        return self.weights.get(category, 1.0)

    def settings(self, base: Settings) -> Settings:
        from requestlint.models import DraftKind

        return base.merged(
            select=self.select,
            ignore=self.ignore,
            extra_rule_dirs=[*base.extra_rule_dirs, *self.extra_rule_dirs],
            kind=DraftKind(self.kind) if self.kind else None,
        )


def load_rubric(path: Path) -> Rubric:
    data, lines = load_yaml(path)
    if isinstance(data, dict) and isinstance(data.get("extra_rule_dirs"), list):
        data["extra_rule_dirs"] = [str((path.parent / str(d)).resolve()) for d in data["extra_rule_dirs"]]
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [part for part in error["loc"]]
        where = ".".join(str(part) for part in loc) or "file"
        message = f"unknown key {loc[-1]!r}" if error["type"] == "extra_forbidden" else f"{where}: {error['msg']}"
        raise ConfigError(f"rubric: {message}", path=path, line=lines.line_for(loc)) from None
