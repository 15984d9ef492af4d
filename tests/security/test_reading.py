"""Reading what you may not: every way out, asked by someone who must not see it.

Per-feature privacy tests live next to the features (tests/kennisbank, werkgroepen,
search, portal); this file covers what crosses features: descendants, aliases,
translations after a restriction change, child collections, conditional and range
requests, wrong file names, the API, admin choosers, revisions and history.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.security.conftest import (
    as_user,
    assert_no_secret,
    assert_not_shared_cacheable,
    body_of,
    who,
)

OUTSIDERS_OF_A = ["anonymous", "outsider", "partner", "member_b", "lead_b", "redacteur", "vertaler"]
NOT_PARTNERS = ["anonymous", "outsider", "member_a", "member_b", "vertaler"]


# --- pages and their descendants ----------------------------------------------------


@pytest.mark.parametrize("name", OUTSIDERS_OF_A)
def test_space_and_meeting_below_it_are_closed_to_outsiders(client, world, name):
    as_user(client, who(world, name))
    for page in (world["space_a"], world["meeting_a"]):
        response = client.get(page.url)
        assert response.status_code in (302, 403)
        assert_no_secret(response, "meeting_a", "doc_a")


@pytest.mark.parametrize("name", NOT_PARTNERS)
def test_partner_page_and_its_translation_are_closed_to_non_partners(client, world, name):
    as_user(client, who(world, name))
    for page in (world["partner_page"], world["french"]):
        response = client.get(page.url)
        assert response.status_code in (302, 403)
        assert_no_secret(response, "partner_page", "partner_fr")


def test_partner_reads_the_partner_page_privately(client, world):
    response = as_user(client, who(world, "partner")).get(world["partner_page"].url)
    assert world["partner_page"].lead in response.content.decode()
    assert_not_shared_cacheable(response)


# --- translations after the source changes ------------------------------------------


def test_translation_closes_when_the_source_closes_without_a_sync(
    client, world, django_capture_on_commit_callbacks
):
    """The source becomes partners-only in the admin; nobody syncs the translation."""
    public = world["public"]
    with django_capture_on_commit_callbacks(execute=True):
        french = public.copy_for_translation(world["french"].locale, copy_parents=True)
        french.lead = "Une méthode ouverte à tous."
        french.save_revision().publish()
    assert french.lead in client.get(french.url).content.decode()
    admin = as_user(client, who(world, "coordinator"))
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            f"/admin/pages/{public.pk}/privacy/",
            {"restriction_type": "login"},
        )
    client.logout()
    for page in (public, french):
        response = client.get(page.url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"], response["Location"]
    assert french.lead not in client.get(french.url, follow=True).content.decode()


def test_translation_stays_closed_when_its_own_restriction_rows_are_lost(client, world):
    """Restriction rows of a translation removed behind the signals' back (a raw
    delete): serving still checks the source."""
    PageViewRestriction.objects.filter(page=world["french"]).delete()
    response = client.get(world["french"].url)
    assert response.status_code == 302
    assert_no_secret(response, "partner_fr")


# --- aliases -----------------------------------------------------------------------


def test_alias_of_a_partner_page_is_as_closed_as_the_page(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alias = world["partner_page"].create_alias(
            parent=world["kennisbank"], update_slug="partnerpraktijk-kopie"
        )
    response = client.get(alias.url)
    assert response.status_code == 302
    assert_no_secret(response, "partner_page")


def test_alias_closes_when_its_source_closes(client, world, django_capture_on_commit_callbacks):
    public = world["public"]
    with django_capture_on_commit_callbacks(execute=True):
        alias = public.create_alias(parent=world["kennisbank"], update_slug="open-methode-alias")
    assert client.get(alias.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        public.audience = "partners"
        public.lead = f"Nu alleen voor partners: {'GESLOTEN-ALIAS'}"
        public.save_revision().publish()
    response = client.get(alias.specific.url)
    assert response.status_code == 302
    assert "GESLOTEN-ALIAS" not in response.content.decode()


@pytest.fixture
def alias_of_b_in_a(world, django_capture_on_commit_callbacks):
    """The coordinator's mistake: an alias of B's meeting inside space A."""
    import io

    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        alias = world["meeting_b"].create_alias(
            parent=world["space_a"], update_slug="overleg-drempels-alias"
        )
    # Whatever the signals did, the alias is in the search index now.
    call_command("rebuild_search", verbosity=0, stdout=io.StringIO())
    return alias


def test_alias_of_a_meeting_in_another_space_stays_closed_to_its_members(
    client, world, alias_of_b_in_a
):
    """Not served, listed, searched, in the start page or the calendar of A's members."""
    from django.urls import reverse

    from werkgroepen.models import CalendarToken

    member = who(world, "member_a")
    client = as_user(client, member)
    response = client.get(alias_of_b_in_a.url)
    assert response.status_code == 403
    assert_no_secret(response, "meeting_b")
    feed = reverse("werkgroepen:personal_feed", args=[CalendarToken.for_user(member).token])
    for url in (
        world["space_a"].url,
        "/nl/",
        "/nl/zoeken/?q=drempels&format=json",
        "/nl/zoeken/?q=papa&format=json",
        "/nl/zoeken/suggesties/?q=overleg",
        feed,
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert_no_secret(response, "meeting_b")
        assert "Overleg drempels" not in body_of(response), url


def test_alias_of_another_spaces_meeting_is_not_offered_or_announced_in_a(
    client, world, alias_of_b_in_a, django_capture_on_commit_callbacks
):
    from django.core import mail

    space_a = world["space_a"]
    lead = who(world, "lead_a")
    response = as_user(client, lead).get(space_a.url + space_a.reverse_subpage("input_add"))
    assert "Overleg drempels" not in response.content.decode()
    mail.outbox = []
    meeting_b = world["meeting_b"]
    meeting_b.title = "Overleg drempels (nieuw uur)"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_b.save_revision().publish()
    members_of_a = {who(world, "member_a").email, lead.email}
    for message in mail.outbox:
        assert not members_of_a & set(message.to), message.subject


# --- documents -----------------------------------------------------------------------


def _doc_url(document):
    return reverse("wagtaildocs_serve", args=[document.pk, document.filename])


@pytest.mark.parametrize("name", OUTSIDERS_OF_A)
def test_private_documents_and_child_collections_are_closed(client, world, name):
    as_user(client, who(world, name))
    for key in ("doc_a", "subdoc_a"):
        response = client.get(_doc_url(world[key]))
        assert response.status_code in (302, 403, 404), key
        assert_no_secret(response, key)


CONDITIONAL_HEADERS = [
    {"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"HTTP_IF_NONE_MATCH": "*"},
    {"HTTP_RANGE": "bytes=0-100"},
    {"HTTP_RANGE": "bytes=-20"},
    {"HTTP_IF_RANGE": "x", "HTTP_RANGE": "bytes=0-"},
]


@pytest.mark.parametrize("name", ["anonymous", "member_b"])
def test_conditional_and_range_requests_do_not_open_a_private_document(client, world, name):
    as_user(client, who(world, name))
    for headers in CONDITIONAL_HEADERS:
        response = client.get(_doc_url(world["subdoc_a"]), **headers)
        assert response.status_code in (302, 403, 404), headers
        assert_no_secret(response, "subdoc_a")
        assert "ETag" not in response
        assert "Last-Modified" not in response


def test_a_conditional_request_of_a_member_is_still_private(client, world):
    client = as_user(client, who(world, "member_a"))
    url = _doc_url(world["subdoc_a"])
    first = client.get(url)
    assert first.status_code == 200
    assert_not_shared_cacheable(first)
    etag = first.get("ETag")
    if etag:
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code in (200, 304)
        assert_not_shared_cacheable(again)


@pytest.mark.parametrize("name", ["anonymous", "member_b", "member_a"])
def test_a_wrong_file_name_reveals_nothing(client, world, name):
    """A wrong name is "not found" for everybody (members included), and never a
    redirect to the right name."""
    document = world["doc_a"]
    as_user(client, who(world, name))
    for filename in ("verslag.pdf", "x", document.filename.upper(), document.filename + "x"):
        response = client.get(
            reverse("wagtaildocs_serve", args=[document.pk, filename]), follow=True
        )
        assert response.status_code == 404
        assert all(document.filename not in url for url, _status in response.redirect_chain)
        assert_no_secret(response, "doc_a")


def test_files_are_not_reachable_under_media(client, world):
    """Documents live outside MEDIA_ROOT: the address a storage would give is empty."""
    document = world["doc_a"]
    assert document.url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    response = client.get(f"/media/{document.file.name}", follow=True)
    assert response.status_code == 404
    assert_no_secret(response, "doc_a")


def test_there_is_no_public_api(client, world):
    for url in ("/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/", "/api/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404
        assert_no_secret(response, "partner_page", "doc_a")


# --- admin: choosers, explorer, search, revisions, history ----------------------------


ADMIN_USERS = ["lead_b", "redacteur", "vertaler"]


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_document_choosers_never_show_another_spaces_documents(client, world, name):
    client = as_user(client, who(world, name))
    for url in (
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/",
        "/admin/documents/chooser/results/?q=Verslag",
        "/admin/documents/chooser/results/?q=Foto",
        f"/admin/documents/chooser/results/?collection_id={world['space_a'].collection_id}",
        f"/admin/documents/chooser/results/?collection_id={world['sub_collection'].pk}",
    ):
        assert_no_secret(client.get(url), "doc_a", "subdoc_a")


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_a_document_chosen_by_id_is_refused(client, world, name):
    client = as_user(client, who(world, name))
    for key in ("doc_a", "subdoc_a"):
        _refused_by_id(client, world[key], key)


def _refused_by_id(client, document, key):
    for url in (
        f"/admin/documents/chooser/{document.pk}/",
        f"/admin/documents/edit/{document.pk}/",
        f"/admin/documents/usage/{document.pk}/",
        f"/admin/documents/delete/{document.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert_no_secret(response, key)


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_admin_document_listing_and_search_hide_space_documents(client, world, name):
    client = as_user(client, who(world, name))
    for url in ("/admin/documents/", "/admin/documents/?q=Verslag", "/admin/documents/?q=Foto"):
        assert_no_secret(client.get(url), "doc_a", "subdoc_a")


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_page_chooser_explorer_and_admin_search_hide_another_space(client, world, name):
    client = as_user(client, who(world, name))
    space = world["space_a"]
    for url in (
        f"/admin/choose-page/{space.pk}/",
        f"/admin/choose-page/{world['index'].pk}/",
        "/admin/choose-page/search/?q=gezinnendag",
        f"/admin/pages/{space.pk}/",
        "/admin/pages/search/?q=gezinnendag",
        "/admin/pages/search/?q=Voorbereiding",
    ):
        response = client.get(url)
        assert "Voorbereiding gezinnendag" not in response.content.decode(), url
        assert_no_secret(response, "meeting_a")


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_revisions_history_and_previews_of_another_space_are_refused(client, world, name):
    meeting = world["meeting_a"]
    with_revision = meeting.save_revision()
    client = as_user(client, who(world, name))
    urls = [
        f"/admin/pages/{meeting.pk}/edit/",
        f"/admin/pages/{meeting.pk}/history/",
        f"/admin/pages/{meeting.pk}/history/results/",
        f"/admin/pages/{meeting.pk}/revisions/{with_revision.pk}/view/",
        f"/admin/pages/{meeting.pk}/revisions/{with_revision.pk}/revert/",
        f"/admin/pages/{meeting.pk}/revisions/compare/earliest...{with_revision.pk}/",
        f"/admin/pages/{meeting.pk}/view_draft/",
        f"/admin/pages/{meeting.pk}/edit/preview/",
        f"/admin/pages/{meeting.pk}/usage/",
        f"/admin/pages/{meeting.pk}/workflow_history/",
        f"/admin/pages/{meeting.pk}/copy/",
        f"/admin/pages/{meeting.pk}/move/",
        f"/admin/pages/{meeting.pk}/delete/",
        f"/admin/pages/{meeting.pk}/unpublish/",
        f"/admin/pages/{meeting.pk}/privacy/",
        f"/admin/localize/submit/page/{meeting.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert_no_secret(response, "meeting_a")


@pytest.mark.parametrize("name", ["lead_b", "redacteur", "vertaler", "member_a"])
def test_site_history_and_reports_do_not_name_another_spaces_pages(client, world, name):
    meeting = world["meeting_a"]
    meeting.title = f"Gewijzigd {world['meeting_a'].title}"
    meeting.save_revision(log_action=True).publish(log_action=True)
    client = as_user(client, who(world, name))
    for url in (
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/",
        "/admin/pages/search/?q=Gewijzigd",
    ):
        response = client.get(url)
        assert response.status_code < 500, url
        assert "Gewijzigd Voorbereiding" not in response.content.decode(), url


@pytest.mark.parametrize("name", ["lead_b", "redacteur", "vertaler"])
def test_input_items_of_another_space_are_not_readable_in_the_admin(client, world, name):
    from tests.werkgroepen.factories import InputItemFactory

    item = InputItemFactory(space=world["space_a"], text=f"Persoonlijk: {'INBRENGGEHEIM-A'}")
    client = as_user(client, who(world, name))
    for url in (
        "/admin/snippets/werkgroepen/inputitem/",
        f"/admin/snippets/werkgroepen/inputitem/edit/{item.pk}/",
        f"/admin/snippets/werkgroepen/inputitem/history/{item.pk}/",
        f"/admin/snippets/werkgroepen/inputitem/inspect/{item.pk}/",
        "/admin/snippets/choose/werkgroepen/inputitem/",
    ):
        response = client.get(url)
        assert "INBRENGGEHEIM-A" not in response.content.decode(), (url, response.status_code)


@pytest.mark.parametrize("name", ADMIN_USERS)
def test_choosers_answer_a_search_for_people_with_closed_collections(client, world, name):
    """Searching in the document and image choosers filters collections by id: the
    search backend cannot filter on a collection's path (that was a 500)."""
    client = as_user(client, who(world, name))
    for url in (
        "/admin/documents/chooser/results/?q=verslag",
        "/admin/images/chooser/results/?q=foto",
        f"/admin/documents/chooser/results/?q=foto&collection_id={world['sub_collection'].pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response, "doc_a", "subdoc_a")


# --- sitemap -------------------------------------------------------------------------


def test_the_sitemap_names_no_closed_page_in_any_language(client, world):
    xml = client.get("/sitemap.xml").content.decode()
    assert world["public"].url in xml
    for key in ("partner_page", "french", "space_a", "meeting_a", "space_b"):
        assert world[key].url not in xml, key
