"""Where imports come from: media files, URLs through the guard, refusals."""

import http.server
import io
import socket
import threading
import time

import orjson
import pytest

from tests.core.imports.test_import_api import task_rows

IMAGE_CONFIG = """<View>
  <Image name="photo" value="$picture"/>
  <Choices name="kind" toName="photo">
    <Choice value="Cat"/><Choice value="Dog"/>
  </Choices>
</View>"""
TEXT_CONFIG = '<View><Text name="text" value="$text"/></View>'
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def new_project(client, config, title="Sources"):
    response = client.post(
        "/api/projects/", json={"title": title, "label_config": config}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_media_files_become_tasks_pointing_at_their_upload(app, client):
    project_id = new_project(client, IMAGE_CONFIG)

    response = client.post(
        f"/api/projects/{project_id}/import",
        data={
            "a": (io.BytesIO(PNG), "café photo.png"),
            "b": (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "x.svg"),
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 201, response.get_json()
    rows = task_rows(app, project_id)
    urls = [row.data["picture"] for row in rows]
    assert all(url.startswith(f"/data/upload/{project_id}/") for url in urls)
    assert urls[0].endswith("-cafe_photo.png")
    photo = client.get(urls[0])
    assert photo.status_code == 200
    assert photo.mimetype == "image/png"
    assert photo.get_data() == PNG
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    drawing = client.get(urls[1])
    assert drawing.mimetype == "application/octet-stream"
    assert drawing.headers["Content-Disposition"].startswith("attachment")


def test_uploads_need_the_token_or_session(app, client):
    project_id = new_project(client, IMAGE_CONFIG)
    client.post(
        f"/api/projects/{project_id}/import",
        data={"a": (io.BytesIO(PNG), "p.png")},
        content_type="multipart/form-data",
    )
    url = task_rows(app, project_id)[0].data["picture"]

    anonymous = app.test_client().get(url)

    assert anonymous.status_code == 401


class _Files(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"missing"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def file_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_import_from_a_url_refuses_a_loopback_address(client, file_server):
    project_id = new_project(client, TEXT_CONFIG)
    port = file_server.server_address[1]
    _Files.routes = {"/tasks.json": (200, {}, b'[{"text": "x"}]')}

    response = client.post(
        f"/api/projects/{project_id}/import",
        data={"url": f"http://127.0.0.1:{port}/tasks.json"},
    )

    assert response.status_code == 400
    body = response.get_json()
    assert "loopback" in body["detail"] and "LABELCORE_OUTBOUND_ALLOW" in body["detail"]


def test_import_from_an_allowed_url_and_a_redirect_to_a_private_one(
    make_import_app, client_for, file_server
):
    port = file_server.server_address[1]
    app = make_import_app(outbound_allow=(f"localhost:{port}",))
    client = client_for(app)
    project_id = new_project(client, TEXT_CONFIG)
    _Files.routes = {
        "/tasks.json": (200, {"Content-Type": "application/json"}, b'[{"text": "a"}]'),
        "/moved": (302, {"Location": f"http://127.0.0.1:{port}/tasks.json"}, b""),
    }

    fetched = client.post(
        f"/api/projects/{project_id}/import",
        data={"url": f"http://localhost:{port}/tasks.json"},
    )
    redirected = client.post(
        f"/api/projects/{project_id}/import",
        data={"url": f"http://localhost:{port}/moved"},
    )

    assert fetched.status_code == 201, fetched.get_json()
    assert fetched.get_json()["task_count"] == 1
    assert redirected.status_code == 400
    assert "127.0.0.1" in redirected.get_json()["detail"]
    assert [row.data for row in task_rows(app, project_id)] == [{"text": "a"}]


def test_a_url_larger_than_the_limit_is_413(make_import_app, client_for, file_server):
    port = file_server.server_address[1]
    app = make_import_app(outbound_allow=(f"localhost:{port}",), max_upload_bytes=100)
    client = client_for(app)
    project_id = new_project(client, TEXT_CONFIG)
    _Files.routes = {"/big.json": (200, {}, orjson.dumps([{"text": "x" * 200}]))}

    response = client.post(
        f"/api/projects/{project_id}/import",
        data={"url": f"http://localhost:{port}/big.json"},
    )

    assert response.status_code == 413
    assert "LABELCORE_MAX_UPLOAD_BYTES" in response.get_json()["detail"]


def test_an_over_limit_body_is_413_before_any_of_it_is_read(make_import_app):
    app = make_import_app(max_upload_bytes=1000)
    with app.test_client() as client:
        client.environ_base["HTTP_AUTHORIZATION"] = client_token()
        project_id = new_project(client, TEXT_CONFIG)

    class Unreadable(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise AssertionError("the body of an over-limit request was read")

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/api/projects/{project_id}/import",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(10**10),
        "HTTP_AUTHORIZATION": client_token(),
        "wsgi.input": Unreadable(),
        "wsgi.url_scheme": "http",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
    }
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered["status"] = status

    body = b"".join(app.wsgi_app(environ, start_response))

    assert answered["status"].startswith("413")
    assert "LABELCORE_MAX_UPLOAD_BYTES" in orjson.loads(body)["detail"]


def client_token():
    from tests.support.credentials import ADMIN_TOKEN

    return f"Token {ADMIN_TOKEN}"


def test_csv_delimiter_is_detected(app, client):
    project_id = new_project(client, TEXT_CONFIG)
    semicolons = b'text;n\n"a; b";1\nc;2\n'

    response = client.post(
        f"/api/projects/{project_id}/import",
        data={"file": (io.BytesIO(semicolons), "rows.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 201, response.get_json()
    assert [row.data for row in task_rows(app, project_id)] == [
        {"text": "a; b", "n": "1"},
        {"text": "c", "n": "2"},
    ]


@pytest.mark.slow
def test_the_running_server_refuses_an_over_limit_upload_before_its_body(
    launch_live_server,
):
    """The server a user starts answers 413 as soon as the headers announce
    too large a body, while the client has sent almost none of it."""
    server = launch_live_server(
        extra_environment={"LABELCORE_MAX_UPLOAD_BYTES": "1000"}
    )
    announced = 200 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sent:
        sent.sendall(
            (
                f"POST /api/projects/1/import HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.port}\r\n"
                f"Authorization: Token {server.token}\r\n"
                f"Content-Type: application/json\r\n"
                f"Content-Length: {announced}\r\n\r\n"
            ).encode()
            + b"[" * 1024
        )
        started = time.monotonic()
        answer = sent.recv(4096).decode(errors="replace")

    assert answer.startswith("HTTP/1.1 413"), answer
    assert time.monotonic() - started < 5
