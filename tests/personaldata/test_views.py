"""*Mijn gegevens* and the coordinator's views: each person sees only their own data;
only coordinators reach the admin views."""

import io
import json
import zipfile

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from personaldata import accesslog
from tests.personaldata.conftest import EMAIL, FIRST_NAME, LAST_NAME, USERNAME
from werkgroepen import accesslog as space_log

pytestmark = pytest.mark.django_db


def _zip_json(response):
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("data.json")), archive.read("data.html").decode()


def test_my_data_needs_a_login(client):
    response = client.get("/nl/mijn-gegevens/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_my_data_shows_my_own_data_never_cached(client, rich_person):
    client.force_login(rich_person)
    response = client.get("/nl/mijn-gegevens/")
    page = response.content.decode()
    assert USERNAME in page and f"Ik, {FIRST_NAME}, ben akkoord." in page
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_nobody_sees_another_persons_data(client, rich_person, member):
    client.force_login(member)
    page = client.get(f"/nl/mijn-gegevens/?user={rich_person.pk}&account={rich_person.pk}")
    text = page.content.decode()
    assert "lid-test" in text
    for string in (USERNAME, LAST_NAME, FIRST_NAME, EMAIL):
        assert string not in text


def test_the_download_is_always_my_own_whatever_the_query_says(client, rich_person, member):
    client.force_login(member)
    response = client.get(f"/nl/mijn-gegevens/download/?user={rich_person.pk}&id={rich_person.pk}")
    data, html = _zip_json(response)
    assert data["sections"]["account"]["rows"][0]["username"] == "lid-test"
    assert USERNAME not in json.dumps(data) and USERNAME not in html
    entries = list(ModelLogEntry.objects.filter(action__startswith="personaldata."))
    assert [(e.action, e.object_id, e.user) for e in entries] == [
        (accesslog.EXPORTED, str(member.pk), member)
    ]


def test_the_access_log_shown_is_only_about_my_own_items(client, rich_person, member, lead, space):
    # An entry about someone else's membership must not appear on my page.
    space_log.membership_changed(lead, space, member, "add")
    client.force_login(rich_person)
    data, _html = _zip_json(client.get("/nl/mijn-gegevens/download/"))
    rows = data["sections"]["werkgroepen.access_log"]["rows"]
    assert {row["item"] for row in rows} == {USERNAME, f"Verslag van {FIRST_NAME} {LAST_NAME}"}


ADMIN_URLS = [
    "/admin/persoonsgegevens/?q=qx",
    "/admin/persoonsgegevens/account/{pk}/",
    "/admin/persoonsgegevens/account/{pk}/download/",
    "/admin/persoonsgegevens/account/{pk}/wissen/",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_only_coordinators_reach_the_admin_views(client, rich_person, lead, url):
    lead.is_staff = True
    lead.save()
    client.force_login(lead)
    response = client.get(url.format(pk=rich_person.pk))
    assert response.status_code in (302, 403)
    assert LAST_NAME.encode() not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )


def test_the_coordinator_finds_sees_and_downloads_a_persons_data(client, rich_person, coordinator):
    client.force_login(coordinator)
    found = client.get("/admin/persoonsgegevens/", {"q": LAST_NAME}).content.decode()
    assert f"/admin/persoonsgegevens/account/{rich_person.pk}/" in found
    page = client.get(f"/admin/persoonsgegevens/account/{rich_person.pk}/").content.decode()
    assert f"Ik, {FIRST_NAME}, ben akkoord." in page
    data, _html = _zip_json(
        client.get(f"/admin/persoonsgegevens/account/{rich_person.pk}/download/")
    )
    assert data["sections"]["account"]["rows"][0]["username"] == USERNAME


def test_the_erase_page_says_what_happens_and_needs_the_username(
    client, rich_person, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = f"/admin/persoonsgegevens/account/{rich_person.pk}/wissen/"
    page = client.get(url).content.decode()
    assert "Documenten in werkgroep Participatie (1): blijven staan." in page
    assert "met als afzender &#x27;een deelnemer&#x27;" in page
    wrong = client.post(url, {"confirm": "iets anders"}).content.decode()
    assert "Dat is niet juist" in wrong
    rich_person.refresh_from_db()
    assert rich_person.username == USERNAME
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": USERNAME})
    assert done.status_code == 302
    rich_person.refresh_from_db()
    assert rich_person.username == f"gewist-{rich_person.pk}"
    assert ModelLogEntry.objects.get(action=accesslog.ERASED).user == coordinator


def test_a_participant_without_an_account_by_their_invitation(
    client, coordinator, space, lead, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from werkgroepen.models import InputItem, Invitation

    invitation = Invitation.objects.create(
        space=space, name="Quirijntje", expires_at=timezone.now() + timezone.timedelta(days=7)
    )
    InputItem.objects.create(
        space=space,
        locale=space.locale,
        text="Over de bus.",
        invitation=invitation,
        participant_name="Quirijntje",
    )
    client.force_login(coordinator)
    found = client.get("/admin/persoonsgegevens/", {"q": "quirijn"}).content.decode()
    assert f'value="{invitation.pk}"' in found
    page = client.get("/admin/persoonsgegevens/deelnemer/", {"uitnodiging": invitation.pk})
    assert "Over de bus." in page.content.decode()
    for bad in ("x", 999, ""):
        refused = client.get(
            "/admin/persoonsgegevens/deelnemer/", {"uitnodiging": bad}, follow=True
        )
        assert refused.status_code == 404
    url = f"/admin/persoonsgegevens/deelnemer/wissen/?uitnodiging={invitation.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "wissen", "uitnodiging": invitation.pk})
    invitation.refresh_from_db()
    item = InputItem.objects.get()
    assert invitation.name == "" and item.participant_name == "" and item.text == "Over de bus."


def test_dates_on_the_page_are_written_the_way_the_reader_reads_them():
    from personaldata.templatetags.personaldata_tags import readable

    with translation.override("nl"):
        assert readable("2026-05-03") == "3 mei 2026"
        assert readable("2026-05-03T14:05:00+02:00").startswith("3 mei 2026")
        assert readable("2026-13-40") == "2026-13-40"  # not a date: shown as it is
        assert readable("Vergadering 2026") == "Vergadering 2026"
