"""A translation is never more public than its source, whatever changes the source."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Locale, Page, PageViewRestriction

from access import roles
from access.privacy import viewable_pages
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.factories import UserFactory


@pytest.fixture
def french_home(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.copy_for_translation(Locale.objects.get(language_code="fr"))
        page.save_revision().publish()
    return page


@pytest.fixture
def admin(client_for, coordinator):
    return client_for(coordinator)


def _restrictions(page):
    return [
        (r.restriction_type, sorted(r.groups.values_list("name", flat=True)))
        for r in PageViewRestriction.objects.filter(page=page)
    ]


def _set_privacy(admin, page, callbacks, **data):
    with callbacks(execute=True):
        response = admin.post(f"/admin/pages/{page.pk}/privacy/", data)
    assert response.status_code == 200
    return response


def test_privacy_set_in_the_admin_on_the_source_reaches_the_translation(
    admin, home_page, french_home, role_groups, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    partners = Group.objects.get(name=roles.PARTNER)
    _set_privacy(admin, home_page, callbacks, restriction_type="groups", groups=[partners.pk])
    assert _restrictions(french_home) == [("groups", [roles.PARTNER])]
    assert Client().get("/fr/").status_code == 302

    # Changing the groups later changes the translation too.
    coordinators = Group.objects.get(name=roles.COORDINATOR)
    _set_privacy(admin, home_page, callbacks, restriction_type="groups", groups=[coordinators.pk])
    assert _restrictions(french_home) == [("groups", [roles.COORDINATOR])]

    # Any logged-in user instead of groups.
    _set_privacy(admin, home_page, callbacks, restriction_type="login")
    assert _restrictions(french_home) == [("login", [])]

    # And public again.
    _set_privacy(admin, home_page, callbacks, restriction_type="none")
    assert _restrictions(french_home) == []
    assert Client().get("/fr/").status_code == 200


def test_making_only_the_translation_public_is_undone(
    admin, home_page, french_home, role_groups, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    _set_privacy(admin, home_page, callbacks, restriction_type="login")
    _set_privacy(admin, french_home, callbacks, restriction_type="none")
    assert _restrictions(french_home) == [("login", [])]
    assert Client().get("/fr/").status_code == 302


def test_translation_created_later_takes_the_restriction_of_its_source(
    client_for, coordinator, home_page, role_groups, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    section = EasyReadIndexPageFactory(parent=home_page)
    with callbacks(execute=True):
        secret = EasyReadPageFactory(parent=section, title="Intern", audience="partners")
    admin = client_for(coordinator)
    english = Locale.objects.get(language_code="en")
    with callbacks(execute=True):
        response = admin.post(
            f"/admin/localize/submit/page/{secret.pk}/", {"locales": [english.pk]}
        )
    assert response.status_code == 302
    translated = secret.get_translation(english)
    with callbacks(execute=True):
        admin.post(f"/admin/pages/{translated.pk}/edit/", {"action": "publish"})
    translated.refresh_from_db()
    assert translated.live
    assert _restrictions(translated) == [("groups", sorted([roles.COORDINATOR, roles.PARTNER]))]
    anonymous = Client()
    assert anonymous.get(translated.url).status_code == 302
    assert not viewable_pages(
        UserFactory(username="niemand"), Page.objects.filter(pk=translated.pk)
    ).exists()
    partner = UserFactory(username="partner-en", groups=[roles.PARTNER])
    anonymous.force_login(partner)
    assert anonymous.get(translated.url).status_code == 200


def test_restriction_written_without_signals_still_protects_the_translation(
    home_page, french_home, client
):
    """A bulk insert skips the signals; serving checks the source anyway."""
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=home_page, restriction_type=PageViewRestriction.LOGIN)]
    )
    assert not PageViewRestriction.objects.filter(page=french_home).exists()
    response = client.get("/fr/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= control  # no cache, shared or not, keeps a refusal


def test_deleting_the_source_does_not_open_its_translation(
    home_page, role_groups, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    section = EasyReadIndexPageFactory(parent=home_page)
    with callbacks(execute=True):
        source = EasyReadPageFactory(parent=section, audience="partners")
    french = Locale.objects.get(language_code="fr")
    with callbacks(execute=True):
        french_section = section.copy_for_translation(french, copy_parents=True)
        translated = source.copy_for_translation(french)
    assert PageViewRestriction.objects.filter(page=translated).exists()
    assert french_section.pk
    with callbacks(execute=True):
        source.delete()
    assert PageViewRestriction.objects.filter(page=translated).exists()


def test_all_restrictions_reach_a_translation_not_only_the_first(
    client_for, coordinator, home_page, role_groups, django_capture_on_commit_callbacks
):
    """wagtail-localize copies one restriction; a page can carry two (audience and an
    extra one set in the privacy dialog)."""
    callbacks = django_capture_on_commit_callbacks
    section = EasyReadIndexPageFactory(parent=home_page)
    with callbacks(execute=True):
        page = EasyReadPageFactory(parent=section, audience="partners")
        extra = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        extra.groups.set([Group.objects.get(name=roles.COORDINATOR)])
    admin = client_for(coordinator)
    french = Locale.objects.get(language_code="fr")
    with callbacks(execute=True):
        admin.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [french.pk]})
    translated = page.get_translation(french)
    assert sorted(_restrictions(translated)) == sorted(_restrictions(page))
    assert len(_restrictions(translated)) == 2
