from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from access import accounts
from core.views import PortalLoginView
from sso import urls as sso_urls
from twofactor import urls as twofactor_urls

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("easyread.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    *sso_urls.callback_urls(),
]

urlpatterns += i18n_patterns(
    path(
        "accounts/login/",
        PortalLoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    *accounts.urls(),
    *sso_urls.urls(),
    *twofactor_urls.urls(),
    path("", include("kennisbank.urls")),
    path("", include("werkgroepen.urls")),
    path("", include("search.urls")),
    path("", include("personaldata.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.PORTAL_SERVE_MEDIA:
    # Development and browser tests only: public media (images) from MEDIA_ROOT.
    # Documents are never here; they live in PRIVATE_MEDIA_ROOT.
    from django.views.static import serve

    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns = [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
        *urlpatterns,
    ]
