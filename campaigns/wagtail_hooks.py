from wagtail import hooks

from campaigns.models import CampaignPage, CampaignStatus


@hooks.register("home_page_campaign")
def newest_active_campaign(public_pages):
    """The home page's campaign (``HomePage.active_campaign``): the newest live, public
    campaign that is still active."""
    campaigns = public_pages.visible(CampaignPage.objects.all())
    return (
        campaigns.filter(status=CampaignStatus.ACTIVE)
        .select_related("hero_image")
        .order_by("-first_published_at", "-pk")
        .first()
    )
