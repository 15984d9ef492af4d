"""Sharing documents in a space: upload, checks on the content, list, versions, trash."""

import io
import zipfile
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model

from demo.samplefiles import make_docx, make_pdf
from tests.werkgroepen.conftest import login
from werkgroepen import documents
from werkgroepen.models import DocumentVersion

Document = get_document_model()


def url(space, name, *args):
    return space.url + space.reverse_subpage(name, args=args or None)


@pytest.fixture
def upload(client, space, django_capture_on_commit_callbacks):
    """POST files to the space's upload form as ``user``; returns the response."""

    def _upload(user, files, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return login(client, user).post(
                url(space, "document_upload"), {"files": files, **fields}
            )

    return _upload


def pdf(name="verslag.pdf", text="Verslag van de werkgroep."):
    return SimpleUploadedFile(name, make_pdf("Verslag", [text]))


# --- uploading ----------------------------------------------------------------------


def test_member_uploads_a_file_with_title_from_its_name_and_tags(upload, space, member):
    response = upload(
        member,
        [pdf("verslag_mei-2026.pdf", "Gezinnen en de speelpleinwerking.")],
        description="Het verslag van mei.",
        tags="verslag, gezinnendag",
    )
    assert response.status_code == 302
    document = Document.objects.get(collection=space.collection)
    assert document.title == "verslag mei 2026"
    assert document.description == "Het verslag van mei."
    assert set(document.tags.names()) == {"verslag", "gezinnendag"}
    assert document.uploaded_by_user == member
    assert document.extraction_status == "done"
    assert "speelpleinwerking" in document.extracted_text


def test_upload_with_a_title_uses_it(upload, space, member):
    upload(member, [pdf()], title="Afspraken met het OCMW")
    assert Document.objects.get(collection=space.collection).title == "Afspraken met het OCMW"


def test_several_files_at_once_make_several_documents_and_one_mail(upload, space, member, lead):
    response = upload(
        lead,
        [pdf("een.pdf"), SimpleUploadedFile("twee.docx", make_docx("Twee", ["Tekst."]))],
        title="genegeerd bij meer bestanden",
    )
    assert response.status_code == 302
    titles = set(
        Document.objects.filter(collection=space.collection).values_list("title", flat=True)
    )
    assert titles == {"een", "twee"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lid@example.org"]
    assert "een" in message.body and "twee" in message.body


def test_list_shows_title_type_size_uploader_and_date(upload, client, space, member):
    upload(member, [pdf("nota.pdf")])
    html = login(client, member).get(url(space, "documents")).content.decode()
    document = Document.objects.get(collection=space.collection)
    assert "nota" in html
    assert "PDF" in html
    assert "bytes" in html or "KB" in html
    assert member.get_full_name() in html
    assert timezone.localdate().strftime("%Y") in html
    assert document.title in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("programma.exe", b"MZ\x90\x00" + b"\x00" * 100, "niet toegelaten"),
        ("archief.zip", b"PK\x03\x04" + b"\x00" * 100, "niet toegelaten"),
        ("pagina.html", b"<html><script>alert(1)</script></html>", "niet toegelaten"),
        ("tekening.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "niet toegelaten"),
        ("verslag.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "programma"),
        ("verslag.docx", b"\x7fELF\x02\x01" + b"\x00" * 100, "programma"),
        ("nota.txt", b"MZ\x90\x00\x03\x00\x00\x00" * 20, "programma"),
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "past niet bij de extensie"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_refused_files_get_a_dutch_message_next_to_the_field(
    upload, space, member, name, data, message
):
    response = upload(member, [SimpleUploadedFile(name, data)])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field__error"' in html
    assert message in html
    assert not Document.objects.filter(collection=space.collection).exists()


def test_office_files_are_checked_on_their_zip_structure(upload, space, member):
    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "geen Word-bestand")
    response = upload(member, [SimpleUploadedFile("verslag.docx", fake.getvalue())])
    assert "past niet bij de extensie" in response.content.decode()
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    response = upload(member, [SimpleUploadedFile("nota.ods", odt.getvalue())])
    assert "past niet bij de extensie" in response.content.decode()
    response = upload(member, [SimpleUploadedFile("nota.odt", odt.getvalue())])
    assert response.status_code == 302


def test_a_file_over_the_limit_is_refused_with_both_sizes(upload, space, member, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = upload(member, [pdf(text="woord " * 400)])
    html = response.content.decode()
    assert "te groot" in html
    assert "1000" in html or "1,0" in html or "1000 bytes" in html
    assert not Document.objects.exists()


def test_one_bad_file_refuses_the_batch_and_names_the_file(upload, space, member):
    response = upload(member, [pdf("goed.pdf"), SimpleUploadedFile("slecht.exe", b"MZ")])
    html = response.content.decode()
    assert "slecht.exe" in html
    assert not Document.objects.exists()


def test_no_file_chosen_is_a_message_not_an_error(upload, space, member):
    response = upload(member, [])
    assert response.status_code == 200
    assert "Kies minstens één bestand" in response.content.decode()


def test_broken_and_encrypted_pdfs_are_stored_and_listed_as_unreadable(
    upload, client, space, member
):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("G", ["geheim"]))))
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    response = upload(
        member,
        [
            SimpleUploadedFile("kapot.pdf", b"%PDF-1.7\nhalf bestand"),
            SimpleUploadedFile("slot.pdf", locked.getvalue()),
        ],
    )
    assert response.status_code == 302
    for document in Document.objects.filter(collection=space.collection):
        assert document.extraction_status == "failed"
    html = login(client, member).get(url(space, "documents")).content.decode()
    assert "kapot" in html and "slot" in html
    assert html.count("tekst niet leesbaar") == 2


# --- listing --------------------------------------------------------------------------


@pytest.fixture
def three_documents(space, lead):
    made = []
    for title, tags in (("Begroting", ["geld"]), ("Affiche", ["gezinnendag"]), ("Cijfers", [])):
        made.append(documents.create_document(space, pdf(), lead, title=title, tags=tags))
    # Spread them in time: Begroting oldest.
    for days, document in zip((3, 2, 1), made, strict=True):
        Document.objects.filter(pk=document.pk).update(
            created_at=timezone.now() - timezone.timedelta(days=days)
        )
    return made


def titles_in_order(html, titles):
    return sorted(titles, key=html.index)


def test_list_filters_by_tag_and_sorts(client, space, member, three_documents):
    client = login(client, member)
    html = client.get(url(space, "documents"), {"trefwoord": "geld"}).content.decode()
    assert "Begroting" in html and "Affiche" not in html
    titles = ["Begroting", "Affiche", "Cijfers"]
    html = client.get(url(space, "documents"), {"sorteer": "titel"}).content.decode()
    assert titles_in_order(html.split("<tbody>")[1], titles) == ["Affiche", "Begroting", "Cijfers"]
    html = client.get(url(space, "documents")).content.decode()
    assert titles_in_order(html.split("<tbody>")[1], titles) == ["Cijfers", "Affiche", "Begroting"]
    html = client.get(url(space, "documents"), {"sorteer": "oud"}).content.decode()
    assert titles_in_order(html.split("<tbody>")[1], titles) == ["Begroting", "Affiche", "Cijfers"]


def next_page_link(html):
    """The address of the "Volgende" link of the list's pagination, or None."""
    import html as html_module
    import re

    found = re.search(r'<a rel="next" href="([^"]+)"', html)
    return html_module.unescape(found.group(1)) if found else None


def test_a_long_list_is_paged_and_the_next_page_shows_the_older_documents(
    client, space, member, lead
):
    from werkgroepen.views.documents import PER_PAGE

    made = [
        documents.create_document(space, pdf(), lead, title=f"Verslag {n:02d}", tags=["verslag"])
        for n in range(PER_PAGE + 3)
    ]
    for age, document in enumerate(made):  # "Verslag 00" the oldest
        Document.objects.filter(pk=document.pk).update(
            created_at=timezone.now() - timezone.timedelta(hours=len(made) - age)
        )
    client = login(client, member)
    first = client.get(url(space, "documents"), {"trefwoord": "verslag"}).content.decode()
    assert "Verslag 27" in first and "Verslag 00" not in first
    link = next_page_link(first)
    assert link and "trefwoord=verslag" in link
    second = client.get(url(space, "documents") + link).content.decode()
    assert [f"Verslag {n:02d}" in second for n in (0, 1, 2, 3, 27)] == [True] * 3 + [False] * 2
    assert next_page_link(second) is None
    # A page past the end shows the last page.
    assert "Verslag 00" in client.get(url(space, "documents"), {"page": "99"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"sorteer": "'; drop"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "9" * 30},
        {"trefwoord": "x" * 500},
    ],
)
def test_odd_query_strings_never_break_the_list(client, space, member, three_documents, query):
    """Junk in the sort or page number shows the list as without it; an unknown
    keyword shows that nothing has it."""
    response = login(client, member).get(url(space, "documents"), query)
    assert response.status_code == 200
    html = response.content.decode()
    titles = ["Begroting", "Affiche", "Cijfers"]
    if "trefwoord" in query:
        assert "Geen documenten met dit trefwoord." in html
        assert not any(title in html for title in titles)
    else:
        assert titles_in_order(html.split("<tbody>")[1], titles) == [
            "Cijfers",
            "Affiche",
            "Begroting",
        ]


# --- versions -------------------------------------------------------------------------


def test_new_version_keeps_the_previous_one_downloadable(
    client, space, member, lead, space_document, django_capture_on_commit_callbacks
):
    old_bytes = space_document.file.read()
    space_document.file.close()
    client = login(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(space, "document_detail", space_document.pk),
            {
                "action": "version",
                "file": pdf("verslag-v2.pdf", "Tweede versie over de brugfiguur."),
            },
        )
    assert response.status_code == 302
    space_document.refresh_from_db()
    assert "brugfiguur" in space_document.extracted_text
    version = DocumentVersion.objects.get(document=space_document)
    assert version.number == 1
    assert version.uploaded_by == lead
    assert version.replaced_by == member
    response = client.get(url(space, "document_version", space_document.pk, 1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == old_bytes
    detail = client.get(url(space, "document_detail", space_document.pk)).content.decode()
    assert "versie 2" in detail and "Versie 1" in detail


def test_a_document_and_its_new_version_record_the_files_size_and_hash(space, lead, member):
    """Size and content hash, as Wagtail records them for an upload: the hash finds
    the same file uploaded twice."""
    import hashlib

    first, second = pdf(text="Eerste versie."), pdf(text="Tweede versie.")
    first_bytes, second_bytes = first.read(), second.read()
    first.seek(0)
    second.seek(0)
    document = documents.create_document(space, first, lead)
    document.refresh_from_db()
    assert document.file_size == len(first_bytes)
    assert document.file_hash == hashlib.sha1(first_bytes).hexdigest()  # noqa: S324
    with document.open_file() as stored:
        assert stored.read() == first_bytes  # the hash read the upload; the file is whole
    documents.add_version(document, second, member)
    document.refresh_from_db()
    assert document.file_size == len(second_bytes)
    assert document.file_hash == hashlib.sha1(second_bytes).hexdigest()  # noqa: S324
    version = DocumentVersion.objects.get(document=document)
    assert version.file_hash == hashlib.sha1(first_bytes).hexdigest()  # noqa: S324


def test_new_version_is_checked_on_its_content_too(client, space, member, space_document):
    response = login(client, member).post(
        url(space, "document_detail", space_document.pk),
        {"action": "version", "file": SimpleUploadedFile("v2.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 200
    assert "programma" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_replacing_the_file_in_the_admin_keeps_the_old_one_as_a_version(
    client, space, lead, space_document, django_capture_on_commit_callbacks
):
    old_name = space_document.file.name
    client = login(client, lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/documents/edit/{space_document.pk}/",
            {
                "title": "Geheim verslag",
                "collection": space.collection.pk,
                "file": pdf("nieuw.pdf", "Nieuwe inhoud."),
                "description": "",
                "tags": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    space_document.refresh_from_db()
    assert space_document.file.name != old_name
    version = DocumentVersion.objects.get(document=space_document)
    assert version.file.name == old_name
    assert version.file.storage.exists(old_name)
    # Text extraction also runs for files replaced in the admin.
    assert space_document.extraction_status == "done"
    assert "Nieuwe inhoud" in space_document.extracted_text


def test_admin_refuses_a_renamed_program_as_document(client, coordinator, space):
    response = login(client, coordinator).post(
        "/admin/documents/add/",
        {
            "title": "Handig",
            "collection": space.collection.pk,
            "file": SimpleUploadedFile("handig.pdf", b"MZ\x90\x00\x03"),
        },
    )
    assert response.status_code == 200
    assert "programma" in response.content.decode()
    assert not Document.objects.filter(title="Handig").exists()


# --- trash ----------------------------------------------------------------------------


def test_member_trashes_own_document_and_lead_restores_it(client, space, member, lead, pdf_upload):
    document = documents.create_document(space, pdf_upload(), member, title="Mijn nota")
    client = login(client, member)
    response = client.post(url(space, "document_detail", document.pk), {"action": "trash"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.trashed_by == member
    detail_url = url(space, "document_detail", document.pk)
    assert detail_url not in client.get(url(space, "documents")).content.decode()
    assert client.get(url(space, "document_trash")).status_code == 403
    assert client.get(url(space, "document_detail", document.pk)).status_code == 404

    client = login(client, lead)
    assert "Mijn nota" in client.get(url(space, "document_trash")).content.decode()
    client.post(url(space, "document_detail", document.pk), {"action": "restore"})
    document.refresh_from_db()
    assert document.trashed_at is None
    client = login(client, member)
    assert "Mijn nota" in client.get(url(space, "documents")).content.decode()


def test_member_cannot_trash_or_edit_someone_elses_document(client, space, member, space_document):
    client = login(client, member)
    client.post(url(space, "document_detail", space_document.pk), {"action": "trash"})
    client.post(
        url(space, "document_detail", space_document.pk),
        {"action": "edit", "title": "Gekaapt", "description": "", "tags": ""},
    )
    space_document.refresh_from_db()
    assert space_document.trashed_at is None
    assert space_document.title == "Geheim verslag"


def test_purge_removes_only_what_was_trashed_long_enough(
    space, lead, pdf_upload, django_capture_on_commit_callbacks, settings
):
    old = documents.create_document(space, pdf_upload("oud.pdf"), lead)
    documents.add_version(old, pdf_upload("oud-v2.pdf"), lead)
    recent = documents.create_document(space, pdf_upload("recent.pdf"), lead)
    kept = documents.create_document(space, pdf_upload("blijft.pdf"), lead)
    for document, days in ((old, 31), (recent, 29)):
        documents.trash(document, lead)
        Document.objects.filter(pk=document.pk).update(
            trashed_at=timezone.now() - timezone.timedelta(days=days)
        )
    storage = old.file.storage
    old_files = [old.file.name, *old.versions.values_list("file", flat=True)]
    assert all(storage.exists(name) for name in old_files)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_document_trash", stdout=out)
    assert "1" in out.getvalue()
    assert set(Document.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert not any(storage.exists(name) for name in old_files)


def test_purge_dry_run_changes_nothing(space, lead, pdf_upload):
    document = documents.create_document(space, pdf_upload(), lead)
    Document.objects.filter(pk=document.pk).update(
        trashed_at=timezone.now() - timezone.timedelta(days=40)
    )
    out = StringIO()
    call_command("purge_document_trash", "--dry-run", stdout=out)
    assert Document.objects.filter(pk=document.pk).exists()
    assert document.title in out.getvalue()


def test_admin_cannot_delete_a_space_document_for_good(client, lead, coordinator, space_document):
    # Leads have no delete permission in the admin at all; Wagtail sends them away.
    response = login(client, lead).post(f"/admin/documents/delete/{space_document.pk}/")
    assert response.status_code == 302
    # The coordinator may delete documents, but not those of a space (Wagtail's admin
    # turns the refusal into its "no permission" redirect).
    client = login(client, coordinator)
    response = client.post(f"/admin/documents/delete/{space_document.pk}/")
    assert response.status_code in (302, 403)
    response = client.post(f"/admin/bulk/portal/portaldocument/delete/?id={space_document.pk}", {})
    assert response.status_code == 302
    assert Document.objects.filter(pk=space_document.pk).exists()


def test_documents_outside_spaces_can_still_be_deleted(client, coordinator, role_groups):
    document = Document.objects.create(
        title="Publieke folder", file=SimpleUploadedFile("folder.pdf", make_pdf("F", ["x"]))
    )
    response = login(client, coordinator).post(f"/admin/documents/delete/{document.pk}/")
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_upload_into_a_space_whose_collection_was_deleted_gets_a_new_private_one(
    space, lead, member, partner, pdf_upload
):
    from access import privacy

    space.collection.delete()  # empty, so the admin would allow it
    space.refresh_from_db()
    assert space.collection_id is None
    document = documents.create_document(space, pdf_upload(), lead)
    assert document.collection_id == space.collection_id is not None
    assert document.collection.get_view_restrictions().exists()
    assert privacy.can_view_document(member, document)
    assert not privacy.can_view_document(partner, document)
