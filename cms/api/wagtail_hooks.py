from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms.api import preview
from cms.api.rich_text import LoaderDocumentLinkHandler, LoaderImageEmbedHandler, LoaderPageLinkHandler


@hooks.register("register_rich_text_features", order=100)
def batch_rich_text_lookups(features):
    """Runs after Wagtail's own registrations (order 0), so these replace them."""
    features.register_link_type(LoaderPageLinkHandler)
    features.register_link_type(LoaderDocumentLinkHandler)
    features.register_embed_type(LoaderImageEmbedHandler)


class PreviewInAppMenuItem(PageMenuItem):
    """ "Preview in app" in the page header's actions: a link and QR code for the app."""

    label = "Preview in app"
    icon_name = "mobile-alt"
    url_name = "mip_app_preview"
    priority = 5

    def is_shown(self, user):
        return preview.can_preview(user, self.page)


@hooks.register("register_page_header_buttons")
def preview_in_app_button(page, user, view_name, next_url=None):
    if page.id is not None and not page.is_root():
        yield PreviewInAppMenuItem(page=page)


@hooks.register("register_admin_urls")
def preview_in_app_urls():
    return [path("app-preview/<int:page_id>/", preview.PreviewLinkView.as_view(), name="mip_app_preview")]
