"""Fixtures for the security tests. ``hidden_content`` is the one fixture behind every
"content never leaks" test; the API's tests can build the same with
``tests.security.hidden_pages.make_hidden_content(site_tree)``."""

import pytest

from tests.security.hidden_pages import make_hidden_content


@pytest.fixture
def hidden_content(site_tree):
    """Every kind of hidden news item and Legal Eye article, hidden authors, and visible
    pages that refer to them (see tests/security/hidden_pages.py)."""
    return make_hidden_content(site_tree)
