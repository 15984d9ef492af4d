"""Who signed in through which provider, and what a first sign-in gives an account.

The organisation is kept here, on the sign-in identity: ``sso`` may not import
``werkgroepen`` (where ``MemberProfile.organisation`` lives). A mapping never gives a
working-group group ("Werkgroep …"): leads decide who is in their group.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The prefix of every working-group group; werkgroepen.spaces.MEMBER_PREFIX (a test
# keeps the two equal: this app may not import werkgroepen).
WORKING_GROUP_PREFIX = "Werkgroep "


def assignable_groups():
    return Group.objects.exclude(name__startswith=WORKING_GROUP_PREFIX)


class SsoIdentity(models.Model):
    """One account at one provider (``sub``), linked to one portal account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    provider = models.CharField(_("aanbieder"), max_length=64)
    subject = models.CharField(_("kenmerk bij de aanbieder"), max_length=255)
    email = models.EmailField(_("e-mailadres"), blank=True)
    organisation = models.CharField(_("organisatie"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("eerste keer aangemeld"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst aangemeld"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding via organisatie")
        verbose_name_plural = _("aanmeldingen via organisatie")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique")
        ]

    def __str__(self):
        return f"{self.provider}: {self.email or self.subject}"


class OrganisationMapping(models.Model):
    """On a first sign-in: an e-mail domain or a claim value gives an organisation
    and Wagtail groups."""

    provider = models.CharField(
        _("aanbieder"),
        max_length=64,
        blank=True,
        help_text=_("De naam van de aanbieder. Leeg: elke aanbieder."),
    )
    email_domain = models.CharField(
        _("e-maildomein"), max_length=255, blank=True, help_text=_("Bijvoorbeeld ocmw.be")
    )
    claim = models.CharField(
        _("claim"), max_length=100, blank=True, help_text=_("Bijvoorbeeld tid of groups")
    )
    claim_value = models.CharField(_("waarde van de claim"), max_length=255, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=255, blank=True)
    groups = models.ManyToManyField(
        Group,
        verbose_name=_("groepen"),
        blank=True,
        limit_choices_to=~Q(name__startswith=WORKING_GROUP_PREFIX),
        help_text=_("Nooit een werkgroep: daarover beslissen de trekkers."),
    )

    class Meta:
        verbose_name = _("koppeling met een organisatie")
        verbose_name_plural = _("koppelingen met organisaties")

    def __str__(self):
        source = self.email_domain or f"{self.claim}={self.claim_value}"
        return f"{source} → {self.organisation}"

    def clean(self):
        self.email_domain = self.email_domain.strip().lstrip("@").lower()
        if bool(self.claim) != bool(self.claim_value):
            raise ValidationError(_("Vul de claim en haar waarde allebei in."))
        if not self.email_domain and not self.claim:
            raise ValidationError(_("Vul een e-maildomein of een claim in."))

    def matches(self, provider, claims):
        if self.provider and self.provider != provider:
            return False
        if self.email_domain:
            email = str(claims.get("email", "")).lower()
            if email.rpartition("@")[2] != self.email_domain.lower():
                return False
        if self.claim:
            value = claims.get(self.claim)
            values = value if isinstance(value, list) else [value]
            if self.claim_value not in [str(v) for v in values]:
                return False
        return True


class RequiredOrganisation(models.Model):
    """An organisation whose accounts sign in only through their own provider: the
    local password no longer works for them (``sso.required``)."""

    organisation = models.CharField(
        _("organisatie"),
        max_length=255,
        unique=True,
        help_text=_("Precies zoals in de koppelingen met organisaties."),
    )
    created_at = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie die alleen via de eigen organisatie aanmeldt")
        verbose_name_plural = _("organisaties die alleen via de eigen organisatie aanmelden")
        ordering = ["organisation"]

    def __str__(self):
        return self.organisation

    def clean(self):
        self.organisation = self.organisation.strip()
        known = OrganisationMapping.objects.filter(organisation=self.organisation).exists()
        known = known or SsoIdentity.objects.filter(organisation=self.organisation).exists()
        if self.organisation and not known:
            raise ValidationError(
                {
                    "organisation": _(
                        "Deze organisatie staat niet in de koppelingen met organisaties. "
                        "Schrijf de naam precies zoals daar."
                    )
                }
            )


class SsoSession(models.Model):
    """A portal session started by a sign-in through a provider, with the provider's
    session id (``sid``): what a back-channel logout ends."""

    identity = models.ForeignKey(SsoIdentity, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    sid = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sessie via organisatie")
        verbose_name_plural = _("sessies via organisatie")

    def __str__(self):
        return f"{self.identity_id}: {self.created_at:%Y-%m-%d %H:%M}"
