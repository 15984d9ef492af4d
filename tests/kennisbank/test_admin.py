"""The admin forms of the kennisbank load for editors."""

import pytest
from wagtail.models import Locale

from access import roles
from tests.kennisbank.factories import (
    MethodPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ThemeFactory,
)
from tests.portal.factories import UserFactory


@pytest.fixture
def editor(role_groups, kennisbank):
    user = UserFactory(username="redactie", groups=[roles.REDACTEUR])
    roles.ensure_roles()
    return user


def test_editor_can_open_every_kennisbank_edit_form(client, editor, kennisbank):
    theme = ThemeFactory(name="Toegang")
    method = MethodPageFactory(parent=kennisbank, themes=[theme])
    practice = PracticePageFactory(
        parent=kennisbank, methods=[method], tips=["Een tip."], obstacles=["Een hindernis."]
    )
    client.force_login(editor)
    for page in (kennisbank, method, practice):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    html = client.get(f"/admin/pages/{practice.pk}/edit/").content.decode()
    assert "Een tip." in html and "Hindernissen" in html
    for kind in ("methodpage", "practicepage"):
        url = f"/admin/pages/add/kennisbank/{kind}/{kennisbank.pk}/"
        assert client.get(url).status_code == 200


def test_editor_manages_taxonomy_snippets(client, editor):
    OrganisationFactory(name="Sociaal huis Boom")
    client.force_login(editor)
    for model in ("theme", "targetgroup", "methodtype", "organisation"):
        assert client.get(f"/admin/snippets/kennisbank/{model}/").status_code == 200
    html = client.get("/admin/snippets/kennisbank/organisation/").content.decode()
    assert "Sociaal huis Boom" in html


@pytest.mark.parametrize("model", ["theme", "targetgroup", "methodtype", "organisation"])
def test_a_slug_already_used_in_the_language_is_a_form_error(client, editor, model):
    """The slug is unique per language; the form left the language out of its checks,
    so a taken slug reached the database (a 500 with an IntegrityError)."""
    from django.apps import apps

    term_model = apps.get_model("kennisbank", model)
    taken = term_model.objects.create(name="Wonen", slug="wonen")
    other = term_model.objects.create(name="Werk", slug="werk")
    term_model.objects.create(
        name="Logement", slug="huisvesting", locale=Locale.objects.get(language_code="fr")
    )
    client.force_login(editor)
    extra = {"kind": "formal"} if model == "organisation" else {}

    def post(action, name, slug, description=""):
        fields = {"name": name, "slug": slug, "description": description, **extra}
        return client.post(f"/admin/snippets/kennisbank/{model}/{action}/", fields)

    response = post("add", "Huisvesting", "wonen", "Een nieuwe uitleg.")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Deze korte naam is al in gebruik" in body
    assert "Een nieuwe uitleg." in body
    assert term_model.objects.filter(slug="wonen").get() == taken

    response = post(f"edit/{other.pk}", "Werk", "wonen")
    assert response.status_code == 200
    assert "Deze korte naam is al in gebruik" in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "werk"

    response = post(f"edit/{other.pk}", "Werk en inkomen", "werk")
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.name == "Werk en inkomen"

    # Another language's term may have the slug: translations share theirs.
    response = post("add", "Huisvesting", "huisvesting")
    assert response.status_code == 302
    assert term_model.objects.filter(slug="huisvesting").count() == 2
