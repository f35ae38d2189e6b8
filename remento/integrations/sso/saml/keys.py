"""Remento's own key pair as a SAML service provider, one per connection.

The certificate goes into Remento's metadata (the identity provider checks signed requests
with it and may encrypt assertions to it); the private key is stored encrypted and written
to disk only for the length of one request, because xmlsec1 (which pysaml2 drives) reads
keys from files.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from remento.integrations.sso.secrets import secret_decrypt, secret_encrypt

# Long enough that an operator does not have to re-register Remento with the identity
# provider every year; the pair is per connection and can be replaced by making a new one.
CERTIFICATE_YEARS = 10


@dataclass(frozen=True)
class KeyPair:
    certificate_pem: str
    private_key_encrypted: str


@dataclass(frozen=True)
class KeyFiles:
    key_file: str
    cert_file: str


def key_pair_generate(*, common_name: str) -> KeyPair:
    """A new RSA-3072 key and a self-signed certificate naming ``common_name``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])
    now = datetime.datetime.now(tz=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * CERTIFICATE_YEARS))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    return KeyPair(
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        private_key_encrypted=secret_encrypt(key_pem),
    )


@contextmanager
def key_files(*, certificate_pem: str, private_key_encrypted: str) -> Iterator[KeyFiles]:
    """The pair as two files in a private temporary folder, removed on leaving."""
    with tempfile.TemporaryDirectory(prefix="remento-saml-") as folder:
        key_path = Path(folder) / "sp.key"
        cert_path = Path(folder) / "sp.crt"
        key_path.touch(mode=0o600)
        key_path.write_text(secret_decrypt(private_key_encrypted))
        cert_path.write_text(certificate_pem)
        yield KeyFiles(key_file=str(key_path), cert_file=str(cert_path))
