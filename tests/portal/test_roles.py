from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from portal import roles


def test_roles_exist_after_migrate(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names


def test_role_permissions(role_groups):
    redacteur = Group.objects.get(name=roles.REDACTEUR)
    vertaler = Group.objects.get(name=roles.VERTALER)
    partner = Group.objects.get(name=roles.PARTNER)
    coordinator = Group.objects.get(name=roles.COORDINATOR)

    def codes(group):
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert "wagtailadmin.access_admin" in codes(redacteur)
    assert "wagtail_localize.submit_translation" in codes(vertaler)
    assert "wagtailadmin.access_admin" not in codes(partner)
    assert "auth.change_user" not in codes(redacteur)
    assert coordinator.permissions.count() == Permission.objects.count()
    assert GroupPagePermission.objects.filter(
        group=coordinator, page__depth=1, permission__codename="publish_page"
    ).exists()


def test_ensure_roles_is_idempotent(role_groups):
    before = (
        Group.objects.count(),
        sum(g.permissions.count() for g in Group.objects.all()),
        GroupPagePermission.objects.count(),
    )
    roles.ensure_roles()
    after = (
        Group.objects.count(),
        sum(g.permissions.count() for g in Group.objects.all()),
        GroupPagePermission.objects.count(),
    )
    assert before == after
