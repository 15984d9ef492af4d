"""The admin forms of the kennisbank load for editors."""

import pytest

from portal import roles
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
