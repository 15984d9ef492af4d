"""Read-aloud recordings made on the server (easyread.recordings): made after a
publish, made again when the text changes, heard only by who may read the page."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import checks
from django.test import Client

from access import roles
from easyread import recordings
from easyread.models import Recording
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.factories import UserFactory
from tests.search.factories import restrict_page

AUDIO_SRC = re.compile(r'<audio[^>]* src="(/voorlezen/\d+\.mp3)"')


@pytest.fixture(autouse=True)
def _recordings_on(settings):
    settings.PORTAL_READ_ALOUD_RECORDINGS = True


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page and run what waits for the commit (the recording task)."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return _publish


@pytest.fixture
def easy_section(home_page):
    return EasyReadIndexPageFactory(parent=home_page)


def _is_mp3(data):
    return data[:3] == b"ID3" or (data[0] == 0xFF and data[1] & 0xE0 == 0xE0)


def _audio_url(html):
    found = AUDIO_SRC.search(html)
    return found.group(1) if found else None


def test_a_published_page_gets_a_recording_of_its_text(easy_section, publish):
    page = EasyReadPageFactory(parent=easy_section, title="Hulp bij je huur")
    publish(page)
    recording = Recording.objects.get(page=page, level=recordings.FULL)
    assert recording.language == "nl"
    with recording.file.open("rb") as handle:
        assert _is_mp3(handle.read())
    # Kept beside the documents, never in the public media folder.
    assert recording.file.path.startswith(str(django_settings.PRIVATE_MEDIA_ROOT))
    spoken = recordings.spoken_text(page, recordings.FULL)
    assert spoken.startswith("Hulp bij je huur\n")
    assert "Kan je je rekeningen niet betalen? Wij helpen je." in spoken
    assert "Bel ons." in spoken


def test_the_page_plays_its_recording(client, easy_section, publish):
    page = publish(EasyReadPageFactory(parent=easy_section))
    url = _audio_url(client.get(page.url).content.decode())
    assert url is not None
    response = client.get(url)
    assert response["Content-Type"] == "audio/mpeg"
    assert _is_mp3(b"".join(response.streaming_content))
    assert "public" not in response["Cache-Control"]


def test_the_easy_read_choice_gets_the_easy_read_recording(client, home_page, publish):
    home_page.body = [("paragraph", "<p>Het netwerk werkt samen met veertig partners.</p>")]
    home_page.easy_read = [("paragraph", {"text": "Wij helpen gezinnen met weinig geld."})]
    publish(home_page)
    full = Recording.objects.get(page=home_page, level=recordings.FULL)
    easy = Recording.objects.get(page=home_page, level=recordings.EASY)
    assert "veertig partners" in recordings.spoken_text(home_page, recordings.FULL)
    assert "weinig geld" in recordings.spoken_text(home_page, recordings.EASY)
    assert _audio_url(client.get("/nl/").content.decode()) == f"/voorlezen/{full.pk}.mp3"
    html = client.get("/nl/?eenvoudig=1").content.decode()
    assert _audio_url(html) == f"/voorlezen/{easy.pk}.mp3"


def test_a_changed_text_is_recorded_again_and_an_unchanged_one_is_not(
    easy_section, publish, monkeypatch
):
    page = publish(EasyReadPageFactory(parent=easy_section))
    first = Recording.objects.get(page=page)
    with first.file.open("rb") as handle:
        first_audio = handle.read()
    made = []
    real = recordings.synthesise
    monkeypatch.setattr(recordings, "synthesise", lambda *a: made.append(a) or real(*a))

    page.title = "Een andere titel"  # read first, so part of the text
    publish(page)
    assert len(made) == 1
    second = Recording.objects.get(page=page)
    assert second.text_hash != first.text_hash
    with second.file.open("rb") as handle:
        assert handle.read() != first_audio
    assert second.file.name != first.file.name
    assert not second.file.storage.exists(first.file.name)

    publish(page)  # the same text again
    assert len(made) == 1


def test_recordings_go_with_an_unpublished_or_deleted_page(
    easy_section, publish, django_capture_on_commit_callbacks
):
    kept = publish(EasyReadPageFactory(parent=easy_section))
    gone = publish(EasyReadPageFactory(parent=easy_section))
    files = {page.pk: Recording.objects.get(page=page).file for page in (kept, gone)}
    storage = files[kept.pk].storage

    with django_capture_on_commit_callbacks(execute=True):
        kept.unpublish()
    assert not Recording.objects.filter(page=kept).exists()
    assert not storage.exists(files[kept.pk].name)

    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert not Recording.objects.filter(page_id=gone.pk).exists()
    assert not storage.exists(files[gone.pk].name)


def test_a_deletion_that_rolls_back_keeps_the_file(easy_section, publish):
    from django.db import transaction

    page = publish(EasyReadPageFactory(parent=easy_section))
    recording = Recording.objects.get(page=page)
    try:
        with transaction.atomic():
            page.delete()
            raise RuntimeError
    except RuntimeError:
        pass
    assert Recording.objects.filter(pk=recording.pk).exists()
    assert recording.file.storage.exists(recording.file.name)


def test_a_recording_is_heard_only_by_who_may_read_the_page(easy_section, publish, role_groups):
    page = EasyReadPageFactory(parent=easy_section, title="Alleen voor partners")
    restrict_page(page, Group.objects.get(name=roles.PARTNER))
    publish(page)
    recording = Recording.objects.get(page=page)
    url = f"/voorlezen/{recording.pk}.mp3"
    assert Client().get(url).status_code == 404
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 404
    partner = Client()
    partner.force_login(UserFactory(groups=[roles.PARTNER]))
    assert _is_mp3(b"".join(partner.get(url).streaming_content))
    assert _audio_url(partner.get(page.url).content.decode()) == url
    # A recording that does not exist looks the same as one you may not hear.
    assert Client().get(f"/voorlezen/{recording.pk + 1000}.mp3").status_code == 404


def test_without_espeak_ng_the_page_says_so_and_the_check_warns(
    client, easy_section, publish, settings
):
    settings.PORTAL_ESPEAK_NG = "/nonexistent/espeak-ng"
    page = publish(EasyReadPageFactory(parent=easy_section))
    assert not Recording.objects.filter(page=page).exists()
    html = client.get(page.url).content.decode()
    assert _audio_url(html) is None
    assert "er is nog geen opname van deze pagina" in html
    warnings = [m.id for m in checks.run_checks() if m.id.startswith("easyread.")]
    assert warnings == ["easyread.W001"]


def test_only_pages_that_offer_read_aloud_are_recorded(home_page, publish, role_groups):
    from tests.werkgroepen.factories import (
        MeetingPageFactory,
        WorkingGroupIndexPageFactory,
        WorkingGroupPageFactory,
    )

    index = WorkingGroupIndexPageFactory(parent=home_page)
    space = WorkingGroupPageFactory(parent=index, title="Werkgroep Wonen", slug="wonen")
    meeting = publish(MeetingPageFactory(parent=space, agenda="<p>Het verhaal van Sara.</p>"))
    publish(space)
    assert not Recording.objects.filter(page__in=[meeting, space]).exists()


def test_a_practice_recording_says_what_its_page_shows(home_page):
    from tests.kennisbank.factories import KennisbankIndexPageFactory, PracticePageFactory

    kennisbank = KennisbankIndexPageFactory(parent=home_page)
    practice = PracticePageFactory(
        parent=kennisbank,
        title="Buurtcafé",
        lead="Een koffie en een babbel.",
        goal="<p>Mensen leren elkaar kennen.</p>",
        contact_name="An Peeters",
        contact_role="opbouwwerker",
    )
    spoken = recordings.spoken_text(practice, recordings.FULL)
    for text in ("Buurtcafé", "Een koffie en een babbel.", "Mensen leren elkaar kennen."):
        assert text in spoken
    assert "An Peeters" in spoken
    assert "<p>" not in spoken


@pytest.mark.parametrize("language", [code for code, _name in django_settings.LANGUAGES])
def test_espeak_ng_reads_every_content_language(language):
    samples = {
        "nl": "Welkom bij het netwerk.",
        "fr": "Bienvenue au réseau.",
        "en": "Welcome to the network.",
        "ar": "مرحبا بكم في الشبكة.",
        "tr": "Ağa hoş geldiniz.",
        "pl": "Witamy w sieci.",
        "uk": "Ласкаво просимо до мережі.",
    }
    assert recordings.voice(language) is not None
    assert _is_mp3(recordings.synthesise(samples[language], language))
