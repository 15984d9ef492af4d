"""The 'who may read this' choice becomes a view restriction, also on translations."""

import pytest
from django.db import transaction
from wagtail.models import Locale, Page, PageViewRestriction

from access import roles


def publish(page):
    with transaction.atomic():
        page.save_revision().publish()


def test_partner_only_page_is_restricted_to_partners(
    home_page, role_groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home_page.audience = "partners"
        home_page.save()
    restriction = PageViewRestriction.objects.get(page=home_page)
    assert set(restriction.groups.values_list("name", flat=True)) == {
        roles.PARTNER,
        roles.COORDINATOR,
    }


def test_back_to_public_removes_only_the_audience_restriction(
    home_page, role_groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home_page.audience = "partners"
        home_page.save()
    with django_capture_on_commit_callbacks(execute=True):
        home_page.audience = "public"
        home_page.save()
    assert not PageViewRestriction.objects.filter(page=home_page).exists()


def test_translation_is_never_more_public_than_its_source(
    home_page, role_groups, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        french = home_page.copy_for_translation(Locale.objects.get(language_code="fr"))
        french.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        home_page.audience = "partners"
        home_page.save()
    assert PageViewRestriction.objects.filter(page=french).exists()
    # Making only the translation public does not open it.
    with django_capture_on_commit_callbacks(execute=True):
        french.refresh_from_db()
        french.audience = "public"
        french.save()
    assert PageViewRestriction.objects.filter(page=french).exists()
    response = client.get("/fr/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_saves_in_one_transaction_apply_the_audience_once_with_the_last(
    home_page, role_groups, django_capture_on_commit_callbacks, monkeypatch
):
    """Creating, revising and publishing a page are several saves: the restriction is
    worked out once, after the commit, from the last of them."""
    from access import signals

    seen = []
    real = signals.apply_audience
    monkeypatch.setattr(
        signals, "apply_audience", lambda page: seen.append(page.audience) or real(page)
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        home_page.save()
        home_page.audience = "partners"
        home_page.save_revision().publish()
    assert seen == ["partners"]
    restriction = PageViewRestriction.objects.get(page=home_page)
    assert roles.PARTNER in set(restriction.groups.values_list("name", flat=True))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        home_page.audience = "public"
        home_page.save()  # a later transaction queues its own work
    assert seen == ["partners", "public"]
    assert not PageViewRestriction.objects.filter(page=home_page).exists()


def _same_object_saved_again(page):
    page.save()


def _another_copy_made_public(page):
    other = Page.objects.get(pk=page.pk).specific
    other.audience = "public"
    other.save()


@pytest.mark.parametrize("rolled_back", [_same_object_saved_again, _another_copy_made_public])
def test_a_save_rolled_back_leaves_what_was_committed(
    home_page, role_groups, django_capture_on_commit_callbacks, rolled_back
):
    """A later save in a savepoint that rolls back (of the same object, or of a second
    copy set to public) does not undo the committed partners-only restriction."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        home_page.audience = "partners"
        home_page.save()
        try:
            with transaction.atomic():
                rolled_back(home_page)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert PageViewRestriction.objects.filter(page=home_page).exists()


def test_a_drafts_audience_counts_once_it_is_published(
    home_page, role_groups, django_capture_on_commit_callbacks
):
    """A partner-only live page whose draft says "public" stays closed until the
    draft is published."""
    with django_capture_on_commit_callbacks(execute=True):
        home_page.audience = "partners"
        publish(home_page)
    assert PageViewRestriction.objects.filter(page=home_page).exists()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        home_page.audience = "public"
        revision = home_page.save_revision()
    assert PageViewRestriction.objects.filter(page=home_page).exists()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        revision.publish()
    assert not PageViewRestriction.objects.filter(page=home_page).exists()


def test_a_public_page_without_restrictions_or_translations_is_only_looked_at(
    home_page, role_groups
):
    """The work after every save of such a page (each imported practice, for one):
    read its restrictions and translations, find nothing to do, write nothing. It
    used to read the audience groups and the page's restrictions twice (8 queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from access.signals import apply_audience

    assert home_page.audience == "public"
    with CaptureQueriesContext(connection) as queries:
        apply_audience(home_page)
    assert len(queries) <= 3, [q["sql"] for q in queries]
    assert not any("auth_group" in q["sql"] for q in queries)
    assert not PageViewRestriction.objects.filter(page=home_page).exists()
