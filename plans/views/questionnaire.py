"""Stub: the questionnaire helper replaces this module."""

from django.http import HttpResponse


def start(request):
    return HttpResponse("questionnaire coming")


def step(request, number):
    return HttpResponse("questionnaire coming")


def result(request):
    return HttpResponse("result coming")


def physician_letter(request):
    return HttpResponse("letter coming")


def record_clearance(request):
    return HttpResponse("clearance coming")


def start_again(request):
    return HttpResponse("start again coming")
