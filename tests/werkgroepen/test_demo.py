"""The demo gives three working groups that show who sees what."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model

from access.privacy import can_view_page
from werkgroepen.models import FeedbackPage, InputItem, MeetingPage, WorkingGroupPage


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())


def user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_demo_has_three_spaces_under_werkgroepen(demo, client):
    spaces = WorkingGroupPage.objects.all()
    assert spaces.count() == 3
    assert all(space.url.startswith("/nl/werkgroepen/") for space in spaces)
    participatie = spaces.get(slug="participatie")
    assert participatie.is_lead(user("trekker"))
    assert participatie.is_member(user("lid")) and not participatie.is_lead(user("lid"))
    for space in spaces:
        assert not can_view_page(user("buitenstaander"), space)


def test_demo_space_has_meetings_documents_versions_and_items(demo):
    space = WorkingGroupPage.objects.get(slug="participatie")
    meetings = MeetingPage.objects.child_of(space)
    assert meetings.filter(start__lt=timezone.now()).exists()
    assert meetings.filter(start__gt=timezone.now()).exists()
    assert meetings.count() >= 2
    Document = get_document_model()
    docs = Document.objects.filter(collection=space.collection)
    assert {d.file_extension for d in docs} >= {"pdf", "docx"}
    assert all(d.extraction_status == "done" for d in docs)
    assert any(d.versions.exists() for d in docs)
    statuses = set(InputItem.objects.filter(space=space).values_list("status", flat=True))
    assert len(statuses) == 5


def test_demo_feedback_page_is_public_and_in_easy_read(demo, client):
    page = FeedbackPage.objects.get(slug="terugkoppeling")
    html = client.get(page.url).content.decode()
    assert "Brieven van het sociaal huis zijn moeilijk." in html
    assert "leefloon" not in html  # the private wording stays in the space
    assert page.has_easy_read


def test_demo_logs_in_as_lid_and_sees_participatie(demo, client):
    client.post("/nl/accounts/login/", {"username": "lid", "password": "portaal-demo"})
    html = client.get("/nl/werkgroepen/").content.decode()
    assert "Participatie" in html and "Drempels naar hulp" not in html


def test_demo_sends_no_working_group_mail(demo):
    titles = list(WorkingGroupPage.objects.values_list("title", flat=True))
    for message in mail.outbox:  # other apps' demos may mail (e.g. workflows)
        assert not any(f"[{title}]" in message.subject for title in titles), message.subject
