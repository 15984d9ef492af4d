"""*Mijn gegevens*: what the portal keeps about the signed-in person, and its download.

There is no id in these addresses: it is always ``request.user``; nothing in the
query string changes whose data is shown.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import accesslog
from .export import collect, zip_bytes_file
from .hooks import Person

FILENAME = "mijn-gegevens.zip"


def download_response(person, by, filename=FILENAME):
    response = FileResponse(zip_bytes_file(person), as_attachment=True, filename=filename)
    accesslog.exported(by, person)
    return response


def _me(request):
    """The signed-in person as a ``Person`` (the account itself, not the request's lazy
    wrapper: Wagtail's log finds an object's log model by its class)."""
    return Person(user=get_user_model()._default_manager.get(pk=request.user.pk))


@never_cache
@login_required
def my_data(request):
    person = _me(request)
    return render(request, "personaldata/my_data.html", {"sections": collect(person)})


@never_cache
@login_required
def download(request):
    person = _me(request)
    return download_response(person, person.user)
