"""Settings shared by every environment. Everything that differs between machines
comes from environment variables; the README lists them all in one table."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def url_origin(url):
    """``https://cdn.example`` for an absolute URL, None for a path such as ``/media/``."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "campaigns",
    "advice",
    "people",
    "events",
    "search",
    "home.demo",
    "cms.content",
    "enquiries",
    "cms.webhooks",
    "cms.api",
    # Before "wagtail": its rich text wrapper template sanitises every rich text the site renders.
    "cms.security",
    "cms.site",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    # Installed because wagtail-modeladmin's list filters use it; its URLs are not mounted.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # High, as django-cors-headers asks: answers API preflights and adds CORS headers to
    # every API response, cached ones included (cms/api/cors.py).
    "cms.api.cors.APICorsMiddleware",
    # Outside the response caches, so what they serve is compressed too (cms/site/compression.py).
    "cms.site.compression.CompressionMiddleware",
    "cms.security.headers.ContentSecurityPolicyMiddleware",
    # Outside the response cache, so cached responses get it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.security.nul_bytes.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and users: a cached page for an anonymous reader costs no query.
    "cms.site.page_cache.ResponseCacheMiddleware",
    # Before sessions, so an admin change and its session write commit together.
    "cms.admin_transactions.AtomicAdminChangesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py, so a new user needs nothing
# installed. Connections persist and are health-checked, so a PostgreSQL restart costs one
# failed check, not a failed request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# Connections persist on SQLite too: a new one reads and parses the whole schema again on its
# first query (about 2 ms a request here). Between requests a connection holds no lock
# (autocommit), so editors' writes are not held up by it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The site's queries are small and many; PostgreSQL's JIT compiler can spend a second
    # on one of them (seen on tables not yet analysed) and never pays that back here.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mip",
            "OPTIONS": {
                # A Redis outage slows the site down; it must not take it down.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mip",
            # Per process: enough for the pages readers read most, bounded in memory.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "1000"))},
        }
    }

# Background work (Django's task framework as Wagtail 8 uses it, via django-tasks).
# "default" runs at once, in the request: Wagtail's own tasks (the reference index that the
# content core's fan-out reads) must be current when the change is recorded. Our slow or
# outgoing work (renditions, webhook deliveries, emails) is enqueued on "background", kept in
# the database in the same transaction as the change, and run by the worker
# (`manage.py db_worker`, started by `make run`; a systemd unit in production, see README).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}

# Forms (enquiries/): what a member may send, how often, and how long it is kept.
# Submissions older than FORM_RETENTION_DAYS are deleted every night by the worker (and by
# `manage.py prune_form_submissions`). One address (see TRUSTED_PROXY_COUNT) may post at most
# FORM_RATE_LIMIT times in FORM_RATE_LIMIT_WINDOW_MINUTES; more get HTTP 429.
FORM_RETENTION_DAYS = int(os.environ.get("FORM_RETENTION_DAYS", "365"))
FORM_RATE_LIMIT = int(os.environ.get("FORM_RATE_LIMIT", "10"))
FORM_RATE_LIMIT_WINDOW_MINUTES = int(os.environ.get("FORM_RATE_LIMIT_WINDOW_MINUTES", "60"))
# Characters in one answer (a multi-line box), in all answers together, and bytes in a whole
# POST (anything larger is refused with 413 before it is read).
FORM_ANSWER_MAX_LENGTH = 5_000
FORM_SUBMISSION_MAX_LENGTH = 20_000
FORM_REQUEST_MAX_BYTES = 256 * 1024

# Legal Eye reviews: the dashboard panel and the weekly reminders list articles overdue and
# those due within this many days.
LEGAL_EYE_REVIEW_NOTICE_DAYS = int(os.environ.get("LEGAL_EYE_REVIEW_NOTICE_DAYS", "30"))
# Webhooks (cms.webhooks): endpoints on loopback, private, link-local or reserved addresses are
# refused when saved and again when each call is sent, so an editor can't aim the server at
# the internal network. Development and tests allow them (a receiver on 127.0.0.1).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
# Deliveries (the log in Settings -> Webhooks) older than this are deleted by
# `manage.py prune_webhook_deliveries`.
WEBHOOKS_DELIVERY_RETENTION_DAYS = 30

# Sign-in throttling (django-axes, database handler): after AXES_FAILURE_LIMIT failed
# sign-ins for one username from one IP address, that pair is refused for AXES_COOLOFF_TIME,
# even with the right password. A successful sign-in clears the count. Other users, and the
# same user from elsewhere, are unaffected. Unlock early with
# `manage.py axes_reset_username <name>` (or axes_reset for everyone).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The address of the browser, not of the proxy in front of gunicorn (see TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "cms.security.login_throttle.client_ip"
# Reverse proxies in front of gunicorn. Only with one or more are X-Forwarded-For (the
# throttles' client address) and X-Forwarded-Proto (HTTPS, in production.py) believed.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_LOCKOUT_CALLABLE = "cms.security.login_throttle.lockout_response"
# The Django admin is not mounted, so axes' admin pages would be unreachable.
AXES_ENABLE_ADMIN = False
# Page passwords (Wagtail's password view restrictions) are throttled the same way, per
# protected page and address (cms/security/page_passwords.py).
PAGE_PASSWORD_FAILURE_LIMIT = int(os.environ.get("PAGE_PASSWORD_FAILURE_LIMIT", "5"))
PAGE_PASSWORD_COOLOFF_MINUTES = int(os.environ.get("PAGE_PASSWORD_COOLOFF_MINUTES", "15"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor posts one field per block; long pages exceed Django's default.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Managers in Partnership"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Draftail, storing only what cms/security/rich_text_policy.py allows.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "cms.security.rich_text_editor.SanitisingDraftailRichTextArea"}
}

# The database backend uses PostgreSQL full-text search on PostgreSQL and SQLite's FTS5
# elsewhere, from the same code.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents always go through Wagtail's serve view, which applies collection privacy and
# sends "Content-Security-Policy: default-src 'none'" and nosniff; only PDFs open in the
# browser, everything else downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Besides total pixels (every frame of an animation counted): the longest side, and how
# much longer one side may be than the other (cms/security/image_uploads.py).
IMAGE_MAX_SIDE = 10_000
IMAGE_MAX_ASPECT_RATIO = 20
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.security.image_uploads.ImageUploadForm"
# Renditions are made by the background worker only, each in a child process that is
# killed (and the rendition left out, logged) after this many seconds (cms/site/renditions.py).
RENDITION_TIME_BUDGET_SECONDS = float(os.environ.get("RENDITION_TIME_BUDGET_SECONDS", "20"))
# No SVG: an SVG is a document that can carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Editors' avatars are not fetched from gravatar.com: no editor's email hash leaves the site,
# and the admin's Content-Security-Policy needs no third-party image host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILAPI_LIMIT_MAX = 100

# The public API is anonymous: no session or HTTP Basic credential may unlock a
# login-restricted page through it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
}

# CORS on the API (django-cors-headers, cms/api/cors.py): /api/v2/ only, read-only, to any
# origin unless API_CORS_ORIGINS lists the ones allowed (comma-separated, e.g.
# "https://app.miphealth.org.uk"); the preview endpoint only ever to the listed ones.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/v2/"
CORS_ALLOW_ALL_ORIGINS = not API_CORS_ORIGINS
CORS_ALLOWED_ORIGINS = API_CORS_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "cache-control", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "X-API-Cache"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400

# Compressed copies of responses that are the same for everyone, kept per process
# (cms/site/compression.py), in bytes.
COMPRESSION_CACHE_BYTES = int(os.environ.get("COMPRESSION_CACHE_BYTES", str(32 * 1024 * 1024)))

# Preview in app (cms/api/preview.py): how long a preview link works, in seconds, and the
# app's own preview address (a universal link or custom scheme that receives ?token=);
# without it the link is the API's /api/v2/preview/?token= itself.
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", "3600"))
PREVIEW_APP_URL = os.environ.get("PREVIEW_APP_URL", "")

# API caching (cms/api/caching.py): every API GET carries an ETag, Last-Modified and this
# Cache-Control; responses are also kept server-side (in Redis when REDIS_URL is set) until a
# change in the content feed affects what they show (cms/content/versions.py).
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "600"))
API_RESPONSE_CACHE = env_bool("API_RESPONSE_CACHE", True)
API_RESPONSE_CACHE_TIMEOUT = int(os.environ.get("API_RESPONSE_CACHE_TIMEOUT", "600"))
# How often each process rereads the content feed's head: the longest a change made by another
# process takes to reach this one's readers (one indexed query, at most twice a second).
CONTENT_VERSION_RECHECK_SECONDS = float(os.environ.get("CONTENT_VERSION_RECHECK_SECONDS", "0.5"))

# The reader site's page cache (cms/site/page_cache.py): anonymous readers' pages, dropped like API
# responses when a change affects what they show.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", "1000000"))
# Parts of public responses kept between responses (cms/content/fragments.py): a page's body,
# one page's API representation, the routing of a path. Dropped like responses when what they
# showed changes, so a response rendered again re-renders only what changed.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
FRAGMENT_CACHE_TIMEOUT = int(os.environ.get("FRAGMENT_CACHE_TIMEOUT", "3600"))

# Purging a CDN on publish (Wagtail's frontend cache): off unless one of these is set.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
# The purges come from cms/content/purge.py once a change has committed, for every page
# it affects. "wagtail.contrib.frontend_cache" is left out of INSTALLED_APPS on purpose: its
# only job there is to purge on publish from inside the publish transaction, which lets a
# reader's request put the old page back into the proxy before the change is visible (seen in
# `make bench BENCH_ARGS=--cluster`). Its backends and purge functions work without it.

# Content-Security-Policy (django-csp, with our middleware choosing the policy by path).
# The public site runs one small script of its own (js/table-scroll.js) and Wagtail's userbar
# for signed-in editors, both from our static files; never an inline or third-party script.
# Video embeds come from YouTube (no-cookie) and Vimeo.
EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
# Media or static files on another host (object storage, a CDN) are allowed where they load.
ASSET_ORIGINS = sorted({origin for origin in (url_origin(MEDIA_URL), url_origin(STATIC_URL)) if origin})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *ASSET_ORIGINS],
        "style-src": [SELF, *ASSET_ORIGINS],
        "img-src": [SELF, "data:", *ASSET_ORIGINS],
        "font-src": [SELF, *ASSET_ORIGINS],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The Wagtail admin (everything under /admin/, page previews included) still has inline
# scripts and style attributes, and checks releases.wagtail.org for security releases.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE, *ASSET_ORIGINS],
        "style-src": [SELF, UNSAFE_INLINE, *ASSET_ORIGINS],
        "img-src": [SELF, "data:", "blob:", *ASSET_ORIGINS],
        "font-src": [SELF, "data:", *ASSET_ORIGINS],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "worker-src": [SELF, "blob:"],
    }
}
ADMIN_URL_PREFIX = "/admin/"

# /.well-known/security.txt (RFC 9116, cms/security/security_txt.py): how to report a
# vulnerability, and until when that holds (ISO 8601; unset, one year from start-up).
SECURITY_TXT_CONTACT = env_list("SECURITY_TXT_CONTACT", "mailto:info@miphealth.org.uk")


def security_txt_expires(value):
    if not value:
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(days=365)
    try:
        expires = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            "SECURITY_TXT_EXPIRES must be a date and time in ISO 8601, e.g. 2027-06-30T00:00:00Z; "
            f"got {value!r}"
        ) from error
    return (expires if expires.tzinfo else expires.replace(tzinfo=datetime.UTC)).astimezone(datetime.UTC)


SECURITY_TXT_EXPIRES = security_txt_expires(os.environ.get("SECURITY_TXT_EXPIRES", ""))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail's background tasks and page actions log every step at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; failures and lock-outs are warnings.
        "axes": {"level": "WARNING"},
    },
}
