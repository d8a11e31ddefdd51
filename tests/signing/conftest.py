"""A test PKI and a SoftHSM2 token made in tmp_path, installed as the agency's signing settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pki import Pki, make_pki, softhsm_available

SIGNER = "Hoàng Văn Giám"   # the 2026 head signer of tests.factories.configure_agency
AGENCY = "Sở Khoa học và Công nghệ tỉnh Cao Bằng"


@pytest.fixture(scope="session")
def pki_session(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    if not softhsm_available():
        pytest.skip("softhsm2 is not installed (Debian package softhsm2; scripts/test installs "
                    "it): the token tests need the PKCS#11 emulator")
    pki = make_pki(tmp_path_factory.mktemp("pki"), signer_cn=SIGNER, agency_cn=AGENCY)
    pki.write_crl()
    pki.init_token(["signer", "agency"])
    return pki


@pytest.fixture
def pki(pki_session: Pki, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pki]:
    """The PKI installed as this installation's signing folder (trust anchors, module)."""
    monkeypatch.setenv("INSPECTOR_SIGNING", str(pki_session.folder))
    for key, value in pki_session.env().items():
        monkeypatch.setenv(key, value)
    assert os.environ["SOFTHSM2_CONF"] == str(pki_session.softhsm_conf)
    yield pki_session


@pytest.fixture
def images(pki: Pki) -> Path:
    """A blue signature and a red seal image (PNG, transparent background)."""
    from PIL import Image, ImageDraw

    folder = pki.folder / "images"
    (folder / "signatures").mkdir(parents=True, exist_ok=True)
    sig = Image.new("RGBA", (500, 220), (0, 0, 0, 0))
    d = ImageDraw.Draw(sig)
    d.line([(30, 160), (120, 40), (180, 170), (260, 50), (330, 150), (470, 90)],
           fill=(20, 40, 170, 255), width=9)
    sig.save(folder / "signatures" / "hoang-van-giam.png")
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    d.ellipse([8, 8, 392, 392], outline=(210, 20, 20, 230), width=14)
    d.ellipse([60, 60, 340, 340], outline=(210, 20, 20, 230), width=6)
    d.regular_polygon((200, 200, 60), 5, fill=(210, 20, 20, 230))
    seal.save(folder / "seal.png")
    yield folder
    (folder / "seal.png").unlink()
    (folder / "signatures" / "hoang-van-giam.png").unlink()
