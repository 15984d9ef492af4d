"""A person's own account (access.accounts): a forgotten password, a new password and
their name. Every address gets the same answer; nothing is lost on bad input."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils.translation import gettext, override

from tests.portal.factories import UserFactory

RESET = "/nl/accounts/wachtwoord-vergeten/"
DONE = "/nl/accounts/wachtwoord-vergeten/verstuurd/"
NEW_PASSWORD = "een-lang-nieuw-wachtwoord-42"


@pytest.fixture
def person(db):
    user = UserFactory(username="an", email="an@example.org", first_name="An")
    user.set_password("het-oude-wachtwoord-1")
    user.save()
    return user


def _link(message):
    found = re.search(r"https?://\S+/accounts/nieuw-wachtwoord/\S+/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def _path(link):
    return "/" + link.split("/", 3)[3]


def test_the_login_page_offers_a_forgotten_password(client):
    html = client.get("/nl/accounts/login/").content.decode()
    assert f'href="{RESET}"' in html
    assert "Wachtwoord vergeten?" in html


def test_a_forgotten_password_is_replaced_through_the_mailed_link(client, person, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portaal.example.org"
    response = client.post(RESET, {"email": "AN@example.org"})
    assert response.status_code == 302 and response["Location"] == DONE
    [message] = mail.outbox
    assert message.to == ["an@example.org"]
    assert message.subject == "Een nieuw wachtwoord voor het netwerkportaal"
    assert "Dag An," in message.body and "Je gebruikersnaam is: an" in message.body
    link = _link(message)
    assert link.startswith("https://portaal.example.org/nl/accounts/nieuw-wachtwoord/")

    # The first visit trades the token for the session: the address bar loses it.
    response = client.get(_path(link))
    assert response.status_code == 302
    form_url = response["Location"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in form_url
    html = client.get(form_url).content.decode()
    assert "Kies een nieuw wachtwoord" in html
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Je wachtwoord is veranderd" in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)

    # Used once: the same link now says so, in plain words.
    html = client.get(_path(link), follow=True).content.decode()
    assert "Deze link werkt niet meer" in html


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person):
    known = client.post(RESET, {"email": "an@example.org"})
    unknown = client.post(RESET, {"email": "niemand@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["an@example.org"]]


def test_no_mail_for_an_inactive_account(client, person):
    person.is_active = False
    person.save()
    assert client.post(RESET, {"email": "an@example.org"})["Location"] == DONE
    assert mail.outbox == []


def test_the_mail_comes_in_the_language_the_account_chose(client, person):
    from werkgroepen.models import MemberProfile

    profile = MemberProfile.for_user(person)
    profile.mail_language = "tr"
    profile.save()
    client.post(RESET, {"email": "an@example.org"})
    [message] = mail.outbox
    with override("tr"):
        subject = gettext("Een nieuw wachtwoord voor het netwerkportaal")
    assert subject != "Een nieuw wachtwoord voor het netwerkportaal"
    assert message.subject == subject
    assert "/tr/accounts/nieuw-wachtwoord/" in message.body


def test_asking_too_often_is_refused_with_a_clear_page_and_sends_nothing(client, person, settings):
    settings.PORTAL_PASSWORD_RESETS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(RESET, {"email": "an@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "an@example.org"})
    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert len(mail.outbox) == 2
    # Another visitor asking for another address is not held up.
    other = UserFactory(email="jan@example.org")
    other.save()
    assert (
        client.post(RESET, {"email": "jan@example.org"}, REMOTE_ADDR="10.0.0.9").status_code == 302
    )


@pytest.mark.parametrize(
    "path",
    [
        "/nl/accounts/nieuw-wachtwoord/MQ/verkeerd-token/",
        "/nl/accounts/nieuw-wachtwoord/" + "A" * 300 + "/" + "b" * 300 + "/",
    ],
)
def test_an_altered_link_says_so(client, person, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze link werkt niet meer" in html
    assert 'href="/nl/accounts/wachtwoord-vergeten/"' in html  # the way to a new link


def test_a_link_with_a_null_byte_is_an_ordinary_404(client, person):
    response = client.get("/nl/accounts/nieuw-wachtwoord/%00%ff/x/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


@pytest.mark.parametrize("email", ["", "geen-adres", "a" * 300 + "@example.org"])
def test_a_bad_address_is_shown_again_with_a_message(client, person, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email-error"' in html
    assert mail.outbox == []


def test_the_account_page_needs_a_login_and_changes_only_the_name(client, person):
    response = client.get("/nl/accounts/mijn-account/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(person)
    html = client.get("/nl/accounts/mijn-account/").content.decode()
    assert "an@example.org" in html
    response = client.post(
        "/nl/accounts/mijn-account/",
        {"first_name": "Anneke", "last_name": "Peeters", "is_superuser": "on", "email": "x@y.z"},
        follow=True,
    )
    assert "Je gegevens zijn bewaard." in response.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Anneke", "Peeters")
    assert not person.is_superuser and person.email == "an@example.org"


def test_the_header_links_a_member_to_their_account(client, person):
    client.force_login(person)
    html = client.get("/nl/accounts/mijn-account/").content.decode()
    assert 'class="account-name" href="/nl/accounts/mijn-account/"' in html


def test_a_member_changes_their_password_and_stays_logged_in(client, person):
    client.force_login(person)
    url = "/nl/accounts/mijn-account/wachtwoord/"
    wrong = client.post(
        url,
        {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and 'id="id_old_password-error"' in wrong.content.decode()
    person.refresh_from_db()
    assert person.check_password("het-oude-wachtwoord-1")

    response = client.post(
        url,
        {
            "old_password": "het-oude-wachtwoord-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Je nieuwe wachtwoord is bewaard." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert client.get("/nl/accounts/mijn-account/").status_code == 200  # still logged in
    assert get_user_model().objects.filter(pk=person.pk, is_active=True).exists()
