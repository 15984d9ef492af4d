"""Pages past their review date (kennisbank and easy-read pages): the admin report for
editors, the owner's e-mail, the date in the edit form and in translations."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import TranslationSource

from access import roles
from core import review
from core.review import due_pages
from home.models import EasyReadPage
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.kennisbank.factories import (
    KennisbankIndexPageFactory,
    MethodPageFactory,
    PracticePageFactory,
)
from tests.portal.factories import UserFactory

TODAY = timezone.localdate


def days_ago(days):
    return TODAY() - datetime.timedelta(days=days)


@pytest.fixture
def kennisbank(home_page, role_groups):
    return KennisbankIndexPageFactory(parent=home_page)


@pytest.fixture
def easy_section(home_page, role_groups):
    return EasyReadIndexPageFactory(parent=home_page)


@pytest.fixture
def owner(db):
    return UserFactory(username="an", first_name="An", email="an@example.org")


@pytest.fixture
def dates(kennisbank, owner):
    other = UserFactory(username="bert", email="bert@example.org")
    return {
        "late": PracticePageFactory(
            parent=kennisbank, title="Te laat", owner=owner, review_date=days_ago(30)
        ),
        "today": MethodPageFactory(
            parent=kennisbank, title="Vandaag", owner=owner, review_date=TODAY()
        ),
        "later": PracticePageFactory(
            parent=kennisbank, title="Later", owner=other, review_date=days_ago(-30)
        ),
        "none": PracticePageFactory(parent=kennisbank, title="Zonder datum", owner=other),
        "orphan": PracticePageFactory(
            parent=kennisbank, title="Wees", owner=None, review_date=days_ago(1)
        ),
    }


@pytest.fixture
def bills(easy_section, owner):
    """An easy-read page of the same owner, past its date (between "Te laat" and
    "Vandaag")."""
    return EasyReadPageFactory(
        parent=easy_section, title="Hulp bij je rekeningen", owner=owner, review_date=days_ago(5)
    )


def report(client, query=""):
    response = client.get(f"/admin/rapporten/nakijken/{query}")
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- The report -----------------------------------------------------------------------


def test_editors_report_lists_only_pages_past_their_review_date(client, dates, role_groups):
    editor = UserFactory(username="redactie", groups=[roles.REDACTEUR])
    roles.ensure_roles()  # grants the page permissions on the kennisbank
    client.force_login(editor)
    html = report(client)
    assert "Te laat" in html and "Vandaag" in html and "Wees" in html
    assert "Later" not in html and "Zonder datum" not in html
    assert html.index("Te laat") < html.index("Vandaag")  # oldest first


def test_report_lists_easy_read_and_kennisbank_pages_by_date_with_their_type(
    client, dates, bills, coordinator
):
    client.force_login(coordinator)
    html = report(client)
    assert html.index("Te laat") < html.index("Hulp bij je rekeningen") < html.index("Vandaag")
    assert "Pagina in eenvoudige taal" in html and "Praktijkvoorbeeld" in html
    assert "Methode" in html


def test_report_is_in_the_reports_menu_and_exports(client, dates, bills, coordinator):
    client.force_login(coordinator)
    assert "/admin/rapporten/nakijken/" in client.get("/admin/").content.decode()
    body = report(client, "?export=csv")
    assert "Te laat" in body and "Hulp bij je rekeningen" in body and "Later" not in body
    assert "Pagina in eenvoudige taal" in body


def test_the_old_address_of_the_report_still_leads_to_it(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/kennisbank/nakijken/")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/admin/rapporten/nakijken/"


def test_report_needs_page_permissions(client, dates, partner):
    client.force_login(partner)
    response = client.get("/admin/rapporten/nakijken/")
    assert response.status_code in (302, 403)


def test_an_editor_of_the_kennisbank_only_does_not_see_easy_read_pages(
    client, dates, bills, kennisbank
):
    group = Group.objects.create(name="Alleen kennisbank")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=kennisbank, permission=Permission.objects.get(codename="change_page")
    )
    client.force_login(UserFactory(username="kb-redactie", groups=["Alleen kennisbank"]))
    html = report(client)
    assert "Te laat" in html
    assert "Hulp bij je rekeningen" not in html


# --- The reminders --------------------------------------------------------------------


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


def test_easy_read_and_kennisbank_pages_come_in_one_mail_per_owner(dates, bills):
    call_command("send_review_reminders", stdout=StringIO())
    [message] = mail.outbox
    assert "3 pagina's" in message.subject
    assert "kennisbank" not in message.subject + message.body
    titles = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert titles == [
        f"- Te laat ({days_ago(30):%d-%m-%Y})",
        f"- Hulp bij je rekeningen ({days_ago(5):%d-%m-%Y})",
        f"- Vandaag ({TODAY():%d-%m-%Y})",
    ]
    assert f"http://testserver/admin/pages/{bills.pk}/edit/" in message.body
    assert "'nakijken tegen'" in message.body
    bills.refresh_from_db()
    dates["late"].refresh_from_db()
    assert bills.review_reminder_sent == TODAY()
    assert dates["late"].review_reminder_sent == TODAY()


def test_an_easy_read_page_is_not_mailed_again_within_the_quiet_period(bills):
    call_command("send_review_reminders", stdout=StringIO())
    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    call_command("send_review_reminders", "--every", "0", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert "Hulp bij je rekeningen" in mail.outbox[1].body


def test_the_reminder_comes_in_the_owners_language_for_mails(dates):
    from werkgroepen.models import MemberProfile

    profile = MemberProfile.for_user(dates["late"].owner)
    profile.mail_language = "fr"
    profile.save()
    call_command("send_review_reminders", stdout=StringIO())
    [message] = mail.outbox
    assert message.subject.startswith("À revoir : ")
    assert "Bonjour An," in message.body and "Dag An" not in message.body
    assert "Vérifiez que tout est encore juste" in message.body
    assert "Te laat" in message.body  # page titles as written


def test_reminders_are_not_repeated_every_day(dates):
    call_command("send_review_reminders", stdout=StringIO())
    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    call_command("send_review_reminders", "--every", "0", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_dry_run_sends_nothing(dates, bills):
    out = StringIO()
    call_command("send_review_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "would send 1 reminder" in out.getvalue()
    bills.refresh_from_db()
    assert bills.review_reminder_sent is None


def test_due_pages_is_one_query_of_pages_with_their_dates(dates, bills, django_assert_num_queries):
    with django_assert_num_queries(1):
        pages = list(due_pages())
    assert [page.title for page in pages] == [
        "Te laat",
        "Hulp bij je rekeningen",
        "Wees",
        "Vandaag",
    ]
    assert pages[1].review_date == days_ago(5)
    assert pages[1].owner.username == "an"


def test_due_pages_works_with_a_single_page_type(bills, monkeypatch):
    monkeypatch.setattr(review, "review_models", lambda: [EasyReadPage])
    assert [page.review_date for page in due_pages()] == [days_ago(5)]


# --- Editing and translating ----------------------------------------------------------


def test_editor_sets_the_review_date_of_an_easy_read_page(client_for, coordinator, easy_section):
    client = client_for(coordinator)
    url = f"/admin/pages/add/home/easyreadpage/{easy_section.pk}/"
    assert 'name="review_date"' in client.get(url).content.decode()
    data = nested_form_data(
        {
            "title": "Schoolpremie",
            "slug": "schoolpremie",
            "summary": "Geld voor de school van je kind.",
            "body": streamfield([("paragraph", {"text": "Je krijgt geld voor school."})]),
            "easy_read": streamfield([]),
            "audience": "public",
            "review_date": "2027-08-01",
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EasyReadPage.objects.get(slug="schoolpremie").review_date == datetime.date(2027, 8, 1)


def translate(page, code="fr"):
    source, _created = TranslationSource.get_or_create_from_instance(page)
    source.update_from_db()
    translated, _created = source.create_or_update_translation(
        Locale.objects.get(language_code=code), fallback=True
    )
    return translated


def test_a_translation_keeps_the_review_date_in_sync_but_not_the_reminder(home_page, bills):
    bills.review_reminder_sent = TODAY()
    bills.save()
    translate(home_page)
    translate(bills.get_parent().specific)
    french = translate(bills)
    assert french.review_date == days_ago(5)
    assert french.review_reminder_sent is None  # never mailed about

    bills.review_date = datetime.date(2027, 3, 1)
    bills.save_revision().publish()
    french = translate(bills)
    assert french.review_date == datetime.date(2027, 3, 1)


def test_a_copy_has_not_been_mailed_about(bills, easy_section):
    bills.review_reminder_sent = TODAY()
    bills.save()
    copy = bills.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    assert copy.review_date == bills.review_date
    assert copy.review_reminder_sent is None
