"""Uploaded media at ``/data/upload/<project>/<file>``: safe types, ranges, auth.

Media are real files from the team's shared data (recordings, videos, PDF
manuals, HTML pages) imported through the API, as a user uploads them. An
HTML page reaches the uploads only with a project brought over from Label
Studio, whose media are copied whatever their type; the tests put it there
the same way. A browser may show audio, video, images and PDF inline, but
never a document that could run script from the app's own origin.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.support.shared_data import shared_data_file

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
CONFIGS = {
    "audio": '<View><Audio name="audio" value="$audio"/></View>',
    "video": '<View><Video name="video" value="$video"/></View>',
    "pdf": '<View><PDF name="pdf" value="$pdf"/></View>',
    "image": '<View><Image name="image" value="$image"/></View>',
    "html": '<View><HyperText name="page" value="$page" valueType="url"/></View>',
}
MEDIA = [
    ("audio/Front_Center.wav", "audio", "audio/x-wav"),
    ("video/astronaut-pan.webm", "video", "video/webm"),
    ("video/coffee-zoom.mp4", "video", "video/mp4"),
    ("documents/libtasn1.pdf", "pdf", "application/pdf"),
]


def shared_file(relative: str) -> Path:
    return shared_data_file(relative, "serve real recordings, videos and documents")


def new_project(client, kind: str) -> int:
    response = client.post(
        "/api/projects/",
        json={"title": f"Uploads: {kind}", "label_config": CONFIGS[kind]},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def upload(client, kind: str, name: str, content: bytes) -> str:
    """Import ``content`` as the media file ``name``; the URL its task got."""
    project_id = new_project(client, kind)
    response = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    task_id = response.get_json()["task_ids"][0]
    data = client.get(f"/api/tasks/{task_id}").get_json()["data"]
    (url,) = data.values()
    assert url.startswith(f"/data/upload/{project_id}/"), data
    return url


def brought_over(app, client, source: Path, name: str) -> str:
    """A file in a project's uploads the way a Label Studio project's media
    arrive (copied whatever their type); its URL."""
    from labelcore.uploads import upload_folder, upload_url

    project_id = new_project(client, "html")
    settings = app.extensions["labelcore"].settings
    shutil.copyfile(source, upload_folder(settings, project_id) / name)
    return upload_url(project_id, name)


def shown_inline(response) -> bool:
    disposition = response.headers.get("Content-Disposition", "")
    return not disposition.lower().startswith("attachment")


# -- types -----------------------------------------------------------------------


@pytest.mark.parametrize(("relative", "kind", "media_type"), MEDIA)
def test_audio_video_and_pdf_are_served_inline_with_their_type(
    client, relative, kind, media_type
):
    path = shared_file(relative)
    url = upload(client, kind, path.name, path.read_bytes())

    response = client.get(url)

    assert response.status_code == 200
    assert response.mimetype == media_type
    assert shown_inline(response)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.get_data() == path.read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "users-and-groups.html",
        "users-and-groups.HTM",
        "users-and-groups.shtml",
        "users-and-groups.xhtml",
        "users-and-groups.xml",
        "users-and-groups.svg",
        "users-and-groups.js",
        "users-and-groups",
    ],
)
def test_html_and_other_active_documents_are_only_ever_downloads(app, client, name):
    path = shared_file("documents/users-and-groups.html")
    url = brought_over(app, client, path, name)

    response = client.get(url)

    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # Still readable, for a HyperText task that loads the page by its URL.
    assert response.get_data() == path.read_bytes()


def test_a_misleading_extension_never_makes_a_page_of_an_upload(app, client):
    page = shared_file("documents/libffi-introduction.html").read_bytes()
    assert b"<html" in page.lower()
    disguised = upload(client, "image", "holiday.png", page)
    real_png = brought_over(app, client, _write(app, PNG), "picture.html")

    as_image = client.get(disguised)
    as_page = client.get(real_png)

    # Named an image, sent as one: with nosniff no browser reads it as HTML.
    assert as_image.mimetype == "image/png"
    assert as_image.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in as_image.headers["Content-Type"]
    # Named a page: a download, whatever is inside.
    assert as_page.mimetype == "application/octet-stream"
    assert as_page.headers["Content-Disposition"].startswith("attachment")


def _write(app, content: bytes) -> Path:
    settings = app.extensions["labelcore"].settings
    path = settings.data_path / "source.bin"
    path.write_bytes(content)
    return path


# -- ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(("relative", "kind", "media_type"), MEDIA[:3])
def test_range_requests_let_a_player_seek(client, relative, kind, media_type):
    path = shared_file(relative)
    content = path.read_bytes()
    url = upload(client, kind, path.name, content)
    size = len(content)

    middle = client.get(url, headers={"Range": "bytes=1000-1999"})
    tail = client.get(url, headers={"Range": "bytes=-500"})
    open_ended = client.get(url, headers={"Range": f"bytes={size - 10}-"})
    beyond = client.get(url, headers={"Range": f"bytes={size}-"})
    head = client.head(url)

    assert middle.status_code == 206
    assert middle.headers["Content-Range"] == f"bytes 1000-1999/{size}"
    assert middle.mimetype == media_type
    assert middle.get_data() == content[1000:2000]
    assert tail.status_code == 206
    assert tail.get_data() == content[-500:]
    assert open_ended.get_data() == content[-10:]
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"
    assert head.status_code == 200
    assert head.headers["Accept-Ranges"] == "bytes"
    assert int(head.headers["Content-Length"]) == size


# -- who may read them -------------------------------------------------------------


def log_in(app, email: str, password: str):
    """A browser's client, logged in through the web UI's login."""
    browser = app.test_client()
    answer = browser.post(
        "/api/auth/login", json={"email": email, "password": password}
    )
    assert answer.status_code == 200, answer.get_json()
    return browser


def test_a_session_from_the_web_login_reads_uploads(app, client):
    path = shared_file("audio/Front_Left.wav")
    url = upload(client, "audio", path.name, path.read_bytes())
    browser = log_in(app, ADMIN_EMAIL, ADMIN_PASSWORD)

    read = browser.get(url)
    seeked = browser.get(url, headers={"Range": "bytes=0-99"})
    csrf = browser.get_cookie("labelcore_csrftoken").value
    browser.post("/api/auth/logout", headers={"X-CSRFToken": csrf})
    after = browser.get(url)

    assert read.status_code == 200
    assert read.get_data() == path.read_bytes()
    assert seeked.status_code == 206
    assert seeked.get_data() == path.read_bytes()[:100]
    assert after.status_code == 401


def test_a_user_of_another_organization_gets_404_by_token_and_session(app, client):
    from labelcore.accounts import create_user

    path = shared_file("video/coffee-zoom.mp4")
    url = upload(client, "video", path.name, path.read_bytes())
    with app.app_context():
        _, token = create_user(
            "stranger@example.com",
            "stranger-password",
            organization="Another team",
            role="owner",
        )
    by_token = app.test_client().get(url, headers={"Authorization": f"Token {token}"})
    by_session = log_in(app, "stranger@example.com", "stranger-password").get(url)
    missing = client.get(url.rsplit("/", 1)[0] + "/no-such-file.mp4")

    for answer in (by_token, by_session, missing):
        assert answer.status_code == 404, answer.get_json()
        assert b"ftyp" not in answer.get_data()


@pytest.mark.slow
def test_a_running_server_gives_a_logged_in_browser_ranges_of_a_video(live_server):
    import requests

    path = shared_file("video/astronaut-pan.webm")
    content = path.read_bytes()
    browser = requests.Session()
    logged_in = browser.post(
        live_server.api("/api/auth/login"),
        json={"email": live_server.admin_email, "password": live_server.admin_password},
        timeout=30,
    )
    assert logged_in.status_code == 200, logged_in.text
    headers = {"X-CSRFToken": logged_in.json()["csrf_token"]}
    project = browser.post(
        live_server.api("/api/projects/"),
        json={"title": "Video over HTTP", "label_config": CONFIGS["video"]},
        headers=headers,
        timeout=30,
    ).json()
    imported = browser.post(
        live_server.api(f"/api/projects/{project['id']}/import?return_task_ids=true"),
        files={"file": (path.name, content, "video/webm")},
        headers=headers,
        timeout=60,
    )
    assert imported.status_code == 201, imported.text
    task = browser.get(
        live_server.api(f"/api/tasks/{imported.json()['task_ids'][0]}"), timeout=30
    ).json()
    url = live_server.api(task["data"]["video"])

    whole = browser.get(url, timeout=30)
    part = browser.get(url, headers={"Range": "bytes=200000-"}, timeout=30)
    anonymous = requests.get(url, headers={"Range": "bytes=0-99"}, timeout=30)

    assert whole.status_code == 200
    assert whole.headers["Content-Type"] == "video/webm"
    assert whole.content == content
    assert part.status_code == 206
    assert (
        part.headers["Content-Range"]
        == f"bytes 200000-{len(content) - 1}/{len(content)}"
    )
    assert part.content == content[200000:]
    assert anonymous.status_code == 401
