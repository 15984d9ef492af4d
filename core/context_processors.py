from django.conf import settings


def portal(request):
    """Values every template needs: the site name and the content languages."""
    return {
        "PORTAL_NAME": settings.WAGTAIL_SITE_NAME,
        "PORTAL_LANGUAGES": settings.LANGUAGES,
    }
