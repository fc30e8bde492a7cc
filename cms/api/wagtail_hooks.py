from wagtail import hooks

from cms.api.rich_text import LoaderDocumentLinkHandler, LoaderImageEmbedHandler, LoaderPageLinkHandler


@hooks.register("register_rich_text_features", order=100)
def batch_rich_text_lookups(features):
    """Runs after Wagtail's own registrations (order 0), so these replace them."""
    features.register_link_type(LoaderPageLinkHandler)
    features.register_link_type(LoaderDocumentLinkHandler)
    features.register_embed_type(LoaderImageEmbedHandler)
