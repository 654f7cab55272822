"""Stub: the progress helper replaces this module."""

from django.http import HttpResponse


def progress(request):
    return HttpResponse("progress coming")
