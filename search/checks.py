"""System checks for the search configuration."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def elasticsearch_needs_an_address(app_configs, **kwargs):
    if getattr(settings, "SEARCH_BACKEND", "database") == "elasticsearch" and not getattr(
        settings, "ELASTICSEARCH_URL", ""
    ):
        return [
            checks.Error(
                "SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.",
                hint="Set ELASTICSEARCH_URL (e.g. https://search.internal:9200) or use "
                "SEARCH_BACKEND=database.",
                id="search.E001",
            )
        ]
    if getattr(settings, "SEARCH_BACKEND", "database") not in ("database", "elasticsearch"):
        return [
            checks.Error(
                f"Unknown SEARCH_BACKEND {settings.SEARCH_BACKEND!r}.",
                hint="Use 'database' or 'elasticsearch'.",
                id="search.E002",
            )
        ]
    return []
