"""Topics are django-taggit tags shared by news, advice and campaigns. Each page type
has its own through model (a ClusterTaggableManager needs one), all on taggit's one
Tag table, so a topic means the same thing everywhere."""

from django.db.models import Q


def tag_filter(queryset, slugs):
    """Pages tagged with any of the topic ``slugs``."""
    slugs = [slug for slug in slugs if slug]
    if not slugs:
        return queryset
    return queryset.filter(Q(tags__slug__in=slugs)).distinct()


def tag_api_representation(tags):
    return [{"name": tag.name, "slug": tag.slug} for tag in tags]
