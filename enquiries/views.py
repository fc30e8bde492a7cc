"""The editors' submissions listing and export: Wagtail's own view, with spreadsheet formulas
in members' answers made harmless."""

from wagtail.contrib.forms.views import SubmissionsListView

# A cell that starts with one of these is read as a formula by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def harmless_in_csv(value):
    """Members type what they like; "=HYPERLINK(…)" must stay text when an editor opens the
    export (OWASP's advice: a leading apostrophe). The XLSX export stores cells as text already."""
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class EnquirySubmissionsListView(SubmissionsListView):
    custom_value_preprocess = {
        **SubmissionsListView.custom_value_preprocess,
        str: {SubmissionsListView.FORMAT_CSV: harmless_in_csv},
    }
