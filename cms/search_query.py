"""Cleaning a reader's or an app's search words before they reach the search backend or a
query: the one cleaner for every search input (the search page, the API's ``search``, the
officer finder and the API's employer search, enquiry routing by employer name)."""

import unicodedata

MAX_QUERY_LENGTH = 200
# Double quotes mean nothing in a plain-words search, and the SQLite full-text backend
# (modelsearch) passes them into its MATCH expression unescaped: one stray " was a 500.
DROPPED_CHARACTERS = {'"'}


def clean_query(raw):
    """Drop control and bidi-override characters and double quotes, and cap the length:
    hostile or pasted input is searched as plain words, never passed through as-is."""
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf"} or char in DROPPED_CHARACTERS else char
        for char in (raw or "")[:MAX_QUERY_LENGTH]
    )
    return " ".join(text.split())
