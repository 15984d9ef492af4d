"""Previews in the admin, and attachments that follow the documents' own privacy."""

from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from core.models import PortalDocument
from kennisbank.models import PracticeAttachment, PracticePage
from tests.kennisbank.factories import PracticePageFactory, ThemeFactory


def test_preview_of_a_new_unsaved_practice_renders(kennisbank, coordinator, rf):
    theme = ThemeFactory(name="Toegang")
    page = PracticePage(title="Nog niet bewaard", slug="nog-niet", lead="Concept.")
    page.themes = [theme]
    page.tips = []
    # Wagtail sets the tree position of a new page from its parent before previewing.
    page.path = kennisbank.path + "9999"
    page.depth = kennisbank.depth + 1
    page.locale = kennisbank.locale
    response = page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nog niet bewaard" in html
    assert "Toegang" in html  # unsaved taxonomy choices are shown


def test_attachments_in_a_private_collection_are_not_shown_to_others(
    client, client_for, partner, kennisbank, role_groups
):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Werkgroep intern")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([role_groups["Netwerkcoördinator"]])
    public_doc = PortalDocument.objects.create(
        title="Affiche oudercafé", file=ContentFile(b"%PDF-1.4", "affiche.pdf")
    )
    secret_doc = PortalDocument.objects.create(
        title="Verslag met namen",
        file=ContentFile(b"%PDF-1.4", "verslag.pdf"),
        collection=private,
    )
    page = PracticePageFactory(parent=kennisbank)
    PracticeAttachment.objects.create(page=page, document=public_doc, sort_order=0)
    PracticeAttachment.objects.create(page=page, document=secret_doc, sort_order=1)
    for visitor in (client, client_for(partner)):
        html = visitor.get(page.url).content.decode()
        assert "Affiche oudercafé" in html
        assert "Verslag met namen" not in html
