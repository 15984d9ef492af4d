"""What ``sso`` keeps about a person (the sign-in identities), for *Mijn gegevens*,
the export and the erasure. ``sso`` may not import ``personaldata`` (the same layer):
the hook names are the strings of ``personaldata.hooks`` and the sections plain dicts,
as that module describes."""

from django.utils.translation import gettext_lazy as _

from .models import SsoIdentity

SECTIONS_HOOK = "personal_data_sections"
ERASE_HOOK = "erase_personal_data"


def sections(person):
    if person.user is None:
        return []
    identities = SsoIdentity.objects.filter(user=person.user).order_by("provider")
    rows = [
        {
            "provider": identity.provider,
            "email": identity.email,
            "organisation": identity.organisation,
            "created": identity.created_at,
            "last_login": identity.last_login_at,
        }
        for identity in identities
    ]
    return [
        {
            "key": "sso.identities",
            "title": _("Aanmelden via je organisatie"),
            "columns": [
                ("provider", _("Aanbieder")),
                ("email", _("E-mailadres bij de aanbieder")),
                ("organisation", _("Organisatie")),
                ("created", _("Eerste keer aangemeld")),
                ("last_login", _("Laatst aangemeld")),
            ],
            "rows": rows,
        }
    ]


def erase(run):
    """The sign-in identities go: the erased account signs in nowhere any more."""
    if run.user is None:
        return
    count, _details = SsoIdentity.objects.filter(user=run.user).delete()
    run.done(_("aanmeldingen via een organisatie"), count)
