"""The languages the LanguageTool-compatible API accepts: English variants, named as LanguageTool names them."""

from __future__ import annotations

from requestlint.server import languagetool_models as lt
from requestlint.server.errors import LanguageToolRequestError

# What a LanguageTool server with only the English module answers (checked against LanguageTool 6.8).
LANGUAGES: tuple[lt.Language, ...] = tuple(
    lt.Language(name=name, code="en", longCode=long_code)
    for name, long_code in (
        ("English", "en"),
        ("English (US)", "en-US"),
        ("English (GB)", "en-GB"),
        ("English (Australian)", "en-AU"),
        ("English (Canadian)", "en-CA"),
        ("English (New Zealand)", "en-NZ"),
        ("English (South African)", "en-ZA"),
    )
)
AUTO_LANGUAGE = "en-US"  # what language=auto resolves to: requestlint reads English only


def resolve_language(code: str | None) -> lt.Language:
    """The English variant a ``language`` parameter names (``en-US``, ``en_us``, ``en``, ``auto``)."""
    if code is None or not code.strip():
        raise LanguageToolRequestError("Missing 'language' parameter, e.g. 'language=en-US' or 'language=auto'")
    wanted = code.strip().replace("_", "-").lower()
    if wanted == "auto":
        wanted = AUTO_LANGUAGE.lower()
    for language in LANGUAGES:
        if language.longCode.lower() == wanted:
            return language
    supported = ", ".join(language.longCode for language in LANGUAGES)
    raise LanguageToolRequestError(
        f"'{code}' is not a language code requestlint checks. Supported language codes are: auto, {supported}"
    )
