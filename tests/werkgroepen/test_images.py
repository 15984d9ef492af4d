"""Images never enter a private collection, and the image chooser never shows one that
got there anyway. Photos are shared in a space as documents."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.werkgroepen.conftest import login
from werkgroepen import documents

Image = get_image_model()


def png_bytes():
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 80, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes():
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), (30, 80, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def public_image(role_groups):
    return Image.objects.create(
        title="Publieke foto", file=SimpleUploadedFile("publiek.png", png_bytes())
    )


def test_an_image_cannot_be_saved_into_a_space_collection(space, public_image):
    public_image.collection = space.collection
    with pytest.raises(ValidationError):
        public_image.save()
    sub = space.collection.add_child(name="Foto's")
    with pytest.raises(ValidationError):
        Image.objects.create(
            title="Geheim", collection=sub, file=SimpleUploadedFile("g.png", png_bytes())
        )


def test_admin_image_form_does_not_offer_and_refuses_a_space_collection(client, space, coordinator):
    client = login(client, coordinator)
    form_html = client.get("/admin/images/add/").content.decode()
    assert f'value="{space.collection.pk}"' not in form_html
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Foto van de vergadering",
            "collection": space.collection.pk,
            "file": SimpleUploadedFile("vergadering.png", png_bytes()),
        },
    )
    assert response.status_code == 200
    assert not Image.objects.filter(title="Foto van de vergadering").exists()


def test_admin_multiple_upload_refuses_a_space_collection(client, space, coordinator):
    from wagtail.models import UploadedFile

    client = login(client, coordinator)
    client.post(
        "/admin/images/multiple/add/",
        {
            "collection": space.collection.pk,
            "files[]": SimpleUploadedFile("meer.png", png_bytes()),
        },
    )
    assert not Image.objects.filter(collection=space.collection).exists()
    # Wagtail parks the file and asks for the metadata again; that form refuses too.
    upload = UploadedFile.objects.get()
    response = client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{upload.pk}/",
        {
            f"uploaded-image-{upload.pk}-title": "Meer",
            f"uploaded-image-{upload.pk}-collection": space.collection.pk,
        },
    )
    assert response.json()["success"] is False
    assert not Image.objects.filter(collection=space.collection).exists()


def test_admin_bulk_move_into_a_space_collection_is_refused(
    client, space, coordinator, public_image
):
    root = Collection.get_first_root_node()
    response = login(client, coordinator).post(
        f"/admin/bulk/portal/portalimage/add_to_collection/?id={public_image.pk}",
        {"collection": space.collection.pk},
    )
    assert response.status_code == 302
    public_image.refresh_from_db()
    assert public_image.collection_id == root.pk


def test_image_chooser_hides_images_of_private_collections(
    client, space, coordinator, partner, public_image, role_groups
):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupCollectionPermission

    from access import roles
    from tests.portal.factories import UserFactory

    hidden = Image.objects.create(
        title="Foto in de werkgroep", file=SimpleUploadedFile("w.png", png_bytes())
    )
    # Forced past the save guard, as an old import or a raw update could.
    Image.objects.filter(pk=hidden.pk).update(collection=space.collection)
    editor = UserFactory(username="beeldredacteur", groups=[roles.REDACTEUR])
    GroupCollectionPermission.objects.get_or_create(
        group=role_groups[roles.REDACTEUR],
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailimages", codename="choose_image"
        ),
    )
    html = login(client, editor).get("/admin/images/chooser/results/").content.decode()
    assert "Publieke foto" in html
    assert "Foto in de werkgroep" not in html
    html = login(client, coordinator).get("/admin/images/chooser/results/").content.decode()
    assert "Foto in de werkgroep" in html


def test_a_photo_is_shared_in_a_space_as_a_private_document(
    client, space, member, lead, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = documents.create_document(
            space, SimpleUploadedFile("gezinnendag.jpg", jpeg_bytes()), lead
        )
    photo.refresh_from_db()
    assert photo.extraction_status == "unsupported"
    response = login(client, member).get(photo.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert login(client, partner).get(photo.url).status_code in (302, 403)
    assert login(client, None).get(photo.url).status_code == 302
