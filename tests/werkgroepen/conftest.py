"""Fixtures for the working-group tests: one space with a member and a lead, a second
space, and the people who must not see the first one."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from access import roles
from demo.samplefiles import make_pdf
from tests.portal.factories import UserFactory
from tests.werkgroepen.factories import (
    MeetingPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from werkgroepen import documents


@pytest.fixture
def index_page(home_page, role_groups):
    return WorkingGroupIndexPageFactory(parent=home_page)


@pytest.fixture
def space(index_page):
    return WorkingGroupPageFactory(parent=index_page, title="Participatie", slug="participatie")


@pytest.fixture
def other_space(index_page):
    return WorkingGroupPageFactory(parent=index_page, title="Drempels", slug="drempels")


@pytest.fixture
def member(space):
    # Fixed names: Faker's can hold an apostrophe, which templates escape.
    user = UserFactory(
        username="lid-test", email="lid@example.org", first_name="Nadia", last_name="Peeters"
    )
    # UserFactory only saves the password when it is given groups by name.
    user.save()
    user.groups.add(space.member_group)
    return user


@pytest.fixture
def lead(space):
    user = UserFactory(
        username="trekker-test",
        groups=[roles.PARTNER],
        email="trekker@example.org",
        first_name="Koen",
        last_name="Janssens",
    )
    user.groups.add(space.member_group, space.lead_group)
    return user


@pytest.fixture
def other_member(other_space):
    """A partner who is a member of another working group."""
    user = UserFactory(
        username="ander-lid", groups=[roles.PARTNER], first_name="Els", last_name="Maes"
    )
    user.groups.add(other_space.member_group)
    return user


@pytest.fixture
def meeting(space):
    return MeetingPageFactory(parent=space, title="Voorbereiding gezinnendag", slug="gezinnendag")


@pytest.fixture
def pdf_upload():
    def _make(name="verslag.pdf", text="Verslag over de speelpleinwerking."):
        return SimpleUploadedFile(name, make_pdf("Verslag", [text]))

    return _make


@pytest.fixture
def space_document(space, lead, pdf_upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return documents.create_document(
            space, pdf_upload("geheim-verslag.pdf"), lead, title="Geheim verslag"
        )


@pytest.fixture
def outsiders(partner, other_member):
    """Everyone who must not see the space: (name, user or None for anonymous)."""
    return {"partner": partner, "other_member": other_member, "anonymous": None}


def login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def as_user(user):
    return user if user is not None else AnonymousUser()
