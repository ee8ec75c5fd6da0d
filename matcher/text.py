"""One Unicode form for every text that comes in: NFC.

"é" can arrive as one code point (NFC, what most keyboards send) or as "e" plus a
combining accent (NFD, what macOS file names and some phones send). Both look the same,
but compare, sort, search and fit length limits differently, so an email typed one way
would not find an account stored the other way. Forms (matcher/forms.py) and the JSON
Lines importers normalize here, once, before anything checks or stores the text.
"""

import unicodedata


def nfc(value: str) -> str:
    """Return the text in Unicode normalization form C (composed)."""
    return unicodedata.normalize("NFC", value)


def nfc_json(value):
    """Return a parsed JSON value with every string in it (keys too) in form C."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_json(item) for item in value]
    if isinstance(value, dict):
        return {nfc_json(key): nfc_json(item) for key, item in value.items()}
    return value
