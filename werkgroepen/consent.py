"""Consent: give, withdraw, read the current state, export and erase.

Every change is a new ``Consent`` row (append-only, see ``werkgroepen.models.consent``)
and an access-log entry. A person's consent is per space: a member's for each space
they are in, a participant's for the space of their invitation. Giving needs a
published text (the version agreed to is stored); withdrawing is always possible.

Withdrawing "citeren" takes the person's input off the public feedback page in the
same request: the page filters on the current consent (``quotable``), every saved
row changes the portal's content version (``core.cache``), so no kept page or
fragment is used again, and a front-end cache, where one is configured, is purged.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from werkgroepen import accesslog
from werkgroepen.models import Consent, ConsentText, FeedbackPage, WorkingGroupPage
from werkgroepen.models.consent import Purpose

PURPOSES = tuple(Purpose)


class ConsentError(Exception):
    """A request that cannot be recorded; ``str()`` is a Dutch sentence for the reader."""


def parse_purpose(value):
    if value not in Purpose.values:
        raise ConsentError(_("Deze toestemming bestaat niet. Kies er een uit de lijst."))
    return Purpose(value)


# --- texts --------------------------------------------------------------------------


def current_text(purpose):
    """The Dutch row of the newest published version of ``purpose``, or None."""
    return (
        ConsentText.objects.filter(purpose=purpose, locale=Locale.get_default(), is_published=True)
        .order_by("-version")
        .first()
    )


def readable(text):
    """``text`` in the reader's language where a translation exists."""
    if text is None:
        return None
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return text
    return text.get_translation_or_none(locale) or text


def current_texts():
    """{purpose: the current text in the reader's language (or None)}."""
    return {purpose: readable(current_text(purpose)) for purpose in PURPOSES}


# --- reading the state ----------------------------------------------------------------


def spaces_of(user):
    """The spaces (their Dutch pages) ``user`` is a member or lead of."""
    if not user.is_authenticated:
        return WorkingGroupPage.objects.none()
    groups = user.groups.values("pk")
    return (
        WorkingGroupPage.objects.live()
        .filter(locale=Locale.get_default())
        .filter(Q(member_group__in=groups) | Q(lead_group__in=groups))
        .order_by("title")
    )


def _state(rows):
    """{purpose: newest row or None} from ``rows`` (newest first)."""
    state = dict.fromkeys(PURPOSES)
    for row in rows:
        if state.get(row.purpose) is None:
            state[Purpose(row.purpose)] = row
    return state


def state_for(*, space=None, user=None, invitation=None):
    """The current consents of one person in one space: {purpose: newest row or None}."""
    if invitation is not None:
        rows = Consent.objects.filter(invitation=invitation)
    else:
        rows = Consent.objects.filter(user=user, space=space)
    return _state(rows.order_by("-created_at", "-pk"))


def label(row):
    """What a row means, in plain words (never colour only)."""
    if row is None:
        return _("nog niet gevraagd")
    return _("ja") if row.given else _("nee")


def attach_states(space, members):
    """Give each of ``members`` a ``consent_states`` list [(purpose label, state
    label)] for ``space``: one query for the whole list (the leads' member list)."""
    rows = Consent.objects.filter(
        space=space.original(), user__in=[member.pk for member in members]
    ).order_by("-created_at", "-pk")
    by_user = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    for member in members:
        state = _state(by_user.get(member.pk, []))
        member.consent_states = [(purpose.label, label(state[purpose])) for purpose in PURPOSES]
    return members


# --- changing -------------------------------------------------------------------------


def record(*, space, purpose, given, user=None, invitation=None, actor=None):
    """Store one change and log it. ``actor``: who made it (the person, a lead who
    was told by phone, or None for a participant without an account)."""
    purpose = parse_purpose(purpose)
    if (user is None) == (invitation is None):
        raise ValueError("A consent is for an account or for an invitation.")
    text = current_text(purpose)
    if given and text is None:
        raise ConsentError(
            _("Er is nog geen tekst voor deze toestemming. Vraag het aan de coördinator.")
        )
    if not given:
        previous = state_for(space=space, user=user, invitation=invitation)[purpose]
        text = previous.text if previous is not None and previous.text else text
    actor = actor if actor is not None and actor.is_authenticated else None
    if user is not None and type(user) is not get_user_model():
        # ``request.user`` is a lazy wrapper, which Wagtail's log does not recognise.
        user = get_user_model().objects.get(pk=user.pk)
    with transaction.atomic():
        row = Consent.objects.create(
            user=user,
            invitation=invitation,
            space=space.original(),
            purpose=purpose,
            given=given,
            text=text,
            version=text.version if text else None,
            recorded_by=actor if actor is not None and actor != user else None,
        )
        accesslog.consent_changed(actor, row)
        if purpose == Purpose.QUOTE and not given:
            transaction.on_commit(purge_feedback_pages)
    return row


def record_from_invitation(invitation, *, quote=False, photo=False):
    """What a participant agreed to when sending: taking part (sending is taking
    part, as the page says), and being quoted or shown on a photo if they ticked it.
    Purposes without a published text are not recorded."""
    wanted = [Purpose.TAKING_PART]
    wanted += [Purpose.QUOTE] if quote else []
    wanted += [Purpose.PHOTO] if photo else []
    return [
        record(space=invitation.space, purpose=purpose, given=True, invitation=invitation)
        for purpose in wanted
        if current_text(purpose) is not None
    ]


def purge_feedback_pages():
    """Ask a front-end cache, if one is configured, to forget the feedback pages
    (Wagtail's documented utility; the portal's own page cache is versioned)."""
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    purge_pages_from_cache(FeedbackPage.objects.live())


# --- a person's own data (called by the personaldata app through its hooks) -----------


SECTION_COLUMNS = [
    ("date", _("Wanneer")),
    ("space", _("Werkgroep")),
    ("purpose", _("Waarvoor")),
    ("choice", _("Jouw keuze")),
    ("version", _("Versie van de tekst")),
    ("text", _("De tekst")),
    ("noted_by", _("Genoteerd door")),
]


def _section(rows):
    """One section of *Mijn gegevens* and of the export, in the shape of the other
    sections (``werkgroepen.personal_data``): key, title, intro, columns, rows."""
    return {
        "key": "werkgroepen.consents",
        "title": _("Toestemmingen"),
        "intro": _("Wat je toestond of introk, per werkgroep, met de tekst die je las."),
        "columns": SECTION_COLUMNS,
        "rows": [
            {
                "date": row.created_at,
                "space": row.space.title if row.space_id else "",
                "purpose": str(Purpose(row.purpose).label),
                "choice": str(_("ja") if row.given else _("nee")),
                "version": row.version,
                "text": row.text.text if row.text_id else "",
                "noted_by": str(_("een trekker")) if row.recorded_by_id else "",
            }
            for row in rows.select_related("space", "text").order_by("created_at", "pk")
        ],
    }


def consent_section(user):
    """The person's consent history, oldest first (never who noted it by name)."""
    return _section(Consent.objects.filter(user=user))


def invitation_consent_section(invitation_ids):
    """The same for a participant without an account, by their invitations."""
    return _section(Consent.objects.filter(invitation_id__in=invitation_ids))


def erase_consents(user):
    """Erasure: the rows saying "given" go; withdrawals stay, without the person (no
    account, no invitation, nobody who noted it), so the portal can still show that a
    withdrawal was honoured without knowing whose. Returns (deleted, anonymised).
    Runs inside the erasure's transaction; the caller clears the access log."""
    rows = Consent.objects.filter(user=user)
    deleted, _details = rows.filter(given=True).delete()
    anonymised = rows.update(user=None, recorded_by=None)
    Consent.objects.filter(recorded_by=user).update(recorded_by=None)
    return deleted, anonymised


def erase_invitation_consents(invitation_ids):
    """The same for a participant without an account, by their invitations."""
    rows = Consent.objects.filter(invitation_id__in=invitation_ids)
    deleted, _details = rows.filter(given=True).delete()
    anonymised = rows.update(invitation=None, recorded_by=None)
    return deleted, anonymised
