"""Reading a space's document in the browser: the viewer page, the PDF it shows, and
the conversion of office files with LibreOffice (a real one: `make office-deps`
installs soffice, and the test targets depend on it)."""

import io
import re
import stat
import textwrap
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Collection

from demo.samplefiles import make_docx, make_pdf
from tests.werkgroepen.conftest import login
from werkgroepen import documents, previews
from werkgroepen.checks import previews_need_soffice, reader_needs_pdfjs
from werkgroepen.documents import document_model
from werkgroepen.staticfinders import PdfjsFinder

OUTSIDERS = ["partner", "other_member", "anonymous"]
ROUTES = ["document_reader", "document_pdf"]


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


def outsider(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def assert_private(response):
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, cache_control


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def previews_on(settings):
    settings.PORTAL_DOCUMENT_PREVIEWS = True
    return settings


@pytest.fixture
def office_document(space, lead, previews_on, django_capture_on_commit_callbacks):
    """A Word file uploaded to the space; its conversion runs after the commit."""

    def _make(text="Afspraken over de gezinnendag.", name="afspraken.docx", content=None):
        upload = SimpleUploadedFile(name, content or make_docx("Afspraken", [text]))
        with django_capture_on_commit_callbacks(execute=True):
            return documents.create_document(space, upload, lead, title="Afspraken")

    return _make


def stored(document_id):
    return sorted(previews._stored_names(document_id))


# --- a PDF --------------------------------------------------------------------------


def test_member_reads_a_pdf_in_the_browser(client, space, space_document, member):
    response = login(client, member).get(url(space, "document_reader", space_document.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Geheim verslag</h1>" in html
    assert f'href="{space_document.url}"' in html  # the download, as a fallback
    assert f'data-pdf="{url(space, "document_pdf", space_document.pk)}"' in html
    assert 'data-pdfjs="/static/pdfjs/pdf.min.mjs"' in html
    assert 'data-worker="/static/pdfjs/pdf.worker.min.mjs"' in html
    assert "Volgende pagina" in html and "Groter" in html
    assert_private(response)


def test_the_pdf_route_serves_the_document_itself_inline_and_privately(
    client, space, space_document, member
):
    response = login(client, member).get(url(space, "document_pdf", space_document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Verslag over de speelpleinwerking" in pdf_text(body(response))
    assert_private(response)


def test_the_viewer_page_uses_only_static_files_under_the_csp(
    client, space, space_document, member
):
    response = login(client, member).get(url(space, "document_reader", space_document.pk))
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, "the reader's script is on the page"
    for attributes, content in scripts:
        assert content.strip() == "", "no inline script"
        assert re.search(r'src="/static/', attributes), attributes
    assert 'src="/static/werkgroepen/pdf-reader.js"' in html
    assert " style=" not in html
    # The files the page names exist among the static files (PDF.js from npm).
    for name in ("werkgroepen/pdf-reader.js", "pdfjs/pdf.min.mjs", "pdfjs/pdf.worker.min.mjs"):
        assert finders.find(name), name
    script = Path(finders.find("werkgroepen/pdf-reader.js")).read_text(encoding="utf-8")
    assert "isEvalSupported: false" in script
    assert "eval(" not in script and "new Function" not in script


def test_the_pdfjs_files_are_served_as_javascript(client, space_document, member):
    response = login(client, member).get("/static/pdfjs/pdf.worker.min.mjs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")


def test_the_document_page_links_to_the_reader(client, space, space_document, member):
    response = login(client, member).get(url(space, "document_detail", space_document.pk))
    html = response.content.decode()
    assert "Lees in de browser" in html
    assert url(space, "document_reader", space_document.pk) in html


def test_a_text_file_has_no_reader_link_and_the_reader_says_why(client, space, lead, member):
    document = documents.create_document(
        space, SimpleUploadedFile("notities.txt", b"Gewone tekst."), lead
    )
    detail = login(client, member).get(url(space, "document_detail", document.pk))
    assert "Lees in de browser" not in detail.content.decode()
    response = client.get(url(space, "document_reader", document.pk))
    assert response.status_code == 200
    assert "kan je niet in de browser lezen" in response.content.decode()
    assert client.get(url(space, "document_pdf", document.pk)).status_code == 404


def test_without_pdfjs_the_reader_offers_the_download(
    client, space, space_document, member, settings
):
    settings.PDFJS_BUILD_DIR = "/nonexistent/pdfjs"
    response = login(client, member).get(url(space, "document_reader", space_document.pk))
    html = response.content.decode()
    assert "Lezen in de browser werkt niet op deze server" in html
    assert "pdf-reader.js" not in html
    assert f'href="{space_document.url}"' in html
    assert [w.id for w in reader_needs_pdfjs(None)] == ["werkgroepen.W002"]


# --- privacy ------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_nothing_from_either_route(
    request, client, space, space_document, who, route
):
    user = outsider(request, who)
    response = login(client, user).get(url(space, route, space_document.pk))
    assert response.status_code in (302, 403, 404), response.status_code
    assert not getattr(response, "streaming", False)
    assert b"Geheim verslag" not in response.content
    if response.status_code == 302:
        assert "login" in response["Location"]
    # The same answer as for a document that does not exist.
    missing = login(client, user).get(url(space, route, space_document.pk + 1000))
    assert missing.status_code == response.status_code


@pytest.mark.parametrize("route", ROUTES)
def test_a_document_of_another_space_is_a_404_through_this_space(
    client, space, other_space, other_member, member, lead, route
):
    theirs = documents.create_document(
        other_space,
        SimpleUploadedFile("hun.pdf", make_pdf("Hun", ["Hun tekst."])),
        lead,
        title="Hun stuk",
    )
    # A member of this space asking for the other space's document through this space.
    assert login(client, member).get(url(space, route, theirs.pk)).status_code == 404
    # And the other space's member asking for it through their own space works...
    assert login(client, other_member).get(url(other_space, route, theirs.pk)).status_code == 200


@pytest.mark.parametrize("route", ROUTES)
def test_a_document_that_does_not_exist_is_a_404(client, space, member, route):
    assert login(client, member).get(url(space, route, 999999)).status_code == 404


@pytest.mark.parametrize("route", ROUTES)
def test_a_trashed_document_has_no_preview_even_for_leads(
    client, space, space_document, member, lead, route
):
    documents.trash(space_document, lead)
    for user in (member, lead):
        response = login(client, user).get(url(space, route, space_document.pk))
        assert response.status_code == 404
        assert not getattr(response, "streaming", False)
    detail = login(client, lead).get(url(space, "document_detail", space_document.pk))
    assert detail.status_code == 200
    assert "Lees in de browser" not in detail.content.decode()


# --- office files: a real conversion ------------------------------------------------


def test_a_word_file_is_converted_and_shown(client, space, member, office_document):
    document = office_document("Afspraken over de gezinnendag in juni.")
    assert previews.state(document) == previews.READY
    assert stored(document.pk) == [f"previews/{document.pk}/{document.file_hash}.pdf"]
    response = login(client, member).get(url(space, "document_reader", document.pk))
    html = response.content.decode()
    assert 'id="pdf-viewer"' in html
    assert "wordt nog gemaakt" not in html
    pdf = login(client, member).get(url(space, "document_pdf", document.pk))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "gezinnendag in juni" in pdf_text(body(pdf))
    assert_private(pdf)


def test_a_new_version_gets_a_new_preview_and_the_old_one_goes(
    client, space, member, lead, office_document, django_capture_on_commit_callbacks
):
    document = office_document("Eerste versie van de afspraken.")
    old = stored(document.pk)
    assert len(old) == 1
    new_file = SimpleUploadedFile("v2.docx", make_docx("Afspraken", ["Tweede versie, herwerkt."]))
    with django_capture_on_commit_callbacks(execute=True):
        documents.add_version(document, new_file, lead)
    now = stored(document.pk)
    assert now == [f"previews/{document.pk}/{document.file_hash}.pdf"]
    assert now != old
    assert not previews.storage().exists(old[0])
    pdf = login(client, member).get(url(space, "document_pdf", document.pk))
    text = pdf_text(body(pdf))
    assert "Tweede versie" in text and "Eerste versie" not in text


def test_a_corrupt_file_gives_no_preview_and_a_plain_message(
    client, space, member, office_document
):
    document = office_document(content=b"PK\x03\x04 dit is geen echt Word-bestand")
    assert previews.state(document) == previews.FAILED
    assert not [name for name in stored(document.pk) if name.endswith(".pdf")]
    response = login(client, member).get(url(space, "document_reader", document.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is geen voorbeeld van dit document" in html
    assert "pdf-reader.js" not in html
    assert client.get(url(space, "document_pdf", document.pk)).status_code == 404
    # Downloading still works.
    download = client.get(document.url)
    assert download.status_code == 200
    assert body(download).startswith(b"PK\x03\x04")


def test_while_the_conversion_waits_the_page_says_so(client, space, lead, member, previews_on):
    # Not committed yet: the queued conversion has not run.
    document = documents.create_document(
        space, SimpleUploadedFile("plan.odt", b"PK\x03\x04"), lead, title="Plan"
    )
    response = login(client, member).get(url(space, "document_reader", document.pk))
    assert response.status_code == 200
    assert "Het voorbeeld wordt nog gemaakt" in response.content.decode()
    assert client.get(url(space, "document_pdf", document.pk)).status_code == 404


def test_a_deleted_document_takes_its_previews_along(
    space, lead, office_document, django_capture_on_commit_callbacks
):
    document = office_document()
    document_id = document.pk
    assert stored(document_id)
    documents.trash(document, lead)
    type(document).objects.filter(pk=document_id).update(
        trashed_at=timezone.now() - timezone.timedelta(days=365)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert documents.purge() == 1
    assert stored(document_id) == []
    assert not previews.storage().exists(previews.folder_of(document_id))


# --- without soffice, and how soffice is run ----------------------------------------


def test_without_soffice_office_files_say_preview_is_off_and_pdfs_still_work(
    client, space, space_document, lead, member, previews_on, django_capture_on_commit_callbacks
):
    previews_on.PORTAL_SOFFICE = "/nonexistent/soffice"
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.create_document(
            space, SimpleUploadedFile("a.docx", make_docx("A", ["Tekst."])), lead
        )
    assert stored(document.pk) == []
    response = login(client, member).get(url(space, "document_reader", document.pk))
    assert "staan uit op deze server" in response.content.decode()
    pdf = client.get(url(space, "document_reader", space_document.pk))
    assert 'id="pdf-viewer"' in pdf.content.decode()
    assert [w.id for w in previews_need_soffice(None)] == ["werkgroepen.W001"]


def test_the_check_is_quiet_when_soffice_is_there_or_previews_are_off(previews_on):
    assert previews_need_soffice(None) == []
    previews_on.PORTAL_DOCUMENT_PREVIEWS = False
    previews_on.PORTAL_SOFFICE = "/nonexistent/soffice"
    assert previews_need_soffice(None) == []


def fake_soffice(tmp_path, script):
    path = tmp_path / "soffice"
    path.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_soffice_runs_headless_with_a_temporary_profile_on_our_own_file_name(tmp_path, previews_on):
    log = tmp_path / "args"
    previews_on.PORTAL_SOFFICE = fake_soffice(
        tmp_path,
        f"""
        echo "$@" > {log}
        for last; do :; done
        while [ "$1" != "--outdir" ]; do shift; done
        mkdir -p "$2" && printf '%%PDF-1.4 fake' > "$2/document.pdf"
        """,
    )
    data = previews.convert(io.BytesIO(b"inhoud"), "docx")
    assert data.startswith(b"%PDF-")
    args = log.read_text()
    assert "--headless" in args and "--convert-to pdf" in args
    profile = re.search(r"-env:UserInstallation=(file://\S+)", args).group(1)
    assert "/portal-voorbeeld-" in profile
    assert re.search(r"/document\.docx$", args.strip())


def test_a_conversion_that_takes_too_long_is_stopped_and_leaves_no_preview(
    tmp_path, space, lead, previews_on, django_capture_on_commit_callbacks
):
    previews_on.PORTAL_SOFFICE = fake_soffice(tmp_path, "sleep 30\n")
    previews_on.PORTAL_PREVIEW_TIMEOUT = 1
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.create_document(
            space, SimpleUploadedFile("lang.docx", make_docx("Lang", ["Tekst."])), lead
        )
    assert previews.state(document) == previews.FAILED
    assert stored(document.pk) == [f"previews/{document.pk}/{document.file_hash}.failed"]


def test_a_missing_preview_is_queued_again_from_the_reader(
    client, space, lead, member, office_document, django_capture_on_commit_callbacks
):
    """A document from before previews existed: the reader queues its conversion."""
    document = office_document("Oud document.")
    previews.forget(document.pk)
    from django.core.cache import cache

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, member).get(url(space, "document_reader", document.pk))
    assert response.status_code == 200
    assert previews.state(document) == previews.READY


def test_only_the_two_files_of_pdfjs_become_static_files():
    listed = [(name, storage.prefix) for name, storage in PdfjsFinder().list(None)]
    assert listed == [("pdf.min.mjs", "pdfjs"), ("pdf.worker.min.mjs", "pdfjs")]
    assert PdfjsFinder().find("pdfjs/pdf.mjs.map") == []


def test_a_public_document_gets_no_preview(
    lead, previews_on, django_capture_on_commit_callbacks, role_groups
):
    """Only a space's documents have a reader: a public attachment is not converted."""
    upload = SimpleUploadedFile("folder.docx", make_docx("Folder", ["Voor iedereen."]))
    with django_capture_on_commit_callbacks(execute=True):
        document = document_model()(
            title="Folder", collection=Collection.get_first_root_node(), file=upload
        )
        document.save()
    assert stored(document.pk) == []
