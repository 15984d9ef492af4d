from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from access import roles


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


def test_editors_manage_documents_only_in_the_public_collection(role_groups):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection
    from wagtail.permissions import policy_registry

    from tests.portal.factories import UserFactory

    editor = UserFactory(groups=[roles.REDACTEUR])
    public = roles.public_documents_collection()
    private = Collection.get_first_root_node().add_child(name="Werkgroep test (privé)")
    document_model = get_document_model()
    permission_policy = policy_registry.get_by_type(document_model)
    public_doc = document_model.objects.create(
        title="Openbare brochure", collection=public, file=ContentFile(b"x", name="a.txt")
    )
    private_doc = document_model.objects.create(
        title="Verslag werkgroep", collection=private, file=ContentFile(b"x", name="b.txt")
    )

    assert permission_policy.user_has_permission_for_instance(editor, "change", public_doc)
    assert not permission_policy.user_has_permission_for_instance(editor, "change", private_doc)
    choosable = permission_policy.instances_user_has_any_permission_for(editor, ["choose"])
    assert public_doc in choosable
    assert private_doc not in choosable
    assert roles.public_documents_collection() == public
