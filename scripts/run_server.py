"""What ``make run`` does once the code is installed and the webapp built.

Upgrades the database, loads the demo projects (``labelcore demo`` skips the
ones already there), starts ``labelcore serve`` and, once it answers, prints
the URL, the admin login and the API token. The admin's credentials are made
on the first run, printed in full that once, and kept in the data dir in a
file only its owner can read.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CREDENTIALS_FILE = "admin-credentials.json"
DEFAULT_ADMIN_EMAIL = "admin@labelcore.localhost"


def read_or_create_credentials(data_dir: Path) -> tuple[dict[str, str], bool]:
    """The admin's e-mail, password and token, and whether they are new."""
    path = data_dir / CREDENTIALS_FILE
    if path.exists():
        return json.loads(path.read_text()), False

    credentials = {
        "email": DEFAULT_ADMIN_EMAIL,
        "password": secrets.token_urlsafe(12),
        "token": secrets.token_hex(20),
    }

    data_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(credentials, handle, indent=2)
        handle.write("\n")
    return credentials, True


def server_environment(data_dir: Path, credentials: dict[str, str]) -> dict:
    environment = dict(os.environ)
    environment["LABELCORE_DATA_DIR"] = str(data_dir)

    # Settings the person exported themselves win over the generated ones.
    environment.setdefault("LABELCORE_ADMIN_EMAIL", credentials["email"])
    environment.setdefault("LABELCORE_ADMIN_PASSWORD", credentials["password"])
    environment.setdefault("LABELCORE_ADMIN_TOKEN", credentials["token"])
    return environment


def labelcore_command() -> str:
    beside_python = Path(sys.executable).with_name("labelcore")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("labelcore")
    if found is None:
        sys.exit(
            "The `labelcore` command is not installed in this virtualenv; "
            "run `make run` again, which installs it."
        )
    return found


def run_step(arguments: list[str], environment: dict, what: str) -> None:
    print(f"==> {what}", flush=True)
    completed = subprocess.run(arguments, env=environment, check=False)
    if completed.returncode:
        sys.exit(f"`{' '.join(arguments[1:])}` failed; see the messages above.")


def wait_until_healthy(process: subprocess.Popen, url: str, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(
                f"`labelcore serve` stopped with exit code {process.returncode}. "
                f"If port {port} is taken, run `make run PORT=<another port>`."
            )
        try:
            with urllib.request.urlopen(url + "health", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.terminate()
    sys.exit("`labelcore serve` did not answer /health within two minutes.")


def banner(url: str, environment: dict, data_dir: Path, first_run: bool) -> str:
    token = environment["LABELCORE_ADMIN_TOKEN"]
    credentials_path = data_dir / CREDENTIALS_FILE
    if first_run:
        password = (
            f"{environment['LABELCORE_ADMIN_PASSWORD']}   "
            f"(shown this once; kept in {credentials_path}, mode 0600)"
        )
    else:
        password = f"see {credentials_path} (mode 0600)"
    return "\n".join(
        [
            "",
            f"LabelCore is running at {url}",
            f"  Log in as:  {environment['LABELCORE_ADMIN_EMAIL']}",
            f"  Password:   {password}",
            f"  API token:  {token}",
            f'  Try:        curl -H "Authorization: Token {token}" {url}api/projects/',
            "Press Ctrl+C to stop.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=".data")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    options = parser.parse_args()

    data_dir = Path(options.data_dir).resolve()
    credentials, first_run = read_or_create_credentials(data_dir)
    environment = server_environment(data_dir, credentials)
    labelcore = labelcore_command()

    run_step([labelcore, "db", "upgrade"], environment, "Preparing the database")
    run_step([labelcore, "demo"], environment, "Loading the demo projects")

    print("==> Starting the server", flush=True)
    url = f"http://{options.host}:{options.port}/"
    process = subprocess.Popen(
        [labelcore, "serve", "--host", options.host, "--port", str(options.port)],
        env=environment,
    )
    stopping = stop_with(process)
    wait_until_healthy(process, url, options.port)
    print(banner(url, environment, data_dir, first_run), flush=True)

    returncode = process.wait()
    if stopping:
        print("LabelCore stopped.", flush=True)
        return
    sys.exit(f"`labelcore serve` stopped on its own with exit code {returncode}.")


def stop_with(process: subprocess.Popen) -> list[int]:
    """Pass Ctrl+C and SIGTERM on to the server; the list fills once asked.

    Set explicitly because a shell that starts us in the background leaves
    SIGINT ignored, and Ctrl+C must still stop the server.
    """
    received: list[int] = []

    def stop(signal_number, _frame):
        received.append(signal_number)
        if process.poll() is None:
            process.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    return received


if __name__ == "__main__":
    main()
