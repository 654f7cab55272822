"""A push service and a phone for the Web Push tests, both real and both on this machine.

PushService is an HTTP server on 127.0.0.1 that takes what the worker POSTs, as a browser's
push service would, and answers with the status the test chose for each path. Phone holds the
keys a browser makes when it subscribes (an ECDH key pair and an auth secret), and decrypts
what it is sent (aes128gcm, RFC 8291), so a test reads exactly what a lock screen would show.
"""

import base64
import json
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushService:
    def __init__(self):
        self.received: list[Received] = []
        self.status: dict[str, int] = {}  # path -> the answer; 201 Created otherwise
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append(Received(self.path, headers, body))
                self.send_response(service.status.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def to(self, phone: "Phone") -> list[Received]:
        return [r for r in self.received if self.origin + r.path == phone.endpoint]

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Phone:
    """One browser's subscription: what PushSubscription.toJSON() gives the page."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.p256dh = b64url(
            self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        )

    def subscription(self) -> dict:
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }

    def save_for(self, user):
        from notifications.models import PushSubscription

        return PushSubscription.objects.create(
            user=user, endpoint=self.endpoint, p256dh=self.p256dh, auth=b64url(self.auth)
        )

    def read(self, received: Received) -> dict:
        """The notification as the service worker gets it (event.data.json())."""
        assert received.headers["content-encoding"] == "aes128gcm"
        text = http_ece.decrypt(
            received.body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(text)


def vapid_claims(received: Received, public_key: str) -> dict:
    """The VAPID token's claims (RFC 8292), after checking it is signed by `public_key`."""
    scheme, _, params = received.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    header, claims, signature = fields["t"].split(".")
    raw = unb64url(signature)
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    verifier.verify(
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{header}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    return json.loads(unb64url(claims))
