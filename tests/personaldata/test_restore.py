"""A restore of an older backup brings an erased person back; the restore erases them
again from the register it carries over. Runs the commands as an operator would, in
their own processes and database (like tests/portal/test_backup.py)."""

import pytest

from tests.personaldata.conftest import EMAIL, FIRST_NAME, LAST_NAME, USERNAME
from tests.portal.test_backup import Site

pytestmark = pytest.mark.own_database


def make_person():
    """Inside the site: the person, with a profile."""
    from django.contrib.auth import get_user_model

    from werkgroepen.models import MemberProfile

    user = get_user_model().objects.create_user(
        USERNAME, EMAIL, "wachtwoord-123", first_name=FIRST_NAME, last_name=LAST_NAME
    )
    MemberProfile.objects.create(user=user, organisation=LAST_NAME)


def state():
    """Inside the site: print what is left of the person."""
    from django.contrib.auth import get_user_model

    from personaldata.models import Erasure
    from werkgroepen.models import MemberProfile

    users = get_user_model().objects
    print(
        users.filter(username=USERNAME).count(),
        users.filter(email=EMAIL).count(),
        MemberProfile.objects.filter(organisation=LAST_NAME).count(),
        Erasure.objects.count(),
        users.filter(username__startswith="gewist-").count(),
    )


def _state(site):
    code = "from tests.personaldata.test_restore import state; state()"
    return site.manage("shell", "-c", code).stdout.split()[-5:]


def test_a_restore_of_an_older_backup_erases_the_person_again(tmp_path):
    site = Site(tmp_path, "site")
    site.manage("migrate", "-v0")
    site.manage(
        "shell", "-c", "from tests.personaldata.test_restore import make_person; make_person()"
    )
    archive = tmp_path / "before.tar.gz"
    site.manage("backup", str(archive))
    site.manage("persoonsgegevens", "wissen", USERNAME, "--yes")
    assert _state(site) == ["0", "0", "0", "1", "1"]

    site.manage("restore", str(archive), "--force", "--skip-index")

    # Gone again; the register survived the older dump, which did not hold it.
    assert _state(site) == ["0", "0", "0", "1", "1"]
