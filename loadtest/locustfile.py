"""A morning rush on the wing kiosks, with staff browsing meanwhile (`make loadtest` runs it).

Reads the cast that `manage.py loadtest` prepared (LOADTEST_RUSH, a JSON file under var/):
- one `WingKiosk` per enrolled kiosk: the browser carries the kiosk's device cookie; a peer
  worker of that wing signs in with their prison number and PIN, opens their menu, reads the
  pages it offers in turn for `LOADTEST_VISIT_SECONDS`, presses Finish; then the next peer worker
  of the wing steps up. Every PIN is right, and each kiosk signs its own wing's people in one
  after another, so no kiosk pause or PIN lock (KIOSK_*) can trip.
- A kiosk sends at most `LOADTEST_KIOSK_PACE` requests a second (it waits out the rest of each
  slot): the load offered is fixed, so a slow server shows as fewer requests a second and longer
  times, not as kiosks that simply asked less. Each kiosk stands for several real ones: a person
  reads a page every few seconds, not six a second.
- one `StaffBrowser` per staff sign-in: signs in with a password, looks at flags, peer workers,
  the rota and a peer worker's page a second or so apart, and signs out and in again every
  dozen pages, as on a shared office PC.

Forms are fetched first and their CSRF token posted back, as a browser does. A page answers
200 or it is an error: a redirect back to the sign-in page (a lost session) counts as one.
Request names are what loadtest/report.py groups by: sign-ins on their own lines.
"""

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, constant, task

RUSH = json.loads(Path(os.environ.get("LOADTEST_RUSH", "var/loadtest-rush.json")).read_text())
VISIT_SECONDS = float(os.environ.get("LOADTEST_VISIT_SECONDS", "30"))
PACE = float(os.environ.get("LOADTEST_KIOSK_PACE", "6.6"))
DEVICE_COOKIE = os.environ.get("LOADTEST_DEVICE_COOKIE", "peerwork_kiosk_device")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MENU_LINK = re.compile(r'href="(/kiosk/me/[^"]+)"')
PAGE_NAMES = {
    "/kiosk/me/role/": "my role",
    "/kiosk/me/contract/": "my contract",
    "/kiosk/me/shifts/": "my shifts",
    "/kiosk/me/meetings/": "my meetings",
    "/kiosk/me/outside-my-role/": "outside my role",
    "/kiosk/me/concerns/": "my concerns",
    "/kiosk/me/support/": "people I support",
}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

_kiosks = itertools.count()
_staff = itertools.count()


def _token(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


def _cookie(host: str, name: str, value: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=False,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""},
    )


class _Browser(FastHttpUser):
    abstract = True
    pace: float | None = None  # requests a second at most, if paced

    def paced(self) -> None:
        """Wait out the rest of this request's slot."""
        if self.pace:
            now = time.monotonic()
            self.next_slot = max(getattr(self, "next_slot", now) + 1 / self.pace, now)
            gevent.sleep(self.next_slot - now)

    def page(self, path: str, name: str, *, follow: bool = False) -> str:
        """GET a page that must answer 200 itself (or after its redirects, if `follow`); return its HTML."""
        with self.client.get(path, name=name, allow_redirects=follow, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
        self.paced()
        return response.text or ""

    def post(self, path: str, data: dict, name: str, expect_location: str) -> None:
        """POST a form; it must redirect to `expect_location` (anything else is a refusal)."""
        with self.client.post(
            path, data=urlencode(data), headers=FORM, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or urlsplit(location).path != expect_location:
                response.failure(f"{response.status_code} {location}")
        self.paced()


class WingKiosk(_Browser):
    fixed_count = len(RUSH["kiosks"])
    wait_time = constant(0)
    pace = PACE

    def on_start(self) -> None:
        kiosk = RUSH["kiosks"][next(_kiosks) % len(RUSH["kiosks"])]
        self.client.cookiejar.set_cookie(_cookie(urlsplit(self.host).hostname, DEVICE_COOKIE, kiosk["token"]))
        self.people = itertools.cycle(kiosk["workers"])

    @task
    def visit(self) -> None:
        person = next(self.people)
        form = self.page("/kiosk/sign-in/", "kiosk: sign-in form")
        self.post(
            "/kiosk/sign-in/",
            {
                "csrfmiddlewaretoken": _token(form),
                "prison_number": person["prison_number"],
                "pin": person["pin"],
            },
            "kiosk sign-in (PIN)",
            expect_location="/kiosk/me/",
        )
        html = self.page("/kiosk/me/", "kiosk: menu")
        offered = [link for link in dict.fromkeys(MENU_LINK.findall(html)) if not link.endswith("/new/")]
        # Visits of differing length, so that the kiosks' sign-ins do not come in waves.
        leaves_at = time.monotonic() + VISIT_SECONDS * random.uniform(0.5, 1.5)
        for link in itertools.cycle(offered):
            html = self.page(link, f"kiosk: {PAGE_NAMES.get(link, link)}")
            if time.monotonic() >= leaves_at:
                break
        self.post(
            "/kiosk/finish/",
            {"csrfmiddlewaretoken": _token(html), "reason": "finish"},
            "kiosk: finish",
            expect_location="/kiosk/",
        )
        self.page("/kiosk/", "kiosk: start")


class StaffBrowser(_Browser):
    """A member of staff on a shared office PC: signs in, looks at a few pages, signs out (so the
    next colleague can), signs in again."""

    fixed_count = len(RUSH["staff"])
    wait_time = between(0.5, 1.5)
    pages_a_sign_in = 12

    def on_start(self) -> None:
        self.member = RUSH["staff"][next(_staff) % len(RUSH["staff"])]
        self.sign_in()

    def sign_in(self) -> None:
        form = self.page("/sign-in/", "staff: sign-in form")
        self.post(
            "/sign-in/",
            {
                "csrfmiddlewaretoken": _token(form),
                "username": self.member["username"],
                "password": self.member["password"],
            },
            "staff sign-in (password)",
            expect_location="/",
        )
        self.pages_left = self.pages_a_sign_in

    def look(self, path: str, name: str, *, follow: bool = False) -> None:
        html = self.page(path, name, follow=follow)
        self.pages_left -= 1
        if self.pages_left <= 0:
            self.post(
                "/sign-out/",
                {"csrfmiddlewaretoken": _token(html)},
                "staff: sign out",
                expect_location="/sign-in/",
            )
            self.sign_in()

    @task
    def flags(self) -> None:
        self.look("/flags/", "staff: flags")

    @task
    def peer_workers(self) -> None:
        self.look("/workers/", "staff: peer workers")

    @task
    def rota(self) -> None:
        self.look("/rota/", "staff: rota (to this week)", follow=True)

    @task
    def worker(self) -> None:
        worker_id = self.member["worker_id"]
        self.look(f"/workers/{worker_id}/" if worker_id else "/workers/", "staff: a peer worker")
