"""Request and response bodies of the JSON API (the report itself is ``requestlint.models.Report``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from requestlint.models import DraftKind, GrammarStatus

TEXT_PATTERN = r"^[^\x00]*$"
"""Drafts are text: requestlint refuses one with NUL bytes as binary."""


class CheckRequest(BaseModel):
    """One draft to check, with the same choices as ``requestlint check``."""

    model_config = ConfigDict(extra="forbid")

    draft: str = Field(
        description="The email: plain text with optional Subject:/To: headers, or a raw .eml",
        json_schema_extra={"pattern": TEXT_PATTERN},  # described, not enforced here: requestlint says "binary"
    )
    kind: DraftKind | None = Field(default=None, description="Treat the draft as this kind instead of recognising it")
    select: list[str] = Field(default_factory=list, description="Run only these (code, name, group or pitfall)")
    ignore: list[str] = Field(default_factory=list, description="Skip these (code, name, group or pitfall)")

    @field_validator("draft")
    @classmethod
    def _draft_is_text(cls, value: str) -> str:
        # JSON may carry lone UTF-16 surrogates ("\ud800"); they are not text, and spaCy fails on them.
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError("contains a lone UTF-16 surrogate, which is not text")
        return value


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    grammar: GrammarStatus = Field(description="LanguageTool state: configured, or as the last check found it")


class ErrorBody(BaseModel):
    """A JSON error (413, 503, 500); 422 uses FastAPI's validation-error shape."""

    detail: str
