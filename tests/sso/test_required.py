"""Organisations that sign in only through their own provider: their accounts' local
password stops working (login, existing sessions, password reset), with a clear
message only for someone who typed the right password; superusers and coordinators
keep their password; the provider's button still signs them in."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from access import roles
from sso.backends import PasswordBackend
from sso.models import OrganisationMapping, RequiredOrganisation, SsoIdentity
from sso.required import password_refused
from tests.portal.factories import UserFactory
from tests.sso.conftest import sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/nl/accounts/login/"
RESET = "/nl/accounts/wachtwoord-vergeten/"
PASSWORD = "portaal-demo"
MESSAGE = "Je organisatie wil dat je je aanmeldt via je organisatie"


def linked(user, organisation="OCMW Gent", subject=None):
    SsoIdentity.objects.create(
        user=user, provider="test", subject=subject or user.username, organisation=organisation
    )
    return user


@pytest.fixture
def ocmw(db):
    OrganisationMapping.objects.create(email_domain="ocmw.example", organisation="OCMW Gent")
    return RequiredOrganisation.objects.create(organisation="OCMW Gent")


def log_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, follow=True)


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_a_linked_account_of_a_required_organisation_cannot_use_its_password(client, ocmw):
    linked(UserFactory(username="jan", email="jan@elders.example"))
    response = log_in(client, "jan")
    html = response.content.decode()
    assert signed_in(client) is None
    assert MESSAGE in html
    assert "Klik hieronder op de knop met de naam van je organisatie" in html


def test_an_account_with_the_organisations_domain_is_covered_before_it_ever_linked(client, ocmw):
    UserFactory(username="els", email="Els@OCMW.example")
    assert MESSAGE in log_in(client, "els").content.decode()
    assert signed_in(client) is None


def test_a_wrong_password_says_nothing_about_the_account(client, ocmw):
    linked(UserFactory(username="jan"))
    UserFactory(username="ander")
    for_jan = log_in(client, "jan", "verkeerd").content.decode()
    for_other = log_in(client, "ander", "verkeerd").content.decode()
    for_nobody = log_in(client, "niemand", "verkeerd").content.decode()
    for html in (for_jan, for_other, for_nobody):
        assert MESSAGE not in html
        assert 'name="password"' in html
    assert signed_in(client) is None


def test_other_organisations_and_unlinked_accounts_keep_their_password(client, ocmw):
    linked(UserFactory(username="piet"), organisation="Andere vzw")
    UserFactory(username="lokaal")
    for username in ("piet", "lokaal"):
        client.logout()
        log_in(client, username)
        assert signed_in(client), username


@pytest.mark.parametrize("kind", ["superuser", "coordinator"])
def test_superusers_and_coordinators_keep_a_local_way_in(client, ocmw, role_groups, kind):
    options = {"is_superuser": True} if kind == "superuser" else {"groups": [roles.COORDINATOR]}
    linked(UserFactory(username="chef", **options))
    log_in(client, "chef")
    assert signed_in(client)


def test_without_a_requirement_nothing_changes(client, db):
    OrganisationMapping.objects.create(email_domain="ocmw.example", organisation="OCMW Gent")
    linked(UserFactory(username="jan", email="jan@ocmw.example"))
    log_in(client, "jan")
    assert signed_in(client)


def test_marking_the_organisation_ends_sessions_its_password_started(client, db):
    OrganisationMapping.objects.create(email_domain="ocmw.example", organisation="OCMW Gent")
    jan = linked(UserFactory(username="jan"))
    log_in(client, "jan")
    assert client.get("/nl/accounts/mijn-account/").status_code == 200
    RequiredOrganisation.objects.create(organisation="OCMW Gent")
    response = client.get("/nl/accounts/mijn-account/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert password_refused(jan)


def test_password_reset_sends_nothing_for_them(client, ocmw):
    linked(UserFactory(username="jan", email="jan@elders.example"))
    UserFactory(username="lokaal", email="lokaal@elders.example")
    for address in ("jan@elders.example", "lokaal@elders.example"):
        response = client.post(RESET, {"email": address})
        assert response.status_code == 302  # the same answer, known or not
    assert [message.to for message in mail.outbox] == [["lokaal@elders.example"]]


def test_the_providers_button_still_signs_them_in(client, sso_settings, ocmw):
    sign_in(client, "an")
    user = SsoIdentity.objects.get(subject="an").user
    assert signed_in(client) == str(user.pk)
    assert password_refused(user)
    assert client.get("/nl/accounts/mijn-account/").status_code == 200


def test_the_backend_refuses_through_user_can_authenticate(ocmw):
    jan = linked(UserFactory(username="jan"))
    assert not PasswordBackend().user_can_authenticate(jan)
    assert PasswordBackend().user_can_authenticate(UserFactory(username="lokaal"))


def test_the_organisation_must_be_a_known_one(db):
    OrganisationMapping.objects.create(email_domain="ocmw.example", organisation="OCMW Gent")
    with pytest.raises(ValidationError, match="niet in de koppelingen"):
        RequiredOrganisation(organisation="OCMW Gnet").full_clean()
    RequiredOrganisation(organisation=" OCMW Gent ").full_clean()


def test_the_coordinator_marks_an_organisation_in_the_admin(client, coordinator):
    OrganisationMapping.objects.create(email_domain="ocmw.example", organisation="OCMW Gent")
    client.force_login(coordinator)
    listing = client.get("/admin/sso_required/").content.decode()
    assert "Alleen aanmelden via de eigen organisatie" in listing
    response = client.post("/admin/sso_required/new/", {"organisation": "Onbekend"})
    assert "niet in de koppelingen" in response.content.decode()
    client.post("/admin/sso_required/new/", {"organisation": "OCMW Gent"})
    assert list(RequiredOrganisation.objects.values_list("organisation", flat=True)) == [
        "OCMW Gent"
    ]


def test_the_partner_role_is_not_a_coordinator(ocmw, role_groups):
    jan = linked(UserFactory(username="jan", groups=[roles.PARTNER]))
    assert Group.objects.filter(name=roles.PARTNER).exists()
    assert password_refused(jan)
