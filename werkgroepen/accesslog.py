"""The access log: who opened, downloaded or changed what in a working group's space.

The entries are Wagtail's own log entries: ``wagtail.log_actions.log`` writes them
(as ``ModelLogEntry`` rows) and the portal's actions are registered with Dutch labels
through the ``register_log_actions`` hook (``werkgroepen.wagtail_hooks``). Nothing in
the portal edits them; ``manage.py prune_access_log`` removes them after
``PORTAL_ACCESS_LOG_DAYS`` days.

What an entry is about (its object), chosen so that only coordinators can read it in
the admin (Wagtail shows a model's log entries only to people with a model permission
on it, and no role but the coordinator has one on these models):

- a document: the space's document (``portal.PortalDocument``);
- an input item's attachment: the input item, with the label "Inbreng 12" (never its
  text);
- a change of membership, a consent given or withdrawn: the member's account (a
  participant's consent: their invitation, "Uitnodiging 7");
- opening the member list or the input tracker: the space's member group (never the
  space's page: leads may read the history of their space's page).

``data`` holds the space (``space_id``, ``space_title``) and the item (``item_type``,
``item_id``, and a version number or "as lead" where it applies), never the content:
no document text, no input text, no address, no invitation token.

A refused request (an outsider's 403, a 404) is not logged: the log says who read or
changed something, and a refusal reads nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.documents import get_document_model
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

from personaldata.accesslog import LABELS as PERSONALDATA_LABELS
from sso.accesslog import LABELS as SSO_LABELS
from twofactor.accesslog import LABELS as TWOFACTOR_LABELS

DOCUMENT_OPENED = "werkgroepen.document_opened"
DOCUMENT_DOWNLOADED = "werkgroepen.document_downloaded"
DOCUMENT_UPLOADED = "werkgroepen.document_uploaded"
DOCUMENT_TRASHED = "werkgroepen.document_trashed"
DOCUMENT_RESTORED = "werkgroepen.document_restored"
INPUT_ATTACHMENT_OPENED = "werkgroepen.input_attachment_opened"
INPUT_LIST_OPENED = "werkgroepen.input_list_opened"
MEMBER_LIST_OPENED = "werkgroepen.member_list_opened"
MEMBER_ADDED = "werkgroepen.member_added"
MEMBER_REMOVED = "werkgroepen.member_removed"
LEAD_ADDED = "werkgroepen.lead_added"
LEAD_REMOVED = "werkgroepen.lead_removed"
CONSENT_GIVEN = "werkgroepen.consent_given"
CONSENT_WITHDRAWN = "werkgroepen.consent_withdrawn"

# This app's actions; it registers them with Wagtail (``register_actions``).
OWN_LABELS = {
    DOCUMENT_OPENED: _("Document gelezen in de browser"),
    DOCUMENT_DOWNLOADED: _("Document gedownload"),
    DOCUMENT_UPLOADED: _("Document opgeladen"),
    DOCUMENT_TRASHED: _("Document in de prullenbak gezet"),
    DOCUMENT_RESTORED: _("Document teruggezet uit de prullenbak"),
    INPUT_ATTACHMENT_OPENED: _("Bijlage van inbreng geopend"),
    INPUT_LIST_OPENED: _("Lijst met inbreng geopend"),
    MEMBER_LIST_OPENED: _("Ledenlijst geopend"),
    MEMBER_ADDED: _("Lid toegevoegd"),
    MEMBER_REMOVED: _("Lid verwijderd"),
    LEAD_ADDED: _("Trekker gemaakt"),
    # Its own context: the same words are a button elsewhere, and a log reads as a fact.
    LEAD_REMOVED: pgettext_lazy("toegangslog", "Geen trekker meer"),
    CONSENT_GIVEN: _("Toestemming gegeven"),
    CONSENT_WITHDRAWN: _("Toestemming ingetrokken"),
}
# The whole access log: these and the actions the apps below log themselves (sign-in
# through an organisation, the second factor, a person's own data), which those apps
# register. The coordinator's report, Mijn gegevens and the pruning read all of them.
LABELS = {**OWN_LABELS, **SSO_LABELS, **TWOFACTOR_LABELS, **PERSONALDATA_LABELS}
ACTIONS = tuple(LABELS)

# The membership actions of werkgroepen.views.members (its form's "action" values).
MEMBERSHIP_ACTIONS = {
    "add": MEMBER_ADDED,
    "remove": MEMBER_REMOVED,
    "make_lead": LEAD_ADDED,
    "unmake_lead": LEAD_REMOVED,
}


class AccessLogFormatter(LogFormatter):
    """The message in Wagtail's history lists: the action and the space."""

    def format_message(self, log_entry):
        space = (log_entry.data or {}).get("space_title")
        if not space:
            return self.label
        return _("%(action)s (werkgroep %(space)s)") % {"action": self.label, "space": space}


def register_actions(actions):
    """The ``register_log_actions`` hook: this app's actions with their labels."""
    for action, label in OWN_LABELS.items():
        formatter = type("AccessLogFormatter", (AccessLogFormatter,), {"label": label})
        actions.register_action(action)(formatter)


def keep_days():
    return getattr(settings, "PORTAL_ACCESS_LOG_DAYS", 365)


# --- writing ------------------------------------------------------------------------


def _space(space):
    original = space.original()
    return {"space_id": original.pk, "space_title": original.title}


def _write(instance, action, user, data, title=None):
    actor = user if user is not None and user.is_authenticated else None
    return log(instance=instance, action=action, user=actor, title=title, data=data)


def _document(action, user, space, document, **extra):
    data = {**_space(space), "item_type": "document", "item_id": document.pk, **extra}
    return _write(document, action, user, data)


def document_opened(user, space, document):
    return _document(DOCUMENT_OPENED, user, space, document)


def document_downloaded(user, space, document, version=None):
    extra = {"version": version} if version else {}
    return _document(DOCUMENT_DOWNLOADED, user, space, document, **extra)


def document_uploaded(user, space, document, version=None):
    extra = {"version": version} if version else {}
    return _document(DOCUMENT_UPLOADED, user, space, document, **extra)


def document_trashed(user, space, document):
    return _document(DOCUMENT_TRASHED, user, space, document)


def document_restored(user, space, document):
    return _document(DOCUMENT_RESTORED, user, space, document)


def served_document(user, document):
    """A document served by Wagtail's document view, if it is a space's (or in the
    archive of a closed space: then only the collection's name is known)."""
    from werkgroepen.models import WorkingGroupPage

    space = WorkingGroupPage.objects.filter(collection_id=document.collection_id).first()
    if space is not None:
        return document_downloaded(user, space, document)
    if not document.collection.get_view_restrictions().exists():
        return None  # a public document: nothing private was read
    data = {
        "space_id": None,
        "space_title": document.collection.name,
        "item_type": "document",
        "item_id": document.pk,
    }
    return _write(document, DOCUMENT_DOWNLOADED, user, data)


def input_attachment_opened(user, space, item):
    data = {**_space(space), "item_type": "input", "item_id": item.pk}
    # The label is the item's number, the same in every language: the item's own
    # title is its (private) text.
    return _write(item, INPUT_ATTACHMENT_OPENED, user, data, title=f"Inbreng {item.pk}")


def _space_list(action, user, space, item_type):
    group = space.original().member_group
    data = {**_space(space), "item_type": item_type, "item_id": None}
    return _write(group, action, user, data)


def input_list_opened(user, space):
    return _space_list(INPUT_LIST_OPENED, user, space, "input_list")


def member_list_opened(user, space):
    return _space_list(MEMBER_LIST_OPENED, user, space, "member_list")


def membership_changed(user, space, member, change):
    """``change`` is one of ``MEMBERSHIP_ACTIONS``: add, remove, make_lead, unmake_lead."""
    data = {**_space(space), "item_type": "member", "item_id": member.pk}
    return _write(member, MEMBERSHIP_ACTIONS[change], user, data)


def consent_changed(user, consent):
    """A consent given or withdrawn (``werkgroepen.consent``). The object is the
    person's account, or the invitation of a participant without one (titled by its
    number, never the first name on it); ``data`` holds the space, the purpose and the
    text's version, never the text or a token."""
    data = {
        "space_id": consent.space_id,
        "space_title": consent.space.title if consent.space_id else "",
        "item_type": "consent",
        "item_id": consent.pk,
        "purpose": consent.purpose,
        "version": consent.version,
    }
    action = CONSENT_GIVEN if consent.given else CONSENT_WITHDRAWN
    if consent.user_id:
        return _write(consent.user, action, user, data)
    title = f"Uitnodiging {consent.invitation_id}"
    return _write(consent.invitation, action, user, data, title=title)


# --- reading ------------------------------------------------------------------------


def entries():
    """Every entry of the access log, newest first."""
    return (
        ModelLogEntry.objects.filter(action__in=ACTIONS)
        .select_related("user", "content_type")
        .order_by("-timestamp", "-pk")
    )


def _about(model, ids):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Q(content_type=content_type, object_id__in=ids)


def _as_text(queryset):
    return queryset.annotate(text_pk=Cast("pk", CharField())).values("text_pk")


def entries_about(user):
    """The entries about what belongs to ``user``: documents they uploaded, input items
    they recorded, and their own memberships (for *Mijn gegevens*)."""
    from werkgroepen.models import InputItem

    if user is None or not user.pk:
        return ModelLogEntry.objects.none()
    document_model = get_document_model()
    documents = document_model.objects.filter(uploaded_by_user=user)
    items = InputItem.objects.filter(created_by=user)
    condition = (
        _about(document_model, _as_text(documents))
        | _about(InputItem, _as_text(items))
        | _about(get_user_model(), [str(user.pk)])
    )
    return entries().filter(condition)


def due_for_pruning(now=None):
    """The entries older than ``PORTAL_ACCESS_LOG_DAYS`` days."""
    limit = (now or timezone.now()) - timezone.timedelta(days=keep_days())
    return ModelLogEntry.objects.filter(action__in=ACTIONS, timestamp__lt=limit)
