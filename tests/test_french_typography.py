"""French reads as it should: typographic apostrophes, decimal commas, the right spaces."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "matcher/translations/fr_CA/LC_MESSAGES/messages.po"
# Placeholders, tags and URLs keep their ASCII; only the text around them is French.
PROTECTED = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}|<[^>]*>"
                       r"|https?://\S+|www\.\S+")
JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", re.S)
AVOID = ("jumelage", "mise en correspondance", "adresse électronique", "e-mail", "email",
         "mél.")  # Québec says « courriel »


def problems(text: str) -> list[str]:
    """Name what is wrong with a piece of French text."""
    text = PROTECTED.sub("X", text)
    found = []
    if "'" in text:
        found.append("straight apostrophe")
    if re.search(r"\d\.\d", text):
        found.append("decimal point")
    if re.search(r" [:;!?]", text):
        found.append("breaking space before : ; ! ?")
    found += [f"avoided term « {term} »" for term in AVOID if term in text.lower()]
    return found


def french_messages():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield from ((message.id, text) for text in strings)


def test_the_checks_catch_each_mistake():
    assert problems("l'emploi") == ["straight apostrophe"]
    assert problems("37.5 heures") == ["decimal point"]
    assert problems("Profil : 2") == ["breaking space before : ; ! ?"]
    assert problems("Activer le jumelage") == ["avoided term « jumelage »"]
    assert problems("Votre e-mail") == ["avoided term « e-mail »"]
    assert problems("Votre adresse email") == ["avoided term « email »"]
    assert problems("l’emploi, 37,5 heures, Profil\u00a0: %(num).1f <a href='x'>") == []


def test_french_catalogue_has_no_typography_mistakes():
    wrong = {msgid: problems(text) for msgid, text in french_messages() if problems(text)}
    assert wrong == {}


@pytest.mark.parametrize("path", sorted((ROOT / "templates").rglob("*.html")),
                         ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_template_text_outside_babel_has_no_straight_apostrophe(path):
    text = JINJA.sub("", path.read_text(encoding="utf-8"))
    assert "'" not in text and not re.search(r"\d\.\d", text)
