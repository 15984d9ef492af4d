"""What the portal keeps about a member: organisation, mail choices, calendar token."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.mail import default_mail_language, mail_languages


def chosen_mail_languages(users):
    """{user id: mail language} of the users among ``users`` who have a profile
    (registered as the hook ``core.mail.MAIL_LANGUAGES_HOOK`` in wagtail_hooks)."""
    return dict(
        MemberProfile.objects.filter(user__in=[user.pk for user in users]).values_list(
            "user_id", "mail_language"
        )
    )


class MemberProfile(models.Model):
    class Digest(models.TextChoices):
        EACH = "each", _("een mail bij elke gebeurtenis")
        DAILY = "daily", _("één mail per dag met alles samen")
        WEEKLY = "weekly", _("één mail per week met alles samen")
        NONE = "none", _("geen mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="werkgroepen_profile"
    )
    organisation = models.CharField(
        _("organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Zichtbaar voor de andere leden van je werkgroepen."),
    )
    notify_meetings = models.BooleanField(_("mail bij een nieuwe vergadering"), default=True)
    notify_minutes = models.BooleanField(_("mail bij een nieuw verslag"), default=True)
    notify_documents = models.BooleanField(_("mail bij een nieuw document"), default=True)
    digest = models.CharField(
        _("hoe wil je mails krijgen?"),
        max_length=10,
        choices=Digest.choices,
        default=Digest.EACH,
    )
    # When the last daily or weekly digest went out (its next one lists what came after).
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_language = models.CharField(
        _("taal van de mails"),
        max_length=8,
        # A callable: the languages come from the settings, not from the migrations.
        choices=mail_languages,
        default=default_mail_language,
        help_text=_(
            "De mails van het portaal komen in deze taal. De inhoud blijft zoals ze geschreven is."
        ),
    )

    class Meta:
        verbose_name = _("profiel werkgroepen")
        verbose_name_plural = _("profielen werkgroepen")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]


def new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a member's personal calendar address. Renewing it kills the old
    address at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda-sleutel")
        verbose_name_plural = _("agenda-sleutels")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def for_user(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    def renew(self):
        self.token = new_token()
        self.save(update_fields=["token", "created_at"])


class NotificationLog(models.Model):
    """Which announcement went out for which page, so none is sent twice."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("nieuwe vergadering")
        MINUTES = "minutes", _("verslag")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "page"], name="unique_notification_per_page")
        ]

    def __str__(self):
        return f"{self.kind} {self.page_id}"
