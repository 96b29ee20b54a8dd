"""The web layer's catalog: compiled from its .po sources, every word in English and Swedish."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from commentguard import LOCALES
from commentguard.web import words

WEB = Path(__file__).parents[2] / "src" / "commentguard" / "web"


def _catalog(language: str):  # type: ignore[no-untyped-def]  # babel ships no types
    with (WEB / "locale" / language / "LC_MESSAGES" / "commentguard_web.po").open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", LOCALES)
def test_committed_mo_is_what_babel_compiles(language: str) -> None:
    """Recompiling each web .po with Babel gives byte for byte the committed .mo (scripts/catalogs)."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language), use_fuzzy=True)
    committed = (WEB / "locale" / language / "LC_MESSAGES" / "commentguard_web.mo").read_bytes()
    assert compiled.getvalue() == committed, f"run scripts/catalogs to rebuild {language}"


def test_every_web_word_is_in_both_catalogs_and_translated_to_swedish() -> None:
    """Each W_() id under web/ is in the en and sv web catalogs, with a Swedish text."""
    marked = {m for _, _, m, *_ in extract_from_dir(str(WEB), keywords={"W_": None}) if isinstance(m, str)}
    assert words.ACTION_NAMES["approve"] in marked
    english, swedish = _catalog("en"), _catalog("sv")
    for message in marked:
        assert english.get(message) is not None, f"missing from en: {message!r}"
        entry = swedish.get(message)
        assert entry is not None, f"missing from sv: {message!r}"
        assert entry.string, f"not translated to sv: {message!r}"


def test_the_approve_button_reads_godkann_in_swedish() -> None:
    """The moderation page's approve button says "Godkänn" in Swedish and "Approve" in English."""
    assert words.text(words.ACTION_NAMES["approve"], "sv") == "Godkänn"
    assert words.text(words.ACTION_NAMES["approve"], "en_GB") == "Approve"


@pytest.mark.parametrize("locale", ["de", "", None, 5])
def test_an_unknown_language_is_refused(locale: object) -> None:
    """A language without a catalog is a ValueError, never silent English."""
    with pytest.raises(ValueError, match="unsupported locale"):
        words.text(words.REPLY, locale)  # type: ignore[arg-type]
