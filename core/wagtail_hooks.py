"""Admin hooks shared by the whole portal: its stylesheet for the admin."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))
