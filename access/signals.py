"""Keep restricted pages restricted, in every language.

Two rules, enforced here for every page type:

1. A page's ``audience`` field (the editor's "wie mag dit lezen?") becomes a page view
   restriction (groups Partner and Netwerkcoördinator) on the page. A translation
   always takes the audience of its source (the page in the default locale).
2. A translation carries exactly the view restrictions of its source: whatever is set
   on the Dutch page — through the audience field or the admin's privacy dialog — is
   copied onto every translation, whenever the source's restrictions change, when a
   translation is created, and after wagtail-localize synchronises one (which copies
   only the first restriction). Privacy is edited on the source; a change made on a
   translation alone is undone. So a translation is never more public than its source.

``translations.wagtail_hooks`` also checks the source's restrictions when a translation is
served, in case a restriction row was changed behind these signals' back.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction

from access.models import AudienceMixin
from access.roles import COORDINATOR, PARTNER

_mirroring = ContextVar("portal_mirroring_restrictions", default=False)


@contextmanager
def _quietly():
    """Changes made while mirroring do not trigger another mirror."""
    token = _mirroring.set(True)
    try:
        yield
    finally:
        _mirroring.reset(token)


def _audience_groups():
    return [Group.objects.get_or_create(name=name)[0] for name in (PARTNER, COORDINATOR)]


def _signature(restriction):
    groups = tuple(sorted(restriction.groups.values_list("pk", flat=True)))
    return (restriction.restriction_type, restriction.password or "", groups)


def source_of(page):
    """The page in the default locale this page translates (or the page itself)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    source = Page.objects.filter(translation_key=page.translation_key, locale=default).first()
    return source.specific if source else page


def mirror_view_restrictions(source):
    """Give every translation of ``source`` exactly the view restrictions of ``source``.

    When the source is gone (deleted), its translations keep what they have: losing
    the source must not make them public.
    """
    translations = list(
        Page.objects.filter(translation_key=source.translation_key).exclude(pk=source.pk)
    )
    if not translations or not Page.objects.filter(pk=source.pk).exists():
        return
    wanted = {}
    for restriction in PageViewRestriction.objects.filter(page=source):
        wanted[_signature(restriction)] = restriction
    with _quietly():
        for translation in translations:
            have = {}
            for restriction in PageViewRestriction.objects.filter(page=translation):
                signature = _signature(restriction)
                if signature in wanted and signature not in have:
                    have[signature] = restriction
                else:
                    restriction.delete()
            for signature, original in wanted.items():
                if signature in have:
                    continue
                copy = PageViewRestriction.objects.create(
                    page=translation,
                    restriction_type=original.restriction_type,
                    password=original.password,
                )
                copy.groups.set(signature[2])


def apply_audience(page):
    """Create or remove the partner-only restriction of the source of ``page``, then
    copy the source's restrictions onto its translations."""
    source = source_of(page)
    partners = getattr(source, "audience", None) == AudienceMixin.Audience.PARTNERS
    restrictions = list(PageViewRestriction.objects.filter(page=source))
    if partners or restrictions:  # a public page without restrictions: nothing to do
        groups = _audience_groups()
        signature = (PageViewRestriction.GROUPS, "", tuple(sorted(g.pk for g in groups)))
        ours = [restriction for restriction in restrictions if _signature(restriction) == signature]
        with _quietly():
            if partners and not ours:
                restriction = PageViewRestriction.objects.create(
                    page=source, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.set(groups)
            elif not partners:
                for restriction in ours:
                    restriction.delete()
    mirror_view_restrictions(source)


# {page id: the state shared by the audience work queued for that page and not run yet}
_pending_audience = ContextVar("portal_pending_audience", default=None)


def _pending():
    pending = _pending_audience.get()
    if pending is None:
        pending = {}
        _pending_audience.set(pending)
    return pending


class _AudienceWork:
    """``apply_audience`` for one page after the transaction commits, with the page
    read again from the database then: the restriction follows what was committed, so
    a save rolled back does not count, nor does a draft's choice until it is published
    (a draft save carries the draft's fields on the saved object only).

    Creating, revising and publishing a page are three saves in one transaction. Each
    queues this work (``_queue_audience``) with the state kept for that page among the
    pending ones, so the work is done once per page per transaction: the first
    callback to run does it and takes the page off the pending list; the others find
    their shared state done. As the work reads the committed page, it does not matter
    which callback that is. A transaction rolled back drops its callbacks, never their
    effect: the state it leaves pending is simply shared by the next save's callback.
    """

    def __init__(self, pk, state):
        self.pk = pk
        self.state = state

    def __call__(self):
        pending = _pending()
        if pending.get(self.pk) is self.state:
            del pending[self.pk]
        if self.state["done"]:
            return
        self.state["done"] = True
        page = Page.objects.filter(pk=self.pk).first()
        if page is not None:
            apply_audience(page.specific)


def _queue_audience(page):
    state = _pending().setdefault(page.pk, {"done": False})
    transaction.on_commit(_AudienceWork(page.pk, state), robust=False)


@receiver(post_save)
def sync_audience_restriction(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if isinstance(instance, AudienceMixin):
        _queue_audience(instance)
    elif created and instance.locale_id != Locale.get_default().pk:
        # A translation of a page type without an audience field still follows its
        # source's restrictions.
        transaction.on_commit(lambda: mirror_view_restrictions(source_of(instance)), robust=False)
    if created and getattr(type(instance), "editorial_root", False):
        # A new editorial section (or its translation) needs the editors' permissions.
        from access.roles import ensure_roles

        transaction.on_commit(ensure_roles, robust=False)


def _restriction_changed(restriction):
    if _mirroring.get():
        return
    page = Page.objects.filter(pk=restriction.page_id).first()
    if page is None:
        return
    transaction.on_commit(lambda: mirror_view_restrictions(source_of(page)), robust=False)


@receiver(post_save, sender=PageViewRestriction)
def restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _restriction_changed(instance)


@receiver(post_delete, sender=PageViewRestriction)
def restriction_deleted(sender, instance, **kwargs):
    _restriction_changed(instance)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(sender, instance, action, reverse=False, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        _restriction_changed(instance)
