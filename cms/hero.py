"""The hero image that several page types share: an image, its alt text and a caption."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class HeroImageMixin(models.Model):
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the page and when the page is shared on social media.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text=(
            "Describe the image for people who cannot see it. Required unless the image "
            "already has a description in the image library."
        ),
    )
    hero_caption = models.CharField(max_length=250, blank=True)

    hero_panels = [
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt"), FieldPanel("hero_caption")],
            heading="Hero image",
        )
    ]

    class Meta:
        abstract = True

    @property
    def hero_alt(self):
        if not self.hero_image:
            return ""
        return self.hero_image_alt or self.hero_image.description

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt:
            raise ValidationError(
                {
                    "hero_image_alt": (
                        "Add alt text describing the hero image, so screen-reader users know what it shows."
                    )
                }
            )
