"""The team screens in a real browser: an owner invites someone who signs up
through the link, lists them as a reviewer on a restricted project, and they
see only that project; tokens made and revoked on the page; the switch
between two organizations."""

from __future__ import annotations

import uuid

import pytest
import requests

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="verdict" toName="text">
    <Choice value="Fine"/>
    <Choice value="Wrong"/>
  </Choices>
</View>"""

NEWCOMER_PASSWORD = "newcomer-password"


def _unique(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:8]}"


def _restrict(api, project_id: int) -> None:
    answer = api.patch(
        f"{api.base_url}/api/projects/{project_id}/access/", json={"restricted": True}
    )
    assert answer.status_code == 200, answer.text


def _restrict_all_but(api, project_id: int) -> None:
    """Every other project of the organization closed, whichever tests made them."""
    listed = api.get(f"{api.base_url}/api/projects/?page_size=1000").json()
    for project in listed["results"]:
        if project["id"] != project_id:
            _restrict(api, project["id"])


def _project_titles(page) -> list[str]:
    page.get_by_role("heading", name="Projects", exact=True).wait_for()
    page.locator(".project-card, .empty-state").first.wait_for()
    return page.locator(".project-card h2").all_inner_texts()


def _title(api, project_id: int) -> str:
    return api.get(f"{api.base_url}/api/projects/{project_id}/").json()["title"]


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def test_an_invited_reviewer_sees_only_the_restricted_project_they_are_listed_on(
    browser, web_server, api, make_project, page
):
    reviewed = make_project(_unique("Reviewed together"), CONFIG, [{"text": "One."}])
    kept_apart = make_project(_unique("Kept apart"), CONFIG, [{"text": "Two."}])
    _restrict_all_but(api, reviewed)
    newcomer = f"{_unique('reviewer')}@example.com"
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=web_server.url
    )

    page.get_by_role("link", name="Team").click()
    page.get_by_role("heading", name="Invite people").wait_for()
    page.get_by_role("button", name="Make invite link").click()
    link_field = page.get_by_label("Invite link")
    link_field.wait_for()
    link = link_field.input_value()
    assert link.startswith(f"{web_server.url}/user/signup/?token=")
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    context, newcomer_page, newcomer_errors = _new_page(browser)
    newcomer_page.goto(link)
    newcomer_page.get_by_role("heading", name="Create your account").wait_for()
    newcomer_page.get_by_label("Email").fill(newcomer)
    newcomer_page.get_by_label("Password").fill(NEWCOMER_PASSWORD)
    newcomer_page.get_by_role("button", name="Sign up").click()
    newcomer_page.get_by_text(newcomer).wait_for()
    assert _project_titles(newcomer_page) == [_title(api, reviewed)]

    page.goto(f"{web_server.url}/projects/{reviewed}/members")
    page.get_by_role("heading", name="Members and access").wait_for()
    restricted = page.get_by_label("Only listed members may open this project")
    restricted.check()
    page.get_by_text("who are not listed below do not see the project").wait_for()
    newcomer_page.reload()
    assert _project_titles(newcomer_page) == []

    page.get_by_label("Member of the organization").select_option(label=newcomer)
    page.locator("form").get_by_label("Project role").select_option("reviewer")
    page.get_by_role("button", name="Add member").click()
    role_of_newcomer = page.get_by_label(f"Project role of {newcomer}")
    role_of_newcomer.wait_for()
    assert role_of_newcomer.input_value() == "reviewer"
    assert restricted.is_checked()

    newcomer_page.goto(web_server.url + "/")
    assert _project_titles(newcomer_page) == [_title(api, reviewed)]
    assert _title(api, kept_apart) not in newcomer_page.content()
    newcomer_page.goto(f"{web_server.url}/projects/{kept_apart}/members")
    newcomer_page.get_by_role("alert").filter(
        has_text=f"Project {kept_apart} was not found"
    ).wait_for()
    newcomer_page.goto(f"{web_server.url}/projects/{reviewed}/members")
    newcomer_page.get_by_text("Your role in this project: reviewer").wait_for()
    assert newcomer_page.get_by_role("button", name="Add member").count() == 0
    assert newcomer_page.get_by_label(
        "Only listed members may open this project"
    ).is_disabled()

    newcomer_page.goto(f"{web_server.url}/team")
    newcomer_page.get_by_role("heading", name="Members", exact=True).wait_for()
    newcomer_page.get_by_text("Owners and administrators change roles").wait_for()
    assert newcomer_page.get_by_role("button", name="Make invite link").count() == 0
    context.close()
    assert newcomer_errors == []


def test_a_token_made_on_the_page_works_until_it_is_revoked_there(web_server, page):
    name = _unique("ci token")

    page.goto(f"{web_server.url}/account/tokens")
    page.get_by_role("heading", name="API tokens").wait_for()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Kind").select_option("legacy")
    page.get_by_label("Expires in days (optional)").fill("0")
    page.get_by_role("button", name="Make token").click()
    page.get_by_text(
        'must be a whole number of days from 1 to 3650, got "0"'
    ).wait_for()
    page.get_by_label("Expires in days (optional)").fill("30")
    page.get_by_role("button", name="Make token").click()
    value = page.get_by_label(f'Token "{name}"').input_value()

    who = requests.get(
        f"{web_server.url}/api/current-user/whoami",
        headers={"Authorization": f"Token {value}"},
        timeout=30,
    )
    assert who.status_code == 200, who.text
    row = page.get_by_role("row").filter(has_text=name)
    assert value not in row.inner_text()

    page.get_by_role("button", name=f"Revoke token {name}").click()
    row.wait_for(state="detached")
    refused = requests.get(
        f"{web_server.url}/api/current-user/whoami",
        headers={"Authorization": f"Token {value}"},
        timeout=30,
    )
    assert refused.status_code == 401


def test_someone_in_two_organizations_switches_between_them(
    web_server, api, make_project, page
):
    from playwright.sync_api import expect

    home = api.get(f"{api.base_url}/api/current-user").json()["active_organization"]
    here = make_project(_unique("Home project"), CONFIG, [{"text": "Here."}])
    title = _title(api, here)
    other = api.post(
        f"{api.base_url}/api/organizations/", json={"title": _unique("Second team")}
    )
    assert other.status_code == 201, other.text
    other_title = other.json()["title"]

    try:
        page.reload()
        switcher = page.locator(".topbar").get_by_label("Organization")
        assert title in _project_titles(page)
        switcher.select_option(label=other_title)
        # The switch loads the page afresh, which then shows the new organization.
        expect(switcher).to_have_value(str(other.json()["id"]))
        assert _project_titles(page) == []
        assert (
            api.get(f"{api.base_url}/api/current-user").json()["active_organization"]
            == other.json()["id"]
        )

        switcher.select_option(str(home))
        expect(switcher).to_have_value(str(home))
        assert title in _project_titles(page)
    finally:
        api.post(f"{api.base_url}/api/organizations/{home}/switch")


def _signed_up(web_server, api, email: str) -> requests.Session:
    """A member of the admin's active organization with a session of their own."""
    organization = api.get(f"{api.base_url}/api/current-user").json()[
        "active_organization"
    ]
    invite = api.post(
        f"{api.base_url}/api/organizations/{organization}/invites",
        json={"role": "annotator"},
    ).json()
    session = requests.Session()
    answer = session.post(
        f"{web_server.url}/api/auth/signup",
        json={"email": email, "password": NEWCOMER_PASSWORD, "invite": invite["token"]},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    session.headers["X-CSRFToken"] = answer.json()["csrf_token"]
    return session


def _absolute(web_server, link: str) -> str:
    # Without LABELCORE_PUBLIC_URL the server answers the link's path alone.
    return link if "://" in link else web_server.url + link


def _sign_in(page, web_server, email: str) -> None:
    page.goto(web_server.url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Projects", exact=True).wait_for()


def test_the_server_s_refusals_are_shown_in_its_words(browser, web_server, page):
    page.goto(f"{web_server.url}/team")
    own_role = page.get_by_label("Role of admin@example.com")
    own_role.select_option("administrator")
    page.get_by_role("alert").filter(has_text="last owner").wait_for()
    assert own_role.input_value() == "owner"

    page.get_by_role("button", name="Make invite link").click()
    link = page.get_by_label("Invite link").input_value()
    page.get_by_role("button", name="Revoke this link").click()
    page.get_by_label("Invite link").wait_for(state="detached")

    context, stranger, errors = _new_page(browser)
    stranger.goto(link)
    # The link is checked as the page opens: no one fills a form for a dead link.
    stranger.get_by_role("alert").filter(has_text="unknown or was revoked").wait_for()
    assert stranger.get_by_role(
        "heading", name="This invite link cannot be used"
    ).is_visible()
    assert stranger.get_by_label("Password").count() == 0
    context.close()
    assert errors == []


def test_a_signed_in_member_joins_another_organization_from_its_link(
    browser, web_server, api
):
    from playwright.sync_api import expect

    email = f"{_unique('member')}@example.com"
    member = _signed_up(web_server, api, email)
    payload = '<img src="x" onerror="document.title=\'ran\'">'
    renamed = member.patch(
        f"{web_server.url}/api/current-user", json={"first_name": payload}, timeout=30
    )
    assert renamed.status_code == 200, renamed.text
    guests = api.post(
        f"{api.base_url}/api/organizations/",
        json={"title": f"Guests {payload} {_unique('org')}"},
    ).json()
    invite = api.post(
        f"{api.base_url}/api/organizations/{guests['id']}/invites",
        json={"role": "reviewer", "email": email},
    ).json()

    context, page, errors = _new_page(browser)
    _sign_in(page, web_server, email)
    page.goto(_absolute(web_server, invite["invite_url"]))
    # The page names where the link leads, markup and all, as text.
    page.get_by_role("heading", name=f"Join {guests['title']}").wait_for()
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Projects", exact=True).wait_for()
    switcher = page.locator(".topbar").get_by_label("Organization")
    expect(switcher).to_have_value(str(guests["id"]))

    page.get_by_role("link", name="Team").click()
    page.get_by_role("heading", name=guests["title"]).wait_for()
    own_row = page.get_by_role("row").filter(has_text=email)
    assert own_row.get_by_role("cell").first.text_content() == payload + "you"
    page.get_by_text("your role: reviewer").wait_for()
    assert page.locator("main img").count() == 0
    assert page.title() != "ran"
    context.close()
    assert errors == []


def test_an_owner_changes_a_member_s_role_and_removes_them(web_server, api, page):
    from playwright.sync_api import expect

    email = f"{_unique('short-stay')}@example.com"
    _signed_up(web_server, api, email)
    organization = api.get(f"{api.base_url}/api/current-user").json()[
        "active_organization"
    ]

    def role_on_server() -> str | None:
        listed = api.get(
            f"{api.base_url}/api/organizations/{organization}/memberships"
            "?page_size=1000"
        ).json()["results"]
        return next((m["role"] for m in listed if m["user"]["email"] == email), None)

    page.goto(f"{web_server.url}/team")
    role = page.get_by_label(f"Role of {email}")
    role.select_option("manager")
    # The select shows the server's answer once the list is read again.
    expect(role).to_have_value("manager")
    assert role_on_server() == "manager"

    page.get_by_role("button", name=f"Remove {email}").click()
    page.get_by_role("button", name="Keep").wait_for()
    page.get_by_role("button", name=f"Remove {email}").click()
    page.get_by_role("row").filter(has_text=email).wait_for(state="detached")
    assert role_on_server() is None
