"""Keep partner-only pages restricted, in every language.

A page's ``audience`` field is the editor's choice; this module turns it into a
page view restriction on the page and on all its translations. A translation
always takes the audience of its source (the page in the default locale), so it
can never be more public than the page it translates.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction

from .models.base import AudienceMixin
from .roles import COORDINATOR, PARTNER


def _audience_groups():
    return [Group.objects.get_or_create(name=name)[0] for name in (PARTNER, COORDINATOR)]


def _is_audience_restriction(restriction, group_ids):
    return restriction.restriction_type == PageViewRestriction.GROUPS and set(
        restriction.groups.values_list("pk", flat=True)
    ) == set(group_ids)


def source_of(page):
    """The page in the default locale this page translates (or the page itself)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    source = Page.objects.filter(translation_key=page.translation_key, locale=default).first()
    return source.specific if source else page


def apply_audience(page):
    """Create or remove the partner-only restriction of ``page`` and its translations."""
    source = source_of(page)
    audience = getattr(source, "audience", AudienceMixin.Audience.PUBLIC)
    groups = _audience_groups()
    group_ids = [g.pk for g in groups]
    for translation in Page.objects.filter(translation_key=page.translation_key):
        restrictions = list(PageViewRestriction.objects.filter(page=translation))
        ours = [r for r in restrictions if _is_audience_restriction(r, group_ids)]
        if audience == AudienceMixin.Audience.PARTNERS:
            if not ours:
                restriction = PageViewRestriction.objects.create(
                    page=translation, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.set(groups)
        else:
            for restriction in ours:
                restriction.delete()


@receiver(post_save)
def sync_audience_restriction(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AudienceMixin) or not isinstance(instance, Page):
        return
    transaction.on_commit(lambda: apply_audience(instance), robust=False)
