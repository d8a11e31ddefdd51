"""A test PKI made at test time: a root CA, the signer's, the agency's and other certificates,
a CRL, PKCS#12 files, and a SoftHSM2 token holding the keys (used by tests and bench/signing.py).

Nothing here is shipped or trusted outside the test: every key is made fresh in ``folder``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "123456"
SO_PIN = "12345678"
PASSPHRASE = "mật-khẩu-p12"


def softhsm_available() -> bool:
    return Path(SOFTHSM_LIB).is_file() and shutil.which("softhsm2-util") is not None


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    p12: Path
    token_id: bytes = b""


@dataclass
class Pki:
    folder: Path
    root_key: rsa.RSAPrivateKey
    root: x509.Certificate
    trust: Path
    people: dict[str, Issued] = field(default_factory=dict)
    token_label: str = "Token-Test"
    softhsm_conf: Path | None = None

    def issue(self, name: str, cn: str, org: str | None = None, days: int = 365,
              start: datetime | None = None, issuer: tuple[rsa.RSAPrivateKey,
                                                           x509.Certificate] | None = None
              ) -> Issued:
        key = _key()
        start = start or datetime.now(UTC) - timedelta(days=1)
        ca_key, ca = issuer or (self.root_key, self.root)
        cert = (x509.CertificateBuilder().subject_name(_name(cn, org))
                .issuer_name(ca.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(start + timedelta(days=days))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                             False, False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                               critical=False)
                .sign(ca_key, hashes.SHA256()))
        p12 = self.folder / f"{name}.p12"
        p12.write_bytes(pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, None,
            serialization.BestAvailableEncryption(PASSPHRASE.encode())))
        issued = Issued(key, cert, p12)
        self.people[name] = issued
        return issued

    def write_crl(self) -> Path:
        now = datetime.now(UTC)
        crl = (x509.CertificateRevocationListBuilder().issuer_name(self.root.subject)
               .last_update(now - timedelta(hours=1)).next_update(now + timedelta(days=30))
               .sign(self.root_key, hashes.SHA256()))
        path = self.trust / "root.crl"
        path.write_bytes(crl.public_bytes(serialization.Encoding.DER))
        return path

    def env(self) -> dict[str, str]:
        out = {"INSPECTOR_PKCS11_MODULE": SOFTHSM_LIB}
        if self.softhsm_conf:
            out["SOFTHSM2_CONF"] = str(self.softhsm_conf)
        return out

    def init_token(self, names: list[str]) -> None:
        """A SoftHSM2 token in ``folder/tokens`` holding the keys and certificates of
        ``names`` (SOFTHSM2_CONF is set in this process for the library)."""
        import pkcs11
        from pkcs11 import Attribute, CertificateType, ObjectClass

        tokens = self.folder / "tokens"
        tokens.mkdir(exist_ok=True)
        conf = self.folder / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
                        "log.level = ERROR\n", encoding="utf-8")
        self.softhsm_conf = conf
        os.environ["SOFTHSM2_CONF"] = str(conf)
        env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", self.token_label,
                        "--pin", PIN, "--so-pin", SO_PIN], check=True, env=env,
                       capture_output=True)
        for i, name in enumerate(names, start=1):
            issued = self.people[name]
            issued.token_id = bytes([i])
            pem = self.folder / f"{name}.key.pem"
            pem.write_bytes(issued.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            subprocess.run(["softhsm2-util", "--import", str(pem), "--token", self.token_label,
                            "--label", name, "--id", issued.token_id.hex(), "--pin", PIN],
                           check=True, env=env, capture_output=True)
            pem.unlink()
        lib = pkcs11.lib(SOFTHSM_LIB)
        token = lib.get_token(token_label=self.token_label)
        with token.open(user_pin=PIN, rw=True) as session:
            for name in names:
                issued = self.people[name]
                session.create_object({
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True, Attribute.LABEL: name, Attribute.ID: issued.token_id,
                    Attribute.VALUE: issued.cert.public_bytes(serialization.Encoding.DER),
                    Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                })


def make_pki(folder: Path, signer_cn: str = "Nguyễn Văn Hùng",
             agency_cn: str = "Sở Thông tin và Truyền thông tỉnh Cao Bằng") -> Pki:
    """A root CA installed as the trust anchor (``folder/trust``), with certificates for the
    signer, the agency, someone else, an expired signer, and a signer under an unknown root."""
    folder.mkdir(parents=True, exist_ok=True)
    trust = folder / "trust"
    trust.mkdir(exist_ok=True)
    root_key = _key()
    now = datetime.now(UTC)
    root_name = _name("CA thử nghiệm Inspector", "Inspector test")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(root_key, hashes.SHA256()))
    (trust / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    pki = Pki(folder, root_key, root, trust)
    pki.issue("signer", signer_cn)
    pki.issue("agency", agency_cn, org=agency_cn)
    pki.issue("other", "Trần Thị Lan")
    pki.issue("expired", signer_cn, days=2, start=now - timedelta(days=10))
    other_root_key = _key()
    other_name = _name("CA lạ", "Unknown")
    other_root = (x509.CertificateBuilder().subject_name(other_name).issuer_name(other_name)
                  .public_key(other_root_key.public_key())
                  .serial_number(x509.random_serial_number())
                  .not_valid_before(now - timedelta(days=30))
                  .not_valid_after(now + timedelta(days=3650))
                  .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                  .sign(other_root_key, hashes.SHA256()))
    pki.issue("unknown_root", signer_cn, issuer=(other_root_key, other_root))
    return pki
