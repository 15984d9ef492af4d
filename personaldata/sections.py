"""What ``personaldata`` itself shows about an account: the account, its roles, the
pages it edited and its notes as an editor. Registered under the sections hook in
``wagtail_hooks`` (first); the apps add their own."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Comment, Revision


def account_sections(person):
    user = person.user
    if user is None:
        return []
    account = {
        "key": "account",
        "title": _("Je account"),
        "columns": [
            ("name", _("Naam")),
            ("username", _("Gebruikersnaam")),
            ("email", _("E-mailadres")),
            ("date_joined", _("Account gemaakt op")),
            ("last_login", _("Laatst aangemeld")),
            ("roles", _("Rollen")),
        ],
        "rows": [
            {
                "name": user.get_full_name(),
                "username": user.get_username(),
                "email": user.email,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "roles": ", ".join(
                    user.groups.exclude(name__startswith="Werkgroep ")
                    .order_by("name")
                    .values_list("name", flat=True)
                ),
            }
        ],
    }
    return [account, _edits(user), _editor_comments(user)]


def _edits(user):
    revisions = (
        Revision.objects.filter(user=user)
        .order_by("-created_at")
        .values_list("created_at", "object_str")[:500]
    )
    return {
        "key": "edits",
        "title": _("Wat je bewerkte"),
        "intro": _("Versies van pagina's en fragmenten die jij bewaarde (de laatste 500)."),
        "columns": [("date", _("Datum")), ("title", _("Titel"))],
        "rows": [{"date": created, "title": title} for created, title in revisions],
    }


def _editor_comments(user):
    comments = Comment.objects.filter(user=user).order_by("-created_at")[:500]
    return {
        "key": "editor_comments",
        "title": _("Opmerkingen als redacteur"),
        "columns": [("date", _("Datum")), ("text", _("Tekst"))],
        "rows": [{"date": c.created_at, "text": c.text} for c in comments],
    }
