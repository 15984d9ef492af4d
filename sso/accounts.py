"""From the claims of a validated sign-in to a portal account.

- An identity seen before (provider + ``sub``) signs in its linked account.
- A first sign-in links the account with the same e-mail address, or creates one,
  only when the provider says the address is verified; an unverified address is
  refused, whether or not an account has it.
- A first sign-in gets the organisation and the Wagtail groups of the mappings that
  match (``OrganisationMapping``); never a working-group group.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OrganisationMapping, SsoIdentity, assignable_groups


class Refused(Exception):
    """A sign-in the portal does not accept; ``message`` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


NOT_VERIFIED = _(
    "Je organisatie heeft je e-mailadres niet bevestigd. Daarom kan je zo niet aanmelden. "
    "Meld je aan met je wachtwoord, of vraag hulp aan de netwerkcoördinator."
)
NO_EMAIL = _("Je organisatie gaf geen e-mailadres door. Vraag hulp aan de netwerkcoördinator.")
TWO_ACCOUNTS = _(
    "Meer dan één account heeft dit e-mailadres. Vraag hulp aan de netwerkcoördinator."
)
INACTIVE = _("Dit account is afgesloten. Vraag hulp aan de netwerkcoördinator.")


def is_verified(provider, claims):
    value = claims.get(provider.email_verified_claim)
    return value is True or str(value).lower() == "true"


def _matching_account(email):
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise Refused(TWO_ACCOUNTS)
    return users[0] if users else None


def _free_username(email):
    """The part before the @: a username shows in lists and logs, an address should not."""
    model = get_user_model()
    base = email.lower().partition("@")[0][:140] or "account"
    candidate, number = base, 1
    while model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _new_account(email, claims):
    user = get_user_model()(
        username=_free_username(email),
        email=email,
        first_name=str(claims.get("given_name", ""))[:150],
        last_name=str(claims.get("family_name", ""))[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


def _apply_mappings(identity, provider, claims):
    mappings = [m for m in OrganisationMapping.objects.all() if m.matches(provider.name, claims)]
    for mapping in mappings:
        if mapping.organisation and not identity.organisation:
            identity.organisation = mapping.organisation
        # Checked again here: a group renamed to "Werkgroep …" after it was mapped.
        groups = assignable_groups().filter(organisationmapping=mapping)
        identity.user.groups.add(*groups)


def _first_sign_in(provider, claims):
    email = str(claims.get("email") or "").strip()
    if not email:
        raise Refused(NO_EMAIL)
    if not is_verified(provider, claims):
        raise Refused(NOT_VERIFIED)
    user = _matching_account(email) or _new_account(email, claims)
    identity = SsoIdentity(user=user, provider=provider.name, subject=claims["sub"], email=email)
    _apply_mappings(identity, provider, claims)
    return identity


@transaction.atomic
def identity_for(provider, claims):
    """The identity (with its active account) these validated claims sign in; raises
    ``Refused``."""
    identity = (
        SsoIdentity.objects.select_related("user")
        .filter(provider=provider.name, subject=claims["sub"])
        .first()
    ) or _first_sign_in(provider, claims)
    if not identity.user.is_active:
        raise Refused(INACTIVE)
    identity.last_login_at = timezone.now()
    identity.save()
    return identity
