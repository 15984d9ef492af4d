"""Pages past their review date: the editors' report and the owners' reminders.

Every page type with ``core.models.ReviewDateMixin`` takes part; the page types are
found in the app registry, so this module needs to know none of them.
"""

import datetime
import itertools

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core.mail import mail_language_of
from core.models import ReviewDateMixin


def review_models():
    """The models that declare the review fields: one table per model to read and
    update (``MethodPage`` and ``PracticePage`` share ``KennisbankPage``'s)."""
    declaring = {
        model._meta.get_field("review_date").model
        for model in apps.get_models()
        if issubclass(model, ReviewDateMixin) and issubclass(model, Page)
    }
    return sorted(declaring, key=lambda model: model._meta.label)


def _lookup_from_page(model):
    """The lookup from ``Page`` to ``model`` over the one-to-one links of multi-table
    inheritance, e.g. ``"kennisbankpage"``."""
    chain = [model, *model._meta.get_base_chain(Page)]
    links = [child._meta.parents[parent] for child, parent in itertools.pairwise(chain)]
    return "__".join(link.related_query_name() for link in reversed(links))


def _coalesce(field, lookups):
    """``field`` of whichever model the page is (Coalesce takes two or more)."""
    paths = [f"{lookup}__{field}" for lookup in lookups]
    return Coalesce(*paths) if len(paths) > 1 else F(paths[0])


def review_model_of(page):
    """The model that holds ``page``'s review fields."""
    return page.specific_class._meta.get_field("review_date").model


def due_pages(today=None):
    """Every page whose review date has come, as plain ``Page`` objects with the
    ``review_date`` and ``review_reminder_sent`` of their page type; oldest date first."""
    today = today or timezone.localdate()
    lookups = [_lookup_from_page(model) for model in review_models()]
    if not lookups:
        return Page.objects.none()
    due = Q()
    for lookup in lookups:
        due |= Q(**{f"{lookup}__review_date__lte": today})
    return (
        Page.objects.filter(due)
        .annotate(
            review_date=_coalesce("review_date", lookups),
            review_reminder_sent=_coalesce("review_reminder_sent", lookups),
        )
        .select_related("owner", "locale")
        .order_by("review_date", "path")
    )


def edit_url(page):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page.pk])


def reminder_text(owner, pages):
    name = owner.first_name or owner.get_username()
    lines = [
        _("Dag %(name)s,") % {"name": name},
        "",
        ngettext(
            "Deze pagina is aan een controle toe:",
            "Deze %(count)s pagina's zijn aan een controle toe:",
            len(pages),
        )
        % {"count": len(pages)},
        "",
    ]
    for page in pages:
        lines.append(f"- {page.title} ({page.review_date:%d-%m-%Y})")
        lines.append(f"  {edit_url(page)}")
    lines += [
        "",
        _(
            "Kijk na of alles nog klopt: bedragen, datums, adressen en contactpersonen. "
            "Zet daarna een nieuwe datum bij 'nakijken tegen'. Twijfel je of iets nog "
            "klopt? Laat het de redactie weten."
        ),
        "",
        _("Het netwerkportaal"),
    ]
    return "\n".join(lines)


def _mark_reminded(pages, today):
    by_model = {}
    for page in pages:
        by_model.setdefault(review_model_of(page), []).append(page.pk)
    for model, pks in by_model.items():
        model.objects.filter(pk__in=pks).update(review_reminder_sent=today)


def send_reminders(*, today=None, every_days=7, dry_run=False):
    """Mail each owner once about all their due pages; not again within
    ``every_days`` days for the same page. Returns (mails sent, {owner: pages},
    pages without an owner with an e-mail address)."""
    today = today or timezone.localdate()
    quiet_since = today - datetime.timedelta(days=every_days)
    by_owner, orphans = {}, []
    for page in due_pages(today):
        if page.review_reminder_sent and page.review_reminder_sent > quiet_since:
            continue
        if page.owner is None or not page.owner.email or not page.owner.is_active:
            orphans.append(page)
            continue
        by_owner.setdefault(page.owner, []).append(page)
    sent = 0
    languages = mail_language_of(list(by_owner))
    for owner, pages in by_owner.items():
        # In the owner's language for the portal's mails (their working-group settings).
        with translation.override(languages[owner.pk]):
            subject = ngettext(
                "Nakijken: %(count)s pagina",
                "Nakijken: %(count)s pagina's",
                len(pages),
            ) % {"count": len(pages)}
            text = reminder_text(owner, pages)
        if not dry_run:
            send_mail(subject, text, None, [owner.email])
            _mark_reminded(pages, today)
        sent += 1
    return sent, by_owner, orphans
