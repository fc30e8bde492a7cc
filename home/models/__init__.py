from .news import ArticleType, NewsIndexPage, NewsPage, NewsPageTag
from .pages import HomePage, HomePageFeaturedItem, StandardPage
from .site_settings import SiteSettings

__all__ = [
    "ArticleType",
    "HomePage",
    "HomePageFeaturedItem",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "SiteSettings",
    "StandardPage",
]
