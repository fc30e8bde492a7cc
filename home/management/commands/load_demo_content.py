from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from advice.models import AdviceIndexPage
from campaigns.models import CampaignIndexPage
from home.models import HomePage, NewsIndexPage, StandardPage
from people.models import PeopleIndexPage


class Command(BaseCommand):
    help = "Build the MiP demo site. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            welcome = root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
            if welcome:
                welcome.slug = "wagtail-welcome"
                welcome.save_revision().publish()
            home = root.add_child(instance=HomePage(title="Managers in Partnership", slug="home"))
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"root_page": home, "hostname": "localhost", "site_name": "Managers in Partnership"},
            )
            if welcome:
                welcome.delete()
        sections = [
            (StandardPage, "About MiP", "about-mip"),
            (AdviceIndexPage, "Advice & Information", "advice-information"),
            (CampaignIndexPage, "Campaigns", "campaigns"),
            (NewsIndexPage, "News", "news"),
            (PeopleIndexPage, "Our people", "our-people"),
        ]
        for model, title, slug in sections:
            if not home.get_children().filter(slug=slug).exists():
                home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
