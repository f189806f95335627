"""The fields of LanguageTool's ``POST /v2/check``, read the way LanguageTool's own server reads them.

LanguageTool reads its parameters from a form-encoded body whatever the ``Content-Type`` says (ltex-ls sends
``application/json`` over a form body, valentjn/ltex-ls#276) and from the query string (older clients put
them there); so does this reader. Multipart bodies are read as forms too. An empty field is a value: an
empty ``text`` is a text with nothing to report.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from requestlint.server.languages import LANGUAGES
from requestlint.server.models import TEXT_PATTERN

# Form values are strings or absent, never null: describe them so. A draft with NUL bytes is refused as binary.
FormText = Annotated[str | None, WithJsonSchema({"type": "string"})]
DraftText = Annotated[str | None, WithJsonSchema({"type": "string", "pattern": TEXT_PATTERN})]
LanguageCode = Annotated[
    str | None, WithJsonSchema({"type": "string", "enum": ["auto", *(entry.longCode for entry in LANGUAGES)]})
]


class CheckForm(BaseModel):
    """The form fields of LanguageTool's ``POST /v2/check``; unknown fields are ignored, as LanguageTool does."""

    # ``language`` and one of ``text``/``data`` are needed: the description says so, and the endpoint answers
    # LanguageTool's own error messages when they are missing.
    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={"required": ["language"], "anyOf": [{"required": ["text"]}, {"required": ["data"]}]},
    )

    text: DraftText = Field(default=None, description="The text to check")
    data: FormText = Field(
        default=None, description='Annotated text as JSON: {"annotation": [{"text": ...}, {"markup": ...}]}'
    )
    language: LanguageCode = Field(
        default=None, description="An English variant or 'auto' (case, and '_' for '-', do not matter)"
    )
    motherTongue: FormText = None
    preferredVariants: FormText = None
    enabledRules: FormText = Field(default=None, description="Comma-separated rule ids to show (hints included)")
    disabledRules: FormText = Field(default=None, description="Comma-separated rule ids to hide (e.g. TON03)")
    enabledCategories: FormText = Field(default=None, description="Comma-separated category ids to show")
    disabledCategories: FormText = Field(default=None, description="Comma-separated category ids to hide")
    enabledOnly: FormText = Field(default=None, description="'true': only the enabled rules and categories")
    level: FormText = Field(default=None, description="'picky' also shows requestlint's hints (info findings)")


FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": CheckForm.model_json_schema()}},
    }
}
"""The request body in the OpenAPI description (the endpoint reads the body itself, so FastAPI cannot tell)."""


async def read_form(request: Request) -> CheckForm:
    fields: dict[str, str] = dict(request.query_params)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        fields.update((key, value) for key, value in form.multi_items() if isinstance(value, str))
    else:
        body = (await request.body()).decode("utf-8", "replace")
        fields.update(parse_qsl(body, keep_blank_values=True, encoding="utf-8", errors="replace"))
    return CheckForm.model_validate(fields)
