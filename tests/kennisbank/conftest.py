import pytest
from django.db import DatabaseError

from kennisbank.models import PracticePage
from tests.kennisbank.factories import KennisbankIndexPageFactory


@pytest.fixture
def kennisbank(home_page, role_groups):
    """The Dutch kennisbank index at /nl/kennisbank/."""
    return KennisbankIndexPageFactory(parent=home_page)


@pytest.fixture
def disk_full_for(monkeypatch):
    """``disk_full_for(prefix)``: saving a revision of a practice whose title starts
    with ``prefix`` fails as a full disk would (the middle of an import)."""

    def fail(prefix):
        original = PracticePage.save_revision

        def failing(self, *args, **kwargs):
            if self.title.startswith(prefix):
                raise DatabaseError("disk full")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(PracticePage, "save_revision", failing)

    return fail
