"""Pages past their review date: the admin report for editors, the owner's e-mail."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from access import roles
from tests.kennisbank.factories import MethodPageFactory, PracticePageFactory
from tests.portal.factories import UserFactory


@pytest.fixture
def dates(kennisbank):
    today = timezone.localdate()
    owner = UserFactory(username="an", first_name="An", email="an@example.org")
    other = UserFactory(username="bert", email="bert@example.org")
    return {
        "late": PracticePageFactory(
            parent=kennisbank,
            title="Te laat",
            owner=owner,
            review_date=today - datetime.timedelta(days=30),
        ),
        "today": MethodPageFactory(
            parent=kennisbank, title="Vandaag", owner=owner, review_date=today
        ),
        "later": PracticePageFactory(
            parent=kennisbank,
            title="Later",
            owner=other,
            review_date=today + datetime.timedelta(days=30),
        ),
        "none": PracticePageFactory(parent=kennisbank, title="Zonder datum", owner=other),
        "orphan": PracticePageFactory(
            parent=kennisbank,
            title="Wees",
            owner=None,
            review_date=today - datetime.timedelta(days=1),
        ),
    }


def test_editors_report_lists_only_pages_past_their_review_date(client, dates, role_groups):
    editor = UserFactory(username="redactie", groups=[roles.REDACTEUR])
    roles.ensure_roles()  # grants the page permissions on the kennisbank
    client.force_login(editor)
    html = client.get("/admin/kennisbank/nakijken/").content.decode()
    assert "Te laat" in html and "Vandaag" in html and "Wees" in html
    assert "Later" not in html and "Zonder datum" not in html
    assert html.index("Te laat") < html.index("Vandaag")  # oldest first


def test_report_is_in_the_reports_menu_and_exports(client, dates, coordinator):
    client.force_login(coordinator)
    assert "/admin/kennisbank/nakijken/" in client.get("/admin/").content.decode()
    response = client.get("/admin/kennisbank/nakijken/?export=csv")
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Te laat" in body and "Later" not in body


def test_report_needs_page_permissions(client, dates, partner):
    client.force_login(partner)
    response = client.get("/admin/kennisbank/nakijken/")
    assert response.status_code in (302, 403)


def test_owner_gets_one_mail_with_all_due_pages(dates):
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.org"]
    assert "2 pagina's" in message.subject
    assert "Dag An," in message.body
    assert "Te laat" in message.body and "Vandaag" in message.body
    assert f"http://testserver/admin/pages/{dates['late'].pk}/edit/" in message.body
    assert "Wees" in out.getvalue()  # no owner: said, not mailed


def test_the_reminder_comes_in_the_owners_language_for_mails(dates):
    from werkgroepen.models import MemberProfile

    profile = MemberProfile.for_user(dates["late"].owner)
    profile.mail_language = "fr"
    profile.save()
    call_command("send_review_reminders", stdout=StringIO())
    [message] = mail.outbox
    assert message.subject.startswith("À revoir : 2 pages")
    assert "Bonjour An," in message.body and "Dag An" not in message.body
    assert "Te laat" in message.body  # page titles as written


def test_reminders_are_not_repeated_every_day(dates):
    call_command("send_review_reminders", stdout=StringIO())
    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    call_command("send_review_reminders", "--every", "0", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(dates):
    out = StringIO()
    call_command("send_review_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "would send 1 reminder" in out.getvalue()
