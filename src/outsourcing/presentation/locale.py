"""The languages reports are written in, and the locale each one formats numbers and dates in."""

from __future__ import annotations

from enum import StrEnum

from outsourcing.exceptions import InvalidValueError

__all__ = ["DEFAULT_LOCALES", "Language", "to_language"]


class Language(StrEnum):
    """A language reports are written in."""

    EN = "en"
    FR = "fr"


#: The locale used for money, numbers and dates when only a language is given. English reports
#: use British conventions (``€1,234.50``, ``31 January 2024``): the library's users contract in
#: euros and write dates day first.
DEFAULT_LOCALES: dict[Language, str] = {Language.EN: "en_GB", Language.FR: "fr_FR"}


def to_language(value: str | Language) -> Language:
    """Accept ``"en"``, ``"fr"`` (any case, or a locale such as ``fr_FR``) or a `Language`.

    Raises:
        InvalidValueError: If the language is not one reports are written in.
    """
    if isinstance(value, Language):
        return value
    code = value.strip().lower().replace("-", "_").partition("_")[0]
    try:
        return Language(code)
    except ValueError:
        known = ", ".join(language.value for language in Language)
        raise InvalidValueError("lang", value, f"must be one of {known}") from None
