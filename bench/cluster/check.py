"""Prove that the cluster's nodes share everything a user relies on (make cluster-check).

Run by bench/cluster/run.sh once the cluster answers, from its environment (CLUSTER_URL,
CLUSTER_NODE_A_URL and _B_URL, CLUSTER_PASSWORD for the demo accounts, the nodes' documents
folders and the S3 settings). It talks HTTP as a browser would, signing in with the password
and, for staff, setting up the authenticator app from the key the setup page shows, then:

1. through nginx, both nodes answer;
2. a document a therapist uploads on node A downloads byte for byte on node B, for the
   therapist and for an admin; it is in the S3 bucket and in neither node's folder;
3. a session made on node A is signed in on node B;
4. five failed sign-ins of one account, alternating between the nodes, lock it on both.

Prints each step; exits 1 at the first failure.
"""

import base64
import io
import os
import re
import secrets
import sys
from datetime import date, timedelta
from pathlib import Path

import boto3
import requests
from django_otp.oath import totp
from PIL import Image

NGINX = os.environ["CLUSTER_URL"]
NODE_A = os.environ["CLUSTER_NODE_A_URL"]
NODE_B = os.environ["CLUSTER_NODE_B_URL"]
PASSWORD = os.environ["CLUSTER_PASSWORD"]
NODE_FOLDERS = [Path(os.environ["CLUSTER_NODE_A_MEDIA"]), Path(os.environ["CLUSTER_NODE_B_MEDIA"])]
BUCKET = os.environ["AWS_STORAGE_BUCKET_NAME"]

THERAPIST, ADMIN, CLIENT = "therapist1@demo.clinic", "admin@demo.clinic", "client1@demo.clinic"
LOCKED_CLIENT = "client2@demo.clinic"
LOCKED_OUT = "Too many failed sign-ins"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOTP_KEY = re.compile(r'class="two-factor-secret">([A-Z2-7 ]+)<')
DOCUMENT_LINK = re.compile(r'href="/therapists/credentials/(\d+)/document/"')


class CheckFailed(Exception):
    pass


def expect(condition: bool, failure: str) -> None:
    if not condition:
        raise CheckFailed(failure)


def step(title: str) -> None:
    print(f"-- {title}", flush=True)


def ok(detail: str) -> None:
    print(f"   ok: {detail}", flush=True)


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url)
    expect(page.status_code == 200, f"GET {url} answered {page.status_code}")
    found = CSRF_FIELD.search(page.text)
    expect(found is not None, f"no CSRF token on {url}")
    return found.group(1)


def post_form(session: requests.Session, url: str, data: dict, files=None) -> requests.Response:
    """A form post as the browser sends it: the page's CSRF token, no redirect followed."""
    token = csrf_token(session, url)
    return session.post(
        url, data={"csrfmiddlewaretoken": token, **data}, files=files, allow_redirects=False
    )


def password_sign_in(
    node: str, email: str, password: str
) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    answer = post_form(
        session, f"{node}/accounts/login/", {"username": email, "password": password}
    )
    return session, answer


def authenticator_code(key: str) -> str:
    """The code an authenticator app shows now for the base32 key the setup page shows."""
    return f"{totp(base64.b32decode(key.replace(' ', ''))):06d}"


def staff_sign_in(node: str, email: str) -> requests.Session:
    """Password, then the authenticator's setup the first time, as a new staff member would."""
    session, answer = password_sign_in(node, email, PASSWORD)
    expect(answer.status_code == 302, f"{email}'s sign-in on {node} answered {answer.status_code}")
    setup_url = f"{node}/accounts/two-factor/setup/"
    key = TOTP_KEY.search(session.get(setup_url).text)
    expect(key is not None, f"no authenticator key on {setup_url} for {email}")
    confirmed = post_form(session, setup_url, {"code": authenticator_code(key.group(1))})
    expect(
        confirmed.status_code == 200 and "backup codes" in confirmed.text.lower(),
        f"the authenticator's code was refused for {email} ({confirmed.status_code})",
    )
    return session


def tiny_png() -> bytes:
    """A real 8x8 PNG of random grey pixels: a document no other run uploaded."""
    buffer = io.BytesIO()
    Image.frombytes("L", (8, 8), secrets.token_bytes(64)).save(buffer, "PNG")
    return buffer.getvalue()


def check_both_nodes_answer() -> None:
    step("through nginx, requests are answered by both nodes")
    upstreams = [requests.get(f"{NGINX}/accounts/login/") for _ in range(6)]
    expect(all(r.status_code == 200 for r in upstreams), "a page through nginx was not a 200")
    seen = {r.headers.get("X-Upstream") for r in upstreams}
    expected = {NODE_A.removeprefix("http://"), NODE_B.removeprefix("http://")}
    expect(seen == expected, f"X-Upstream showed {sorted(map(str, seen))}, not {sorted(expected)}")
    ok(f"X-Upstream over 6 requests: {', '.join(sorted(seen))}")


def upload_on_node_a(document: bytes) -> tuple[requests.Session, int]:
    therapist = staff_sign_in(NODE_A, THERAPIST)
    today = date.today()
    facts = {
        "kind": "first_aid",
        "number": f"FA-{secrets.token_hex(3)}",
        "issuing_authority": "Red Cross",
        "jurisdiction": "Ontario",
        "issued_on": (today - timedelta(days=30)).isoformat(),
        "expires_on": (today + timedelta(days=700)).isoformat(),
    }
    files = {"document": ("first-aid.png", document, "image/png")}
    saved = post_form(therapist, f"{NODE_A}/therapists/me/credentials/new/", facts, files)
    expect(saved.status_code == 302, f"the upload on node A answered {saved.status_code}")
    profile = therapist.get(f"{NODE_A}/therapists/me/")
    newest = max(map(int, DOCUMENT_LINK.findall(profile.text)), default=None)
    expect(newest is not None, "the therapist's page links no document")
    ok(f"{THERAPIST} uploaded {len(document)} bytes on node A: credential {newest}")
    return therapist, newest


def download(session: requests.Session, node: str, pk: int, who: str, document: bytes) -> None:
    answer = session.get(f"{node}/therapists/credentials/{pk}/document/")
    expect(answer.status_code == 200, f"{who}'s download on {node} answered {answer.status_code}")
    expect(answer.content == document, f"{who}'s download on {node} differs from the upload")
    ok(f"{who} downloaded it on node B, byte for byte")


def check_document_crosses_nodes() -> None:
    step("a document uploaded on node A is downloaded on node B, and lives in S3 only")
    document = tiny_png()
    therapist, pk = upload_on_node_a(document)
    download(therapist, NODE_B, pk, THERAPIST, document)
    download(staff_sign_in(NODE_B, ADMIN), NODE_B, pk, ADMIN, document)
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
        region_name=os.environ["AWS_S3_REGION_NAME"],
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    stored = [
        key for key in keys if s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == document
    ]
    expect(len(stored) == 1, f"the bucket holds {len(stored)} copies of the document: {keys}")
    ok(f"the object is in bucket {BUCKET}: {stored[0]}")
    on_disk = [path for folder in NODE_FOLDERS for path in folder.rglob("*") if path.is_file()]
    expect(not on_disk, f"files in the nodes' own folders: {on_disk}")
    ok("neither node's documents folder holds a file")


def check_session_crosses_nodes() -> None:
    step("a sign-in on node A is valid on node B")
    session, answer = password_sign_in(NODE_A, CLIENT, PASSWORD)
    expect(answer.status_code == 302, f"{CLIENT}'s sign-in on node A answered {answer.status_code}")
    page = session.get(f"{NODE_B}/appointments/", allow_redirects=False)
    expect(
        page.status_code == 200 and CLIENT in page.text,
        f"node B answered {page.status_code} to node A's session",
    )
    ok(f"node B showed {CLIENT}'s appointments to the session made on node A")


def check_lockout_spans_nodes() -> None:
    step("five failed sign-ins over both nodes (A, B, A, B, A) lock the account on both")
    for attempt, node in enumerate([NODE_A, NODE_B, NODE_A, NODE_B, NODE_A], start=1):
        _, answer = password_sign_in(node, LOCKED_CLIENT, "not-the-password")
        expect(answer.status_code in (200, 429), f"failure {attempt} answered {answer.status_code}")
        expect(answer.status_code != 302, f"failure {attempt} signed in")
    ok(f"five wrong passwords for {LOCKED_CLIENT} refused")
    for name, node in (("A", NODE_A), ("B", NODE_B)):
        _, answer = password_sign_in(node, LOCKED_CLIENT, PASSWORD)
        expect(
            answer.status_code == 429 and LOCKED_OUT in answer.text,
            f"the right password on node {name} answered {answer.status_code}, not the lockout",
        )
        ok(f"the right password is refused on node {name}: {LOCKED_OUT}")


def main() -> int:
    checks = [
        check_both_nodes_answer,
        check_document_crosses_nodes,
        check_session_crosses_nodes,
        check_lockout_spans_nodes,
    ]
    try:
        for check in checks:
            check()
    except (CheckFailed, requests.RequestException) as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    print("== the cluster check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
