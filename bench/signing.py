"""Signing and verifying a decision (issue 14): the signer's signature from the SoftHSM2 token
emulator (PKCS#11), and the verification of the signed file by the app.

A test PKI and a token are made in a temporary folder (tests/pki.py); the decision is the
5-violation sample of tests/documents/sample_data.py, rendered once. Each run signs the same
unsigned PDF (PAdES with the certificates and a CRL in the DSS, B-LT offline) and verifies the
result against the installed root. Medians of --runs after one warm-up run (imports, font
registration). Targets: signing < 1 s, verifying < 0.5 s.

    python bench/signing.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pki import PIN, make_pki, softhsm_available  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not softhsm_available():
        print("softhsm2 is not installed (apt-get install softhsm2)", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="inspector-bench-signing-"))
    os.environ["INSPECTOR_HOME"] = str(folder / "home")
    from tests.documents.sample_data import decision_2026

    data = decision_2026()
    signer = data.signer.full_name
    pki = make_pki(folder / "pki", signer_cn=signer)
    pki.write_crl()
    pki.init_token(["signer"])
    os.environ["INSPECTOR_SIGNING"] = str(pki.folder)
    os.environ.update(pki.env())

    from inspector.documents.decision import render_sanction_decision
    from inspector.domain.signatures import SignatureRole
    from inspector.services.agency import AgencyInfo
    from inspector.services.decision_signing import sign_issued_pdf
    from inspector.services.signing import TokenCredentials
    from inspector.services.signing_verify import verify_pdf

    pdf = render_sanction_decision(data)
    agency = AgencyInfo(agency_name="Sở Khoa học và Công nghệ", place_name="Cao Bằng")
    token = TokenCredentials(pki.token_label, PIN)
    expected = {SignatureRole.SIGNER: signer}
    sign_times: list[float] = []
    verify_times: list[float] = []
    level = ""
    for run in range(args.runs + 1):
        start = time.perf_counter()
        signed = sign_issued_pdf(pdf, token, SignatureRole.SIGNER, signer, agency, "12/QĐ-XPHC")
        signed_s = time.perf_counter() - start
        start = time.perf_counter()
        result = verify_pdf(signed.pdf, expected)
        verify_s = time.perf_counter() - start
        assert result.trusted, result.signatures
        level = signed.level
        if run:  # the first run pays the imports
            sign_times.append(signed_s)
            verify_times.append(verify_s)
    sign_median = statistics.median(sign_times)
    verify_median = statistics.median(verify_times)
    print(f"sign with the SoftHSM2 token (PAdES {level}), {len(pdf) // 1024} KiB decision: "
          f"median {sign_median * 1000:.0f} ms over {args.runs} runs (target < 1000 ms)")
    print(f"verify the signed file: median {verify_median * 1000:.0f} ms (target < 500 ms)")
    return 0 if sign_median < 1.0 and verify_median < 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
