"""Glossary words get their explanation in place; the model and its admin."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from core.models import GlossaryTerm
from easyread.glossary import Entry, annotate
from tests.portal.easyread_factories import GlossaryTermFactory

LEEFLOON = Entry(key="1", forms=("leefloon", "leeflonen"), explanation="Geld van het OCMW.")
OCMW = Entry(key="2", forms=("OCMW",), explanation="Het sociaal huis van je gemeente.")


def test_first_occurrence_of_each_word_is_explained():
    html = annotate("<p>Een leefloon van het OCMW. Nog een leefloon.</p>", [LEEFLOON, OCMW])
    assert html.count('class="glossary"') == 2
    assert html.index("Geld van het OCMW.") < html.index("Nog een leefloon")
    assert "Nog een leefloon.</p>" in html


def test_other_forms_and_case_are_found_but_the_text_is_kept():
    html = annotate("<p>Leeflonen stijgen.</p>", [LEEFLOON])
    assert '<dfn class="glossary__term">Leeflonen</dfn>' in html


def test_words_inside_links_headings_and_longer_words_are_left_alone():
    html = annotate(
        '<h2>Leefloon</h2><p><a href="/x">leefloon</a> leefloonaanvraag leefloon-dossier</p>',
        [LEEFLOON],
    )
    assert 'class="glossary"' not in html


def test_explanation_is_escaped_and_linked_by_id():
    entry = Entry(key="9", forms=("kot",), explanation="<script>alert(1)</script> een kamer")
    html = annotate("<p>Een kot.</p>", [entry])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'id="uitleg-1"' in html


def test_html_without_glossary_words_is_returned_unchanged():
    source = "<p>Niets moeilijks hier &amp; daar.</p>"
    assert annotate(source, [LEEFLOON]) == source


def test_forms_split_the_variants(db):
    term = GlossaryTermFactory(term="leefloon", variants="leeflonen; het leefloon,\n")
    assert term.forms() == ["leefloon", "leeflonen", "het leefloon"]


def test_same_word_twice_in_one_language_is_refused(db):
    GlossaryTermFactory(term="leefloon")
    duplicate = GlossaryTerm(term="Leefloon", explanation="x", locale=Locale.get_default())
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    GlossaryTerm(
        term="leefloon", explanation="x", locale=Locale.objects.get(language_code="fr")
    ).full_clean()


def test_glossary_is_translatable_and_managed_by_editors():
    from wagtail.models import TranslatableMixin

    assert issubclass(GlossaryTerm, TranslatableMixin)
    assert GlossaryTerm.editor_managed is True


def test_add_form_is_prefilled_from_the_checker_link(client_for, coordinator):
    html = (
        client_for(coordinator)
        .get("/admin/snippets/portal/glossaryterm/add/?term=leefloon&locale=nl")
        .content.decode()
    )
    assert 'value="leefloon"' in html


def test_editor_role_may_manage_the_glossary(role_groups):
    from tests.portal.factories import UserFactory

    editor = UserFactory(groups=["Redacteur"])
    assert editor.has_perm("portal.add_glossaryterm")
    assert editor.has_perm("portal.change_glossaryterm")
