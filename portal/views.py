from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    """Bad Host header, too many fields or files, a broken multipart body. The page is
    rendered without the request: its host may be the very thing that is wrong."""
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def csrf_failure(request, reason=""):
    """A form sent without (or with an expired) CSRF token: say so in Dutch."""
    return render(request, "403_csrf.html", status=403)
