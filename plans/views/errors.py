"""Error pages that must work when the database does not."""

import sys

from django.views.defaults import server_error

from plans.middleware import OUTAGE_ERRORS, outage_response


def server_error_or_outage(request, template_name="500.html"):
    """handler500: a database outage raised outside a view still gets the 503 page.

    Django calls this inside its own `except` block, so the error being handled is at hand.
    """
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return outage_response(request)
    return server_error(request, template_name)
