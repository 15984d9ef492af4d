import pytest

from tests.kennisbank.factories import KennisbankIndexPageFactory


@pytest.fixture
def kennisbank(home_page, role_groups):
    """The Dutch kennisbank index at /nl/kennisbank/."""
    return KennisbankIndexPageFactory(parent=home_page)
