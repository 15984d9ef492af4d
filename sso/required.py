"""Organisations that sign in only through their own provider.

An account belongs to such an organisation when one of its sign-in identities has
that organisation, or when its e-mail domain is the domain of a mapping to it (so an
account that never used the button yet is covered too). Superusers and coordinators
keep their local password: someone must still get in when a provider is down.

The list of organisations and their domains is cached (it is read on every request
of a signed-in person, through ``sso.backends``); saving or deleting a requirement or
a mapping clears it.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from access.roles import COORDINATOR

from .models import OrganisationMapping, RequiredOrganisation, SsoIdentity

CACHE_KEY = "sso:required-organisations"
CACHE_SECONDS = 300


def _requirements():
    """``(organisations, e-mail domains)`` that sign in only through their provider."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        organisations = set(RequiredOrganisation.objects.values_list("organisation", flat=True))
        domains = set()
        if organisations:
            domains = {
                domain.lower()
                for domain in OrganisationMapping.objects.filter(
                    organisation__in=organisations
                ).values_list("email_domain", flat=True)
                if domain
            }
        cached = (frozenset(organisations), frozenset(domains))
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


@receiver([post_save, post_delete], sender=RequiredOrganisation)
@receiver([post_save, post_delete], sender=OrganisationMapping)
def _forget(**kwargs):
    cache.delete(CACHE_KEY)


def _keeps_password(user):
    return user.is_superuser or user.groups.filter(name=COORDINATOR).exists()


def _in_required_organisation(user, organisations, domains):
    domain = (user.email or "").rpartition("@")[2].lower()
    if domain and domain in domains:
        return True
    return SsoIdentity.objects.filter(user=user, organisation__in=organisations).exists()


def password_refused(user):
    """True when this account may not sign in with a local password."""
    organisations, domains = _requirements()
    if not organisations or user.pk is None:
        return False
    return _in_required_organisation(user, organisations, domains) and not _keeps_password(user)
