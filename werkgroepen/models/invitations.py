"""Invitation links: a participant without an account gives input or answers a poll.

The row is the link's state (purpose, expiry, revoked, used); the link carries a
token signed with Django's signing framework (``werkgroepen.invitations``) that names
the row and its random nonce. See docs/decisions/0012-participation.md.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from core.mail import default_mail_language, mail_languages


def new_nonce():
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    class Purpose(models.TextChoices):
        INPUT = "input", _("inbreng geven")
        POLL = "poll", _("een peiling beantwoorden")

    space = models.ForeignKey(
        "werkgroepen.WorkingGroupPage",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("werkgroep"),
    )
    purpose = models.CharField(
        _("waarvoor"), max_length=10, choices=Purpose.choices, default=Purpose.INPUT
    )
    poll = models.ForeignKey(
        "werkgroepen.Poll",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("peiling"),
    )
    name = models.CharField(
        _("voornaam (niet verplicht)"),
        max_length=60,
        blank=True,
        help_text=_("Alleen de werkgroep ziet deze naam, bij de inbreng."),
    )
    language = models.CharField(
        _("taal van de pagina"),
        max_length=8,
        choices=mail_languages,
        default=default_mail_language,
    )
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="input", poll__isnull=True)
                | Q(purpose="poll", poll__isnull=False),
                name="invitation_poll_only_for_polls",
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.space_id})"

    @property
    def state(self):
        """ "open", "used", "revoked" or "expired"."""
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    def is_open(self):
        return self.state == "open"


class InvitationRoutes:
    """The space's pages where leads make and revoke invitation links (mixed into
    ``WorkingGroupPage``). The participant's own page is ``werkgroepen:invitation``."""

    @path("inbreng/uitnodigingen/", name="invitations")
    def invitations_route(self, request):
        from werkgroepen.views import invitations

        return invitations.invitation_list(request, self)

    @path("inbreng/uitnodigingen/<int:invitation_id>/", name="invitation_detail")
    def invitation_detail_route(self, request, invitation_id):
        from werkgroepen.views import invitations

        return invitations.invitation_detail(request, self, invitation_id)

    @path("inbreng/uitnodigingen/<int:invitation_id>/qr/", name="invitation_qr")
    def invitation_qr_route(self, request, invitation_id):
        from werkgroepen.views import invitations

        return invitations.invitation_qr(request, self, invitation_id)

    @path("inbreng/uitnodigingen/<int:invitation_id>/intrekken/", name="invitation_revoke")
    def invitation_revoke_route(self, request, invitation_id):
        from werkgroepen.views import invitations

        return invitations.invitation_revoke(request, self, invitation_id)
