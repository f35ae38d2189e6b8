"""A SAML 2.0 identity provider for the tests, built on pysaml2's ``Server``.

It runs as a small WSGI server on 127.0.0.1 (a free port, a thread of the test process),
with its own generated key and certificate, and publishes its metadata at ``/metadata``.
A browser sent to ``/sso/redirect`` with an AuthnRequest (HTTP-Redirect binding) gets a page
that posts the signed Response back to the service provider (HTTP-POST binding): the answer
the test set with ``answer_with`` — a valid assertion for some attributes, an expired one,
a tampered one (an attribute changed after signing) or one for another audience.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import html
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_UNSPECIFIED, NAMEID_FORMAT_UNSPECIFIED, NameID
from saml2.server import Server
from saml2.time_util import in_a_while, instant
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

XMLSEC = shutil.which("xmlsec1")
MISSING_XMLSEC = "xmlsec1 is not installed (run `make xmlsec`): SAML signatures need it"

ASSERTION_MINUTES = 15
VALID = "valid"
EXPIRED = "expired"
TAMPERED = "tampered"
OTHER_AUDIENCE = "other_audience"


@dataclass
class Answer:
    """What the provider answers the next sign-in with."""

    attributes: Mapping[str, Iterable[str]]
    name_id: str = "person@example.com"
    mode: str = VALID
    # For TAMPERED: the attribute value swapped in after signing.
    tampered_value: str = ""


@dataclass
class SentRequest:
    issuer: str
    request_id: str
    destination: str


@dataclass
class _Files:
    key_file: str
    cert_file: str


def _write_key_pair(folder: Path) -> _Files:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Remento test IdP")])
    now = datetime.datetime.now(tz=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "idp.key", folder / "idp.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return _Files(key_file=str(key_path), cert_file=str(cert_path))


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class SamlTestIdp:
    """Start with ``start()`` (or as a context manager); ``stop()`` ends the server."""

    folder: Path
    answer: Answer | None = None
    requests: list[SentRequest] = field(default_factory=list)
    _wsgi: WSGIServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> SamlTestIdp:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files = _write_key_pair(self.folder)
        self._wsgi = make_server("127.0.0.1", 0, self._app, handler_class=_QuietHandler)
        self.base_url = f"http://127.0.0.1:{self._wsgi.server_port}"
        self.entity_id = f"{self.base_url}/metadata"
        self._server = Server(config=self._config())
        self._thread = threading.Thread(target=self._wsgi.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._wsgi is not None:
            self._wsgi.shutdown()
            self._wsgi.server_close()

    def __enter__(self) -> SamlTestIdp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/sso/redirect"

    def _config(self) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": XMLSEC,
                "key_file": self._files.key_file,
                "cert_file": self._files.cert_file,
                "allow_unknown_attributes": True,
                # No service provider's metadata: the tests answer whoever asks.
                "metadata": {"inline": []},
                "service": {
                    "idp": {
                        "name": "Remento test IdP",
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]
                        },
                        "name_id_format": [NAMEID_FORMAT_UNSPECIFIED],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": ASSERTION_MINUTES},
                                "attribute_restrictions": None,
                                # Names sent as given, as Entra ID, Okta and Google do.
                                "name_form": NAME_FORMAT_UNSPECIFIED,
                            }
                        },
                    }
                },
            }
        )
        return config

    def metadata_xml(self) -> str:
        return str(entity_descriptor(self._server.config))

    def answer_with(
        self,
        attributes: Mapping[str, Iterable[str]],
        *,
        mode: str = VALID,
        name_id: str = "person@example.com",
        tampered_value: str = "",
    ) -> None:
        self.answer = Answer(
            attributes=attributes, name_id=name_id, mode=mode, tampered_value=tampered_value
        )

    def parse_request(self, saml_request: str) -> SentRequest:
        """The AuthnRequest a service provider sent (HTTP-Redirect encoding)."""
        parsed = self._server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        message = parsed.message
        sent = SentRequest(
            issuer=message.issuer.text,
            request_id=message.id,
            destination=message.assertion_consumer_service_url,
        )
        self.requests.append(sent)
        return sent

    def response_for(
        self, *, in_response_to: str, destination: str, audience: str, answer: Answer
    ) -> str:
        """A signed Response (base64, as the HTTP-POST binding carries it)."""
        if answer.mode == OTHER_AUDIENCE:
            audience = "https://elsewhere.example/saml/metadata/"
        with _made_an_hour_ago() if answer.mode == EXPIRED else contextlib.nullcontext():
            response = self._create(self._server, in_response_to, destination, audience, answer)
        xml = str(response)
        if answer.mode == TAMPERED:
            original = next(iter(next(iter(answer.attributes.values()))))
            xml = xml.replace(f">{original}<", f">{answer.tampered_value}<")
        return base64.b64encode(xml.encode()).decode("ascii")

    @staticmethod
    def _create(
        server: Server, in_response_to: str, destination: str, audience: str, answer: Answer
    ) -> Any:
        return server.create_authn_response(
            identity={name: list(values) for name, values in answer.attributes.items()},
            in_response_to=in_response_to,
            destination=destination,
            sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_UNSPECIFIED, text=answer.name_id),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            # As Entra ID by default: the assertion signed, the response around it not.
            sign_response=False,
        )

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [self.metadata_xml().encode()]
        if path != "/sso/redirect" or self.answer is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not here"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        sent = self.parse_request(query["SAMLRequest"][0])
        saml_response = self.response_for(
            in_response_to=sent.request_id,
            destination=sent.destination,
            audience=sent.issuer,
            answer=self.answer,
        )
        relay_state = query.get("RelayState", [""])[0]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [_post_page(sent.destination, saml_response, relay_state).encode()]


@contextlib.contextmanager
def _made_an_hour_ago() -> Iterator[None]:
    """The assertions made meanwhile are as if made an hour ago: their NotBefore and
    NotOnOrAfter (pysaml2 takes both from saml2.assertion's clock helpers) are past."""
    hour_ago = time.time() - 3600

    def then(*args: Any, **kwargs: Any) -> str:
        return instant(time_stamp=hour_ago)

    def then_plus(**delta: Any) -> str:
        return in_a_while(**{**delta, "seconds": delta.get("seconds", 0) - 3600})

    with (
        mock.patch("saml2.assertion.instant", then),
        mock.patch("saml2.assertion.in_a_while", then_plus),
    ):
        yield


def _post_page(action: str, saml_response: str, relay_state: str) -> str:
    # The identity provider's own page: Remento's content-security policy does not apply
    # here, so it may submit itself as real identity providers' pages do.
    return (
        "<!doctype html><html><head><title>Test IdP</title></head><body>"
        f'<form id="answer" method="post" action="{html.escape(action)}">'
        f'<input type="hidden" name="SAMLResponse" value="{html.escape(saml_response)}">'
        f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
        '<button type="submit">Continue to the service</button></form>'
        "<script>document.getElementById('answer').submit();</script>"
        "</body></html>"
    )
