"""Pages past their review date: the editors' report and the owners' reminders."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import mail_language_of

from .models import KennisbankPage


def due_pages(today=None):
    """Methods and practices whose review date has come, oldest date first."""
    today = today or timezone.localdate()
    return (
        KennisbankPage.objects.filter(review_date__lte=today)
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
            "Deze pagina in de kennisbank is aan een controle toe:",
            "Deze %(count)s pagina's in de kennisbank zijn aan een controle toe:",
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
            "Kijk na of alles nog klopt (contactpersoon, bereik, tips) en zet een nieuwe "
            "datum bij 'nakijken tegen'. Klopt het niet meer? Laat het de redactie weten."
        ),
        "",
        _("Het netwerkportaal"),
    ]
    return "\n".join(lines)


def send_reminders(*, today=None, every_days=7, dry_run=False):
    """Mail each owner once about all their due pages; not again within
    ``every_days`` days for the same page. Returns (mails sent, pages without owner
    or e-mail address)."""
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
                "Nakijken: %(count)s pagina in de kennisbank",
                "Nakijken: %(count)s pagina's in de kennisbank",
                len(pages),
            ) % {"count": len(pages)}
            text = reminder_text(owner, pages)
        if not dry_run:
            send_mail(subject, text, None, [owner.email])
            KennisbankPage.objects.filter(pk__in=[p.pk for p in pages]).update(
                review_reminder_sent=today
            )
        sent += 1
    return sent, by_owner, orphans
