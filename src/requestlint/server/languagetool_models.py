"""The JSON shapes of LanguageTool's HTTP API (v2) that the compatible endpoints answer with.

Field names are LanguageTool's own (camelCase). Verified against what language_tool_python reads: a match's
``rule.id``, ``rule.category.id``, ``rule.issueType``, ``context.text``/``offset``, ``replacements[].value``,
``offset``, ``length``, ``message``; and ``code``/``longCode`` of ``GET /v2/languages``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Language(BaseModel):
    """One entry of ``GET /v2/languages``."""

    name: str
    code: str
    longCode: str


class Replacement(BaseModel):
    value: str


class Context(BaseModel):
    text: str = Field(description="The match with up to 40 characters either side; '...' marks a cut")
    offset: int = Field(description="Where the match starts in the context text (UTF-16 code units)")
    length: int


class Category(BaseModel):
    id: str
    name: str


class Rule(BaseModel):
    id: str = Field(description="The requestlint code (TON03), or a LanguageTool rule id for its own matches")
    description: str
    issueType: str
    category: Category
    isPremium: bool = False


class MatchType(BaseModel):
    typeName: str


class Match(BaseModel):
    message: str
    shortMessage: str
    replacements: list[Replacement]
    offset: int = Field(description="UTF-16 code units into the text (or the annotated document)")
    length: int = Field(description="UTF-16 code units")
    context: Context
    sentence: str
    type: MatchType
    rule: Rule
    ignoreForIncompleteSentence: bool = False
    contextForSureMatch: int = 0


class Software(BaseModel):
    name: str
    version: str
    apiVersion: int = 1
    premium: bool = False
    status: str = ""


class Warnings(BaseModel):
    incompleteResults: bool = False


class DetectedLanguage(BaseModel):
    name: str
    code: str
    confidence: float


class CheckedLanguage(BaseModel):
    name: str
    code: str
    detectedLanguage: DetectedLanguage


class CheckResponse(BaseModel):
    """The answer of ``POST /v2/check``."""

    software: Software
    warnings: Warnings
    language: CheckedLanguage
    matches: list[Match]
