from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    verbose_name = _("Kennisbank")

    def ready(self):
        from django.db.models.signals import m2m_changed
        from wagtail.models import PageViewRestriction

        from portal.cache import bump_content_version

        # The index caches its unfiltered facet counts per set of groups under the
        # content version (kennisbank.listing.Listing.counts). Saving a restriction
        # bumps the version; changing only the groups it admits does not, so that
        # bumps it here.
        def groups_changed(action, **kwargs):
            if action in ("post_add", "post_remove", "post_clear"):
                bump_content_version()

        m2m_changed.connect(
            groups_changed,
            sender=PageViewRestriction.groups.through,
            dispatch_uid="kennisbank-restriction-groups",
            weak=False,
        )
