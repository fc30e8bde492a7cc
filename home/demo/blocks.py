"""Shorthand for writing demo bodies as data.

Each helper returns one ``BodyStreamBlock`` child in its raw (JSON) form. Pages, images and
documents are named by slug or key with the markers below; the builder swaps them for database
ids once they exist. In rich text, ``[[page:slug|link text]]`` becomes a page link and
``[[image:key]]`` an inline full-width image, with the image's description as its alt text.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class PageRef:
    slug: str


@dataclass(frozen=True)
class ImageRef:
    key: str


@dataclass(frozen=True)
class DocumentRef:
    key: str


@dataclass(frozen=True)
class DaysAgo:
    """A date relative to the day the command runs, so the demo always looks current.
    Negative days are in the future. With ``text_format`` it becomes text, e.g. in a table."""

    days: int
    text_format: str = ""


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


@dataclass(frozen=True)
class WeekdayAt:
    """A date and time (UK time) on a working day ``weeks`` weeks from the week the command
    runs in (negative: in the past), e.g. Tuesday next week at 10am: when an event starts or
    ends. Two of them in the same week keep their days apart whatever today is."""

    weeks: int
    weekday: int
    at: datetime.time


def page(slug):
    return PageRef(slug)


def image(key):
    return ImageRef(key)


def document(key):
    return DocumentRef(key)


def days_ago(days):
    return DaysAgo(days)


def weekday_at(weeks, day, hour, minute=0):
    """``weekday_at(2, "tuesday", 10)``: Tuesday the week after next, at 10am UK time."""
    return WeekdayAt(weeks, WEEKDAYS.index(day), datetime.time(hour, minute))


def date_text(days):
    """A date written out the way MiP's pages show it: "Wednesday 22 June 2022"."""
    return DaysAgo(days, "%A %-d %B %Y")


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def picture(key, caption="", credit="Illustration: MiP", alt_text=""):
    return {
        "type": "image",
        "value": {
            "image": ImageRef(key),
            "alt_text": alt_text,
            "decorative": False,
            "caption": caption,
            "credit": credit,
        },
    }


def quote(text, attribution, role=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution, "role": role}}


def call_to_action(heading_text, button_label, text="", page_slug=None, url=""):
    """A button to a page on the site (``page_slug``) or to a web address (``url``), never both."""
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading_text,
            "text": text,
            "button_label": button_label,
            "page": PageRef(page_slug) if page_slug else None,
            "link_url": url,
        },
    }


def downloads(items, heading_text="Downloads"):
    """``items``: (document key, title or "", description) triples."""
    return {
        "type": "documents",
        "value": {
            "heading": heading_text,
            "documents": [
                {"document": DocumentRef(key), "title": title, "description": description}
                for key, title, description in items
            ],
        },
    }


def accordion(items, heading_text=""):
    """``items``: (question, answer as rich text) pairs."""
    return {
        "type": "accordion",
        "value": {
            "heading": heading_text,
            "items": [{"question": question, "answer": answer} for question, answer in items],
        },
    }


def video(url, title, transcript_url=""):
    return {"type": "embed", "value": {"video": url, "title": title, "transcript_url": transcript_url}}


def table(rows, caption, header=True, first_col_is_header=False):
    header_choice = {(True, True): "both", (True, False): "row", (False, True): "col"}.get(
        (header, first_col_is_header), "neither"
    )
    return {
        "type": "table",
        "value": {
            "data": rows,
            "first_row_is_table_header": header,
            "first_col_is_header": first_col_is_header,
            "table_header_choice": header_choice,
            "table_caption": caption,
        },
    }


def legal_eye(heading_text, text, page_slug, link_label="Read our Legal Eye advice"):
    return {
        "type": "legal_eye",
        "value": {
            "heading": heading_text,
            "text": text,
            "page": PageRef(page_slug),
            "link_label": link_label,
        },
    }


def related(slugs, heading_text="Related content"):
    return {
        "type": "related_pages",
        "value": {"heading": heading_text, "pages": [PageRef(slug) for slug in slugs]},
    }
