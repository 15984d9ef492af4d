"""The admin's import screen (Kennisbank → Praktijkfiches importeren): who may open it,
a run of several files, its report, re-uploads and every kind of bad file."""

import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from access import roles
from core.models import PortalImage
from kennisbank import imports
from kennisbank.models import PracticePage, SheetImport, SheetImportLine
from tests.kennisbank.factories import TargetGroupFactory, ThemeFactory
from tests.kennisbank.sheets import KAPELLEN, MARKDOWN
from tests.portal.factories import UserFactory

URL = "/admin/praktijkfiches/"

DEBT_SHEET = """Gezinnen met schulden krijgen samen met een vrijwilliger grip op hun budget.

Schuldencafé in de bibliotheek

Doelstelling

Elke donderdag kunnen gezinnen met schulden binnenlopen. Een vrijwilliger helpt een
afbetalingsplan opmaken en de energiefactuur lezen. Wie schulden heeft, schaamt zich
vaak: het café is anoniem.

Tip

 • Leg afbetalingsplannen op papier klaar.
"""

BICYCLE_SHEET = """Kinderen herstellen samen hun fiets.

Fietsatelier op woensdag

Doelstelling

Elke woensdag leren kinderen een band plakken, remmen afstellen en een ketting smeren.

Tip

 • Zorg voor genoeg bandenlichters.
"""


@pytest.fixture
def editor(role_groups, kennisbank):
    user = UserFactory(username="redactie", groups=[roles.REDACTEUR])
    roles.ensure_roles()
    return user


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Post to the screen and run the queued import, as the worker would."""

    def post(client, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, data)
        return response

    return post


def upload(name, content):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content)


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def word_bytes(paragraphs):
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report(client, response):
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]).content.decode()


def lines_of(run):
    return {line.filename: line for line in run.lines.all()}


# --- Who may open it ------------------------------------------------------------------


def test_an_editor_finds_the_screen_in_the_kennisbank_menu(client, editor, kennisbank):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Praktijkfiches importeren" in html
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'type="file"' in text and "multiple" in text
    assert kennisbank.title in text  # the kennisbank to import under


@pytest.mark.parametrize("role", [roles.PARTNER, None])
def test_partners_and_members_cannot_open_the_screen_or_a_report(client, kennisbank, role):
    user = UserFactory(username="buiten", groups=[role] if role else [])
    run = SheetImport.objects.create(parent=kennisbank, folder="")
    SheetImportLine.objects.create(run=run, position=0, filename="geheim-verslag.docx")
    client.force_login(user)
    for address in (URL, f"{URL}{run.pk}/"):
        response = client.get(address)
        assert response.status_code in (302, 403)
        assert "geheim-verslag" not in response.content.decode()
    response = client.post(URL, {"parent": kennisbank.pk, "files": upload("a.txt", KAPELLEN)})
    assert response.status_code in (302, 403)
    assert not PracticePage.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, kennisbank):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- A run ----------------------------------------------------------------------------


def test_several_sheets_and_a_photo_become_drafts_with_a_report(
    client, editor, kennisbank, run_now
):
    client.force_login(editor)
    response = run_now(
        client,
        {
            "parent": kennisbank.pk,
            "files": [
                upload("kapellen.txt", KAPELLEN),
                upload("boom.md", MARKDOWN),
                upload("kapellen-oudercafe.jpg", jpeg_bytes()),
            ],
        },
    )
    html = report(client, response)
    run = SheetImport.objects.get()
    assert run.done and run.user == editor
    lines = lines_of(run)
    assert lines["kapellen.txt"].status == "created"
    assert lines["boom.md"].status == "created"
    assert lines["kapellen-oudercafe.jpg"].status == "photo"
    kapellen = PracticePage.objects.get(title="Kapellen: een oudercafé in de kinderopvang")
    assert not kapellen.live  # nothing is published without a person
    assert kapellen.image is not None
    assert f"/admin/pages/{kapellen.pk}/edit/" in html
    assert "Concept" in html and "Klaar." in html
    assert not Path(run.folder).exists()  # the uploads are gone once read


def test_the_screen_lists_the_last_runs(client, editor, kennisbank, run_now):
    client.force_login(editor)
    run_now(client, {"parent": kennisbank.pk, "files": upload("kapellen.txt", KAPELLEN)})
    run = SheetImport.objects.get()
    html = client.get(URL).content.decode()
    assert f"{URL}{run.pk}/" in html


def test_uploading_the_same_files_again_makes_no_second_page(client, editor, kennisbank, run_now):
    client.force_login(editor)
    files = {"parent": kennisbank.pk}
    run_now(client, {**files, "files": [upload("kapellen.txt", KAPELLEN)]})
    response = run_now(
        client,
        {**files, "files": [upload("kapellen.txt", KAPELLEN), upload("kopie.txt", KAPELLEN)]},
    )
    report(client, response)
    assert PracticePage.objects.count() == 1
    latest = SheetImport.objects.order_by("-pk").first()
    assert {line.status for line in latest.lines.all()} == {"unchanged"}


def test_a_word_sheet_is_read_in_the_background_task(client, editor, kennisbank, run_now):
    client.force_login(editor)
    word = word_bytes(
        [
            (None, "Jongeren koken samen voor de buurt."),
            ("Title", "Wijnegem: kookklas voor jongeren"),
            ("Heading 1", "Doelstelling"),
            (None, "Jongeren leren koken met een klein budget."),
            ("Heading 1", "Tips"),
            ("List Bullet", "Kook met wat de voedselbank heeft."),
        ]
    )
    response = run_now(client, {"parent": kennisbank.pk, "files": upload("wijnegem.docx", word)})
    report(client, response)
    page = PracticePage.objects.get(title="Wijnegem: kookklas voor jongeren")
    assert [tip.text for tip in page.tips.all()] == ["Kook met wat de voedselbank heeft."]


# --- Bad files --------------------------------------------------------------------------


BAD_FILES = {
    "not a sheet": ("notities.pdf", b"%PDF-1.4 not a sheet at all"),
    "no sheet inside": ("leeg.txt", b"   \n\n  "),
    "damaged Word": ("kapot.docx", b"PK\x03\x04 this zip ends here"),
    "macro-enabled": ("macro.docm", b"PK\x03\x04 whatever is inside"),
    "photo that is no image": ("foto.jpg", b"this is text, not a photo"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_gets_a_clear_line_and_the_others_are_imported(
    client, editor, kennisbank, run_now, kind
):
    name, content = BAD_FILES[kind]
    client.force_login(editor)
    images_before = PortalImage.objects.count()
    response = run_now(
        client,
        {"parent": kennisbank.pk, "files": [upload(name, content), upload("boom.md", MARKDOWN)]},
    )
    html = report(client, response)
    lines = lines_of(SheetImport.objects.get())
    assert lines[name].status == "failed"
    assert len(lines[name].message) > 15  # a reason in words
    assert escape(lines[name].message) in html
    assert lines[name].page is None
    assert lines["boom.md"].status == "created"
    assert PracticePage.objects.count() == 1  # only the good sheet
    assert PortalImage.objects.count() == images_before


def test_an_oversized_file_is_refused_without_being_stored(
    client, editor, kennisbank, run_now, monkeypatch, settings
):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 1000)
    client.force_login(editor)
    response = run_now(
        client,
        {
            "parent": kennisbank.pk,
            "files": [upload("groot.txt", KAPELLEN * 3), upload("klein.md", MARKDOWN[:900])],
        },
    )
    report(client, response)
    lines = lines_of(SheetImport.objects.get())
    assert lines["groot.txt"].status == "failed"
    assert "Te groot" in lines["groot.txt"].message
    assert lines["klein.md"].status == "created"
    stored = list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("groot*"))
    assert stored == []


def test_no_file_or_another_kennisbank_is_a_form_error(client, editor, kennisbank):
    client.force_login(editor)
    response = client.post(URL, {"parent": kennisbank.pk})
    assert response.status_code == 200
    assert "Kies minstens één bestand." in response.content.decode()
    response = client.post(URL, {"parent": 999999, "files": upload("a.txt", KAPELLEN)})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    assert not SheetImport.objects.exists()


def test_a_path_in_a_file_name_stays_inside_the_runs_folder(client, editor, kennisbank, run_now):
    client.force_login(editor)
    run_now(
        client, {"parent": kennisbank.pk, "files": upload("../../../etc/kapellen.txt", KAPELLEN)}
    )
    [line] = SheetImport.objects.get().lines.all()
    assert "/" not in line.filename and ".." not in line.filename
    assert line.status == "created"


# --- Suggestions ------------------------------------------------------------------------


@pytest.fixture
def terms(kennisbank):
    return {
        "debts": ThemeFactory(
            name="Schulden", slug="schulden", keywords="schulden, afbetalingsplan, energiefactuur"
        ),
        "school": ThemeFactory(name="Onderwijs", slug="onderwijs", keywords="school, leerkracht"),
        "families": TargetGroupFactory(
            name="Gezinnen met schulden", slug="gezinnen-schulden", keywords="budget, schulden"
        ),
    }


def test_a_sheet_about_debts_gets_the_debt_theme_marked_as_suggested(
    client, editor, kennisbank, run_now, terms
):
    client.force_login(editor)
    response = run_now(
        client, {"parent": kennisbank.pk, "files": upload("schulden.txt", DEBT_SHEET)}
    )
    html = report(client, response)
    page = PracticePage.objects.get(title="Schuldencafé in de bibliotheek")
    draft = page.get_latest_revision_as_object()
    assert terms["debts"] in draft.themes.all()
    assert terms["school"] not in draft.themes.all()
    assert draft.classification_to_confirm
    assert "Schulden" in html and "Voorgestelde indeling" in html


def test_a_sheet_about_nothing_the_terms_know_says_so(client, editor, kennisbank, run_now, terms):
    client.force_login(editor)
    response = run_now(
        client, {"parent": kennisbank.pk, "files": upload("fiets.txt", BICYCLE_SHEET)}
    )
    html = report(client, response)
    page = PracticePage.objects.get(title="Fietsatelier op woensdag")
    assert not page.themes.exists() and not page.target_groups.exists()
    assert not page.classification_to_confirm
    assert "Geen indeling voorgesteld" in html


def test_suggested_terms_are_not_published_until_an_editor_confirms_them(
    client, editor, kennisbank, run_now, terms, rf
):
    """Wagtail's edit view saves the draft, then asks the ``before_publish_page`` hooks;
    ours answers with the editor's page and a message while the flag is set."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from wagtail import hooks

    client.force_login(editor)
    run_now(client, {"parent": kennisbank.pk, "files": upload("schulden.txt", DEBT_SHEET)})
    page = PracticePage.objects.get(title="Schuldencafé in de bibliotheek")
    draft = page.get_latest_revision_as_object()
    request = rf.post(f"/admin/pages/{page.pk}/edit/")
    request.user = editor
    request.session = client.session
    request._messages = FallbackStorage(request)

    answers = [hook(request, draft) for hook in hooks.get_hooks("before_publish_page")]
    refusals = [answer for answer in answers if answer is not None]
    assert len(refusals) == 1
    assert refusals[0]["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert any("voorgesteld" in str(message) for message in get_messages(request))

    draft.classification_to_confirm = False  # the editor checked and unticked it
    assert [hook(request, draft) for hook in hooks.get_hooks("before_publish_page")] == [
        None
    ] * len(answers)


def test_the_menus_permission_check_does_not_grow_with_the_kennisbanks(
    editor, kennisbank, home_page
):
    """The menu asks ``may_import`` on every admin page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.kennisbank.factories import KennisbankIndexPageFactory

    with CaptureQueriesContext(connection) as one:
        assert imports.parents_for(editor) == [kennisbank]
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    add = Permission.objects.get(codename="add_page")
    for slug in ("kennisbank-2", "kennisbank-3"):
        page = KennisbankIndexPageFactory(parent=home_page, slug=slug)
        GroupPagePermission.objects.create(
            group=Group.objects.get(name=roles.REDACTEUR), page=page, permission=add
        )
    editor = type(editor).objects.get(pk=editor.pk)  # no permissions kept from before
    with CaptureQueriesContext(connection) as three:
        assert len(imports.parents_for(editor)) == 3
    assert len(three) <= len(one)
