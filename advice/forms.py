"""The page editor's form for Legal Eye articles."""

from wagtail.admin.forms import WagtailAdminPageForm

from advice.publishing import EMPTY_BODY_MESSAGE, body_is_empty


class LegalEyeArticlePageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for moderation) an article with nothing in its body.

    Saving a draft stays allowed: Wagtail 8 lets drafts skip required fields so writers can
    save early and often, and a draft is never shown to readers or sent to the apps."""

    def clean(self):
        cleaned_data = super().clean()
        # Wagtail defers required-field checks only when saving a draft.
        if not self.is_deferred_validation and body_is_empty(cleaned_data.get("body")):
            self.add_error("body", EMPTY_BODY_MESSAGE)
        return cleaned_data
