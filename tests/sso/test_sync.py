"""``manage.py sso_sync``: provider-linked accounts without a sign-in for a set time are
deactivated (never deleted) and logged; everyone else is left alone."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from access import roles
from sso.accesslog import ACCOUNT_DEACTIVATED, BACKCHANNEL_LOGOUT, LABELS
from sso.models import SsoIdentity, SsoSession
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def ago(days):
    return timezone.now() - timedelta(days=days)


def account(username, days, email=None, linked=True, **options):
    """An account that last signed in ``days`` ago (through the provider if linked)."""
    user = UserFactory(username=username, email=email or f"{username}@ocmw.example", **options)
    User.objects.filter(pk=user.pk).update(last_login=ago(days))
    if linked:
        identity = SsoIdentity.objects.create(
            user=user, provider="test", subject=username, last_login_at=ago(days)
        )
        SsoIdentity.objects.filter(pk=identity.pk).update(created_at=ago(days + 1))
    user.refresh_from_db()
    return user


def sync(*args):
    out = StringIO()
    call_command("sso_sync", *args, stdout=out)
    return out.getvalue()


def active(user):
    user.refresh_from_db()
    return user.is_active


def test_a_linked_account_without_a_sign_in_for_too_long_is_deactivated_and_logged():
    stale = account("weg", 200)
    recent = account("actief", 10)
    output = sync()
    assert "weg: deactivated (no sign-in for 180 days)" in output
    assert "actief" not in output
    assert "deactivated 1 account(s)" in output
    assert not active(stale)
    assert User.objects.filter(pk=stale.pk).exists()  # never deleted
    assert active(recent)
    entry = ModelLogEntry.objects.get(action=ACCOUNT_DEACTIVATED)
    assert entry.object_id == str(stale.pk)
    assert entry.data == {"reason": "inactive", "days": 180}
    assert entry.label == f"Account {stale.pk}"
    assert entry.user is None


def test_accounts_that_are_not_linked_or_keep_a_way_in_are_left_alone(role_groups):
    local = account("lokaal", 400, linked=False)
    superuser = account("beheer", 400, is_superuser=True)
    coordinator = account("coordinator", 400, groups=[roles.COORDINATOR])
    already = account("al-weg", 400, is_active=False)
    output = sync()
    assert "deactivated 0 account(s)" in output
    assert all(active(user) for user in (local, superuser, coordinator))
    assert not active(already)
    assert not ModelLogEntry.objects.filter(action=ACCOUNT_DEACTIVATED).exists()


def test_a_recent_password_sign_in_counts_too():
    user = account("beide", 300)
    User.objects.filter(pk=user.pk).update(last_login=ago(5))
    sync()
    assert active(user)


def test_a_linked_account_that_never_signed_in_counts_from_its_link():
    user = UserFactory(username="nooit")
    identity = SsoIdentity.objects.create(user=user, provider="test", subject="nooit")
    assert "nooit" not in sync()
    SsoIdentity.objects.filter(pk=identity.pk).update(created_at=ago(181))
    assert "nooit: deactivated" in sync()


def test_dry_run_changes_nothing():
    stale = account("weg", 200)
    output = sync("--dry-run")
    assert "weg: would deactivate" in output
    assert active(stale)
    assert not ModelLogEntry.objects.exists()


def test_the_number_of_days_comes_from_the_option_or_the_setting(settings):
    user = account("weg", 40)
    settings.OIDC_INACTIVE_DAYS = 60
    assert "weg" not in sync()
    assert "weg: deactivated (no sign-in for 30 days)" in sync("--inactive-days", "30")
    assert not active(user)


def test_output_and_log_never_hold_an_email_address():
    user = account("an.peeters@ocmw.example", 200, email="an.peeters@ocmw.example")
    output = sync()
    assert "@" not in output
    assert f"account {user.pk}: deactivated" in output
    entry = ModelLogEntry.objects.get(action=ACCOUNT_DEACTIVATED)
    assert "@" not in entry.label and "@" not in str(entry.data)


@pytest.mark.parametrize("days", ["0", "-3"])
def test_a_bad_number_of_days_is_a_clear_error(days):
    with pytest.raises(CommandError, match="at least 1"):
        sync("--inactive-days", days)


def test_ended_sessions_are_forgotten(client):
    user = account("jan", 1)
    client.force_login(user)
    identity = SsoIdentity.objects.get(user=user)
    live = SsoSession.objects.create(identity=identity, session_key=client.session.session_key)
    SsoSession.objects.create(identity=identity, session_key="x" * 32)
    assert "forgot 1 ended session(s)" in sync()
    assert list(SsoSession.objects.all()) == [live]


def test_the_actions_have_dutch_labels_in_the_log():
    assert set(LABELS) == {ACCOUNT_DEACTIVATED, BACKCHANNEL_LOGOUT}
    for action, label in LABELS.items():
        assert log_registry.get_action_label(action) == str(label)
