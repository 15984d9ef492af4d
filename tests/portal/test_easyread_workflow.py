"""Workflow step "Nagelezen door testlezers" and the label it earns a page."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow, WorkflowPage, WorkflowTask
from wagtail.workflows import get_task_types

from access import roles
from core.models import TestReaderTask, passed_test_readers
from tests.home.factories import EasyReadIndexPageFactory, EasyReadPageFactory
from tests.portal.factories import UserFactory


@pytest.fixture
def reviewed(home_page, role_groups, django_capture_on_commit_callbacks):
    # Creating an editorial section grants the editors their permissions on it.
    with django_capture_on_commit_callbacks(execute=True):
        section = EasyReadIndexPageFactory(parent=home_page)
    page = EasyReadPageFactory(parent=section, title="Naar de tandarts")
    task = TestReaderTask.objects.create(name="Nagelezen door testlezers")
    task.groups.set([Group.objects.get(name=roles.REDACTEUR)])
    workflow = Workflow.objects.create(name="Eenvoudige taal nalezen")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=section)
    editor = UserFactory(username="redacteur-wf", groups=[roles.REDACTEUR])
    return {"page": page, "workflow": workflow, "editor": editor, "task": task}


def _submit_and_approve(page, workflow, editor, callbacks):
    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    with callbacks(execute=True):
        state.current_task_state.approve(user=editor, comment="Drie ouders lazen mee.")
    page.refresh_from_db()
    return page


def test_task_type_is_offered_in_the_workflow_admin():
    assert TestReaderTask in get_task_types()


def test_reviewer_actions_use_the_test_reader_words(reviewed):
    actions = reviewed["task"].get_actions(reviewed["page"], reviewed["editor"])
    assert [label for _name, label, _form in actions] == [
        "Testlezers begrepen het niet: aanpassen",
        "Nagelezen door testlezers",
    ]
    outsider = UserFactory(username="buiten-wf")
    assert reviewed["task"].get_actions(reviewed["page"], outsider) == []


def test_page_that_passed_shows_the_label_until_its_text_changes(
    reviewed, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    page = reviewed["page"]
    visitor = Client()
    assert "Nagelezen door testlezers" not in visitor.get(page.url).content.decode()

    page = _submit_and_approve(page, reviewed["workflow"], reviewed["editor"], callbacks)
    assert passed_test_readers(page) is not None
    assert "Nagelezen door testlezers" in visitor.get(page.url).content.decode()

    page.body = [("paragraph", {"text": "Een nieuwe tekst die nog niemand las."})]
    page.save_revision().publish()
    page.refresh_from_db()
    assert passed_test_readers(page) is None
    assert "Nagelezen door testlezers" not in visitor.get(page.url).content.decode()


def test_rejected_review_gives_no_label(reviewed, django_capture_on_commit_callbacks):
    page = reviewed["page"]
    page.save_revision(user=reviewed["editor"])
    state = reviewed["workflow"].start(page, reviewed["editor"])
    state.current_task_state.reject(user=reviewed["editor"], comment="Te moeilijk.")
    assert passed_test_readers(page) is None
