"""Settings shared by every environment.

This module is production-safe on its own: DEBUG is off and secrets only come from
the environment. ``dev``, ``test`` and ``production`` adjust it.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # The portal's own apps, shared building blocks first (see README, "Layout").
    "core",
    "access",
    "easyread",
    "translations",
    "home",
    "kennisbank",
    "werkgroepen",
    "search",
    "sso",
    "personaldata",
    "twofactor",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",  # one translation flow: wagtail-localize (no simple_translation)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    # The second factor (twofactor): django-otp's devices, passkeys through WebAuthn.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    # First: a database that cannot be reached gives the friendly 503 page.
    "core.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 Not Modified for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second step; then
    # coordinators, editors and leads are sent there before spaces and the admin.
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.SecondStepMiddleware",
    # Whole pages for anonymous visitors, and every page's Cache-Control (core/cache.py).
    "core.cache.AnonymousPageCacheMiddleware",
    # A member's groups, read once per request (access/privacy.py).
    "access.middleware.ReadGroupsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: django-axes must see the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL selects the database; the default is SQLite in the repository root.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at the same time; without it concurrent
    # searches that log a query fail with "database is locked" (see FACTS.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )
# Persistent connections, SQLite included: closing a connection to SQLite after every
# request (Django's default) makes the last one to close checkpoint and remove the WAL
# file, and the next request open the file and run the PRAGMAs again. That cost more
# than rendering a member's page (docs/performance.md).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}

# What is kept, keyed by what, and when it goes: docs/operations.md, "Caching".
# Whole pages for anonymous visitors, kept in the cache above (core/cache.py).
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)
# How long a front-end cache may reuse a public page without asking again (browsers
# always ask, and get a 304 when nothing changed).
PORTAL_PAGE_MAX_AGE = env.int("PORTAL_PAGE_MAX_AGE", default=60)
# A front-end cache (Varnish, nginx with a purge module, …) in front of the portal:
# Wagtail sends it an HTTP PURGE for a page's URLs when the page is published or
# unpublished (wagtail.contrib.frontend_cache).
# Installed only then: without a front-end cache every publish would queue a purge.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# --- Mail -----------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Netwerkportaal <portaal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication -------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Throttles failed logins on the site and the admin alike.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, except for organisations that sign in only through their
    # own provider; then the sessions the sso app starts (docs/operations.md).
    "sso.backends.PasswordBackend",
    "sso.backends.SsoBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
# Lock a username from one address: attackers cannot lock a colleague out from
# elsewhere, and an unknown username is locked like a known one (no oracle).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Number of reverse proxies in front of the app that set or append to X-Forwarded-For.
# The visitor's address is read by access.security.client_ip (django-ipware, which the
# AXES_IPWARE_* settings would need, is not installed: without this, every visitor
# behind nginx would share nginx's address).
PORTAL_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "access.security.client_ip"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# A URL name: resolved in the active language, so /fr/… pages send to /fr/accounts/login/.
WAGTAIL_FRONTEND_LOGIN_URL = "login"
# Single sign-on (OpenID Connect, the ``sso`` app): a JSON list of providers, or one
# provider from the OIDC_* variables. docs/operations.md, "Single sign-on".
OIDC_PROVIDERS = env.json("OIDC_PROVIDERS", default=[])
# ``manage.py sso_sync`` closes provider-linked accounts without a sign-in for this long.
OIDC_INACTIVE_DAYS = env.int("OIDC_INACTIVE_DAYS", default=180)
if not OIDC_PROVIDERS and env("OIDC_ISSUER", default=""):
    OIDC_PROVIDERS = [
        {
            "issuer": env("OIDC_ISSUER"),
            "client_id": env("OIDC_CLIENT_ID", default=""),
            "client_secret": env("OIDC_CLIENT_SECRET", default=""),
            "private_key_file": env("OIDC_PRIVATE_KEY_FILE", default=""),
            "scopes": env("OIDC_SCOPES", default="openid email profile"),
            "label": env("OIDC_LABEL", default=""),
        }
    ]
# The second step after the login (twofactor): coordinators, editors and leads use an
# authenticator app or a passkey before they reach a space, a private document or the
# admin. On in production; off here so the demo accounts keep working.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "Netwerkportaal"
# Passkeys (django-otp-webauthn) belong to one host name (the relying party) and work
# only on the origins listed, over HTTPS (http://localhost excepted). Production takes
# both from ALLOWED_HOSTS unless they are set. Passkeys are a second step only: the
# login stays the password's.
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = "Netwerkportaal"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", default=["http://localhost:8000"]
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Demo accounts share one known password; production refuses to create them.
PORTAL_ALLOW_DEMO_ACCOUNTS = env.bool("PORTAL_ALLOW_DEMO_ACCOUNTS", default=True)

# --- Languages ------------------------------------------------------------------
# The one place where the content languages are configured. The first is the source
# language every translation starts from.
PORTAL_LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "fr": "Français",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
    "de": "Deutsch",
    "es": "Español",
    "ro": "Română",
    "bg": "Български",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
    "ru": "Русский",
}
PORTAL_LANGUAGES = env.list("PORTAL_LANGUAGES", default=["nl", "fr", "en", "ar", "tr", "pl", "uk"])
LANGUAGE_CODE = PORTAL_LANGUAGES[0]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (code, PORTAL_LANGUAGE_NAMES.get(code, code)) for code in PORTAL_LANGUAGES
]
# The admin interface is offered in the languages Wagtail itself is translated into
# and our editors use; Dutch is the default.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Documents never live under MEDIA_ROOT: the web server must not be able to hand
# them out. They are only served through Wagtail's permission-checking view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Derived data the portal can rebuild (the search's Dutch word list); may be empty or
# read-only, then it is computed in each process.
PORTAL_CACHE_DIR = env.path("PORTAL_CACHE_DIR", default=BASE_DIR / ".cache")
# Production serves MEDIA_ROOT from the web server or object storage.
PORTAL_SERVE_MEDIA = env.bool("PORTAL_SERVE_MEDIA", default=False)
# Backups (core.backup): the passphrase that encrypts `manage.py backup` archives (at
# least 32 characters; required in production), and the one before it, which `restore`
# tries too after a key change. Read as is: django-environ would take a passphrase that
# starts with "$" for the name of another variable.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
BACKUP_KEY_PREVIOUS = os.environ.get("BACKUP_KEY_PREVIOUS", "")
# PDF.js, to read documents in the browser (werkgroepen.previews): the browser build of
# the npm package pinned in package.json, served by the portal itself under
# /static/pdfjs/ (only its two files: werkgroepen.staticfinders). `npm ci --omit=dev
# --omit=optional` (make front-deps) must run before collectstatic; without it the
# reader offers the download only and `manage.py check` warns (werkgroepen.W002).
PDFJS_BUILD_DIR = BASE_DIR / "node_modules" / "pdfjs-dist" / "legacy" / "build"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "werkgroepen.staticfinders.PdfjsFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Netwerkportaal"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "portal.PortalDocument"
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = env.list(
    "PORTAL_DOCUMENT_EXTENSIONS",
    default=["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "jpg", "png"],
)
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("PORTAL_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_HITS_MAX_AGE = 30
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Search ---------------------------------------------------------------------
# SEARCH_BACKEND=database (default) or elasticsearch (with ELASTICSEARCH_URL).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env(
                "ELASTICSEARCH_BACKEND", default="wagtail.search.backends.elasticsearch9"
            ),
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX", default="netwerkportaal"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": "dutch"}}}}
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"

# --- Background tasks -----------------------------------------------------------
# Immediate by default; production runs a database-backed worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Machine translation (wagtail-localize) -------------------------------------
# MACHINE_TRANSLATOR: "deepl" (DEEPL_API_KEY), "libretranslate" (LIBRETRANSLATE_URL,
# LIBRETRANSLATE_API_KEY) or "dummy". Unset means none: the admin then says so.
MACHINE_TRANSLATOR = env("MACHINE_TRANSLATOR", default="")


def machine_translator_settings(name):
    """wagtail-localize's WAGTAILLOCALIZE_MACHINE_TRANSLATOR for ``name``, or None.

    None when the translator is unknown or its key/address is missing: the admin then
    explains what is missing (``translations.status.machine_translator_status``)
    instead of offering a button that fails.
    """
    name = (name or "").strip().lower()
    translators = "wagtail_localize.machine_translators"
    if name == "deepl" and env("DEEPL_API_KEY", default=""):
        return {
            "CLASS": f"{translators}.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": env("DEEPL_API_KEY"), "TIMEOUT": 30},
        }
    if name == "libretranslate" and env("LIBRETRANSLATE_URL", default=""):
        return {
            "CLASS": f"{translators}.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL").rstrip("/"),
                "API_KEY": env("LIBRETRANSLATE_API_KEY", default=""),
                "TIMEOUT": 30,
            },
        }
    if name == "dummy":
        return {"CLASS": f"{translators}.dummy.DummyTranslator"}
    return None


WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_settings(MACHINE_TRANSLATOR)
# A new translation starts as a draft; wagtail-localize's default publishes it at once
# (still in Dutch) when the source is live. Translations are published after review.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Security (tightened further in production.py) ------------------------------
# Content Security Policy: no inline scripts or styles on the public site. The Wagtail
# admin is excluded because it relies on inline styles; it is only for staff.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache and written through to the database: a logged-in
# request needs no session query, and a cache that is emptied loses no one's login.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# portal/security.py: oversized bodies and NUL characters are refused before anything
# reads the request (right after SecurityMiddleware, before CSRF reads the form); admin
# views that need more checks than Wagtail makes are guarded after authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "access.security.RequestGuardMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "access.security.AdminGuardMiddleware",
)
# Checks in front of wagtail-localize's own views; after the messages middleware, so
# the messages it adds once a view has run are kept.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "translations.middleware.TranslationGuardMiddleware",
)
# The largest request body accepted (all files of one upload together); the web server
# in front should use the same limit (nginx: client_max_body_size). One file is limited
# by WAGTAILDOCS_MAX_UPLOAD_SIZE; files above 2 MB are spooled to disk, not memory.
PORTAL_MAX_REQUEST_BYTES = env.int("PORTAL_MAX_REQUEST_BYTES", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 50
# Off by default: downloads of documents stream from the app. Set a prefix (e.g.
# "/_private/") to let nginx send the file after Wagtail's permission check, from an
# `internal` location aliased to PRIVATE_MEDIA_ROOT (README, "Security").
PORTAL_X_ACCEL_REDIRECT_PREFIX = env("PORTAL_X_ACCEL_REDIRECT_PREFIX", default="")
if PORTAL_X_ACCEL_REDIRECT_PREFIX:
    SENDFILE_BACKEND = "access.sendfile_nginx"

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Invitation links carry a token in their path: the loggers that write request
    # paths replace it before any handler sees the record.
    "filters": {"hide_tokens": {"()": "werkgroepen.log_filters.HideInvitationTokens"}},
    "loggers": {
        "django.request": {"filters": ["hide_tokens"]},
        "django.server": {"filters": ["hide_tokens"]},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- App settings ---------------------------------------------------------------
# kennisbank

# werkgroepen
# Documents removed in a space stay restorable this long (purge_document_trash).
WERKGROEPEN_TRASH_DAYS = env.int("WERKGROEPEN_TRASH_DAYS", default=30)
# The access log (werkgroepen.accesslog) keeps its entries this long (prune_access_log).
PORTAL_ACCESS_LOG_DAYS = env.int("PORTAL_ACCESS_LOG_DAYS", default=365)
# How long a space keeps what (manage.py retentie); a space may set its own
# (werkgroepen.SpacePrivacy). "trash" is the document trash (WERKGROEPEN_TRASH_DAYS).
PORTAL_RETENTION_DAYS = {
    "input": env.int("PORTAL_RETENTION_INPUT_DAYS", default=3 * 365),
    "comments": env.int("PORTAL_RETENTION_COMMENTS_DAYS", default=2 * 365),
    "poll_answers": env.int("PORTAL_RETENTION_POLL_ANSWERS_DAYS", default=365),
    "trash": WERKGROEPEN_TRASH_DAYS,
}
# What happens to the documents a person uploaded when their data is erased: "keep"
# (they stay in the space, without the name) or "remove". A space's lead may choose.
PORTAL_ERASURE_UPLOADS = env("PORTAL_ERASURE_UPLOADS", default="keep")
WERKGROEPEN_MAX_FILES_PER_UPLOAD = 20
# A photo or voice note a participant sends through an invitation link.
WERKGROEPEN_INVITATION_MAX_FILE_SIZE = env.int(
    "WERKGROEPEN_INVITATION_MAX_FILE_SIZE", default=10 * 1024 * 1024
)
# Text extraction for search (search/extraction.py): characters kept per document.
PORTAL_EXTRACTED_TEXT_MAX_CHARS = env.int("PORTAL_EXTRACTED_TEXT_MAX_CHARS", default=500_000)
# Admin forms: documents checked on their content and versioned when replaced; images
# never in a private collection (see werkgroepen/admin_forms.py, image_privacy.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "werkgroepen.admin_forms.PortalDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "werkgroepen.image_privacy.PortalImageForm"
# Responses with private content outside private pages (document downloads, personal
# panels) are marked private, no-store (werkgroepen/middleware.py). Placed just before
# django-axes, which must stay last.
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "werkgroepen.middleware.PrivateResponseMiddleware",
)

# search
# Results per page; how often (seconds) a process writes its search counts for the
# editors' report (search.querylog); characters of a page or document indexed.
PORTAL_SEARCH_PAGE_SIZE = 10
PORTAL_SEARCH_LOG_FLUSH_SECONDS = env.int("PORTAL_SEARCH_LOG_FLUSH_SECONDS", default=30)
PORTAL_SEARCH_INDEX_MAX_CHARS = 100_000
# A password reset link works once, for a day; a visitor or an address may ask this
# many times an hour (access.accounts).
PASSWORD_RESET_TIMEOUT = 24 * 3600
PORTAL_PASSWORD_RESETS_PER_HOUR = env.int("PORTAL_PASSWORD_RESETS_PER_HOUR", default=5)
# Read-aloud recordings made with espeak-ng and lame for phones without a voice
# (easyread.recordings); made in the background after each publish.
PORTAL_READ_ALOUD_RECORDINGS = env.bool("PORTAL_READ_ALOUD_RECORDINGS", default=True)
# Office documents converted to PDF with LibreOffice's soffice, in the background, so
# members can read them in the browser (werkgroepen.previews); seconds per conversion.
PORTAL_DOCUMENT_PREVIEWS = env.bool("PORTAL_DOCUMENT_PREVIEWS", default=True)
PORTAL_PREVIEW_TIMEOUT = env.int("PORTAL_PREVIEW_TIMEOUT", default=120)
# How long the word list that spelling correction chooses from is kept (search.spelling):
# new words are offered at most this many seconds after they are published.
PORTAL_SPELLING_WORDS_SECONDS = env.int("PORTAL_SPELLING_WORDS_SECONDS", default=600)

PORTAL_DEMO_PASSWORD = "portaal-demo"  # noqa: S105 -- public by design, refused in production
