import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_front_page_for_visitors_has_skip_link_disclaimer_and_no_cdn(client):
    html = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in html
    assert "not medical advice" in html
    assert "emergency" in html
    assert "https://" not in html  # every asset is served from here


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
