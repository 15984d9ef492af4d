"""Translations go through review before they go live when their page has a workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Locale, Workflow, WorkflowPage, WorkflowTask
from wagtail_localize.models import Translation, TranslationSource

from access import roles
from access.roles import ensure_roles
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.factories import UserFactory
from translations.status import reviewers_may_publish


@pytest.fixture
def french():
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def setup(home_page, french, coordinator, client_for, django_capture_on_commit_callbacks):
    """A Dutch easy-read page, its French draft translation, and a review workflow
    on the French section whose reviewers are the editors (Redacteur)."""
    callbacks = django_capture_on_commit_callbacks
    section = EasyReadIndexPageFactory(parent=home_page)
    page = EasyReadPageFactory(parent=section, title="Hulp bij je huur")
    admin = client_for(coordinator)
    with callbacks(execute=True):
        admin.post(f"/admin/localize/submit/page/{section.pk}/", {"locales": [french.pk]})
        admin.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [french.pk]})
    admin.logout()
    ensure_roles()
    workflow = Workflow.objects.create(name="Vertaling nalezen")
    task = GroupApprovalTask.objects.create(name="Nalezen door een redacteur")
    task.groups.set([Group.objects.get(name=roles.REDACTEUR)])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=section.get_translation(french))
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=french
    )
    return {
        "page": page,
        "translated": page.get_translation(french),
        "translation": translation,
        "translator": UserFactory(username="vertaler-test", groups=[roles.VERTALER]),
        "editor": UserFactory(username="redacteur-test", groups=[roles.REDACTEUR]),
    }


def test_translator_publish_button_sends_the_translation_to_review(
    setup, client, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    translated, translation = setup["translated"], setup["translation"]
    assert not reviewers_may_publish(setup["translator"], translated.specific)
    client.force_login(setup["translator"])
    with callbacks(execute=True):
        client.post(
            f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": "/admin/"}
        )
        response = client.post(f"/admin/pages/{translated.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    translated.refresh_from_db()
    assert not translated.live
    assert translated.workflow_in_progress
    draft = translated.get_latest_revision_as_object()
    assert draft.title == "huur je bij Hulp"  # the dummy translator reverses words

    # The editor approves; then the translation is live.
    task_state = translated.current_workflow_task_state
    with callbacks(execute=True):
        task_state.approve(user=setup["editor"])
    translated.refresh_from_db()
    assert translated.live
    assert translated.title == "huur je bij Hulp"


def test_review_keeps_the_live_translation_unchanged_until_approved(
    setup, client_for, coordinator, client, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    translated, translation = setup["translated"], setup["translation"]
    # A first version goes live (published by a coordinator, who may).
    admin = client_for(coordinator)
    with callbacks(execute=True):
        admin.post(f"/admin/pages/{translated.pk}/edit/", {"action": "publish"})
    translated.refresh_from_db()
    assert translated.live
    live_title = translated.title
    admin.logout()

    client.force_login(setup["translator"])
    with callbacks(execute=True):
        client.post(
            f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": "/admin/"}
        )
        client.post(f"/admin/pages/{translated.pk}/edit/", {"action": "publish"})
    translated.refresh_from_db()
    assert translated.title == live_title
    assert translated.workflow_in_progress


def test_sync_with_publish_sends_translations_that_need_review_to_review(
    setup, client, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    page, translated = setup["page"], setup["translated"]
    page.title = "Hulp bij je huur en je water"
    page.save_revision().publish()
    source = TranslationSource.objects.get(object_id=page.translation_key)
    user = setup["translator"]
    user.groups.add(Group.objects.get(name=roles.VERTALER))
    client.force_login(user)
    with callbacks(execute=True):
        response = client.post(
            f"/admin/localize/update/{source.pk}/",
            {"use_machine_translation": "on", "publish_translations": "on"},
        )
    assert response.status_code == 302
    translated.refresh_from_db()
    assert not translated.live
    assert translated.workflow_in_progress


def test_review_page_in_the_admin(setup, client):
    client.force_login(setup["translator"])
    url = f"/admin/vertalingen/{setup['translation'].pk}/nalezen/"
    html = client.get(url).content.decode()
    assert "Vertaling nalezen" in html
    response = client.post(url)
    assert response.status_code == 302
    setup["translated"].refresh_from_db()
    assert setup["translated"].workflow_in_progress


def test_editors_in_the_workflow_may_publish_directly(setup):
    assert reviewers_may_publish(setup["editor"], setup["translated"].specific)


def test_wagtails_default_workflow_on_the_root_does_not_hold_translators_back(
    home_page, french, role_groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        translated = home_page.copy_for_translation(french)
    assert translated.get_workflow() is not None  # "Moderators approval" on the root
    translator = UserFactory(username="vertaler-2", groups=[roles.VERTALER])
    assert reviewers_may_publish(translator, translated)


def test_a_start_page_translation_goes_to_review_under_its_own_free_slug(
    home_page, french, coordinator, client_for, django_capture_on_commit_callbacks
):
    """The start pages of all languages are siblings, so a translation cannot take the
    Dutch page's slug; wagtail-localize gives it a free one. Sending it to review copied
    the Dutch slug into the draft again, and saving that draft was a 500."""
    admin = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/admin/localize/submit/page/{home_page.pk}/", {"locales": [french.pk]})
    french_home = home_page.get_translation(french)
    assert french_home.slug != home_page.slug
    ensure_roles()
    workflow = Workflow.objects.create(name="Vertaling nalezen")
    task = GroupApprovalTask.objects.create(name="Nalezen door een redacteur")
    task.groups.set([Group.objects.get(name=roles.REDACTEUR)])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=french_home)
    translation = Translation.objects.get(
        source__object_id=home_page.translation_key, target_locale=french
    )
    response = admin.post(f"/admin/vertalingen/{translation.pk}/nalezen/")
    assert response.status_code == 302
    french_home.refresh_from_db()
    assert french_home.workflow_in_progress
    draft = french_home.get_latest_revision_as_object()
    assert draft.slug == french_home.slug
