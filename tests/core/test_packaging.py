"""A self-hoster's install: the wheels of ``make dist`` into a fresh virtualenv.

The slow test builds every wheel, installs them (not editable) into a new
virtualenv, starts ``labelcore serve`` from it, and checks through HTTP that
each plugin, its templates and its web modules arrived. The quick tests catch
a package or a data file that the wheels would leave behind before that.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.support.live import launch_server

REPO = Path(__file__).resolve().parents[2]
PLUGIN_DIRS = sorted(path.parent for path in REPO.glob("plugins/*/pyproject.toml"))
SKIPPED_PARTS = {"__pycache__", "node_modules"}


def project_of(folder: Path) -> dict:
    with open(folder / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)


def distribution_name(folder: Path) -> str:
    return project_of(folder)["project"]["name"]


def wheel_of(dist: Path, folder: Path) -> Path:
    prefix = distribution_name(folder).replace("-", "_") + "-"
    wheels = [wheel for wheel in dist.glob("*.whl") if wheel.name.startswith(prefix)]
    assert len(wheels) == 1, f"Expected one wheel for {folder.name} in {dist}: {wheels}"
    return wheels[0]


def python_packages(root: Path) -> set[str]:
    return {
        ".".join(init.parent.relative_to(root.parent).parts)
        for init in root.rglob("__init__.py")
        if not SKIPPED_PARTS & set(init.parts)
    }


def test_every_core_package_is_in_the_wheel_configuration():
    listed = set(project_of(REPO)["tool"]["setuptools"]["packages"])
    expected = python_packages(REPO / "labelcore") | {
        "labelcore.migrations",
        "labelcore.migrations.versions",
    }

    missing = sorted(expected - listed)
    assert not missing, (
        f"pyproject.toml's [tool.setuptools] packages lacks {missing}: the wheel "
        "would leave them out. Add them to that list."
    )


def package_files(folder: Path) -> list[Path]:
    """Every file inside a plugin's packages: modules, data, built web modules.

    Modules in a folder without ``__init__.py`` (a migration folder, say)
    reach the wheel only through package-data, so they are checked too.
    """
    files = []
    for marker in folder.glob("labelcore_*/__init__.py"):
        for path in marker.parent.rglob("*"):
            if SKIPPED_PARTS & set(path.parts) or path.suffix == ".pyc":
                continue
            if path.is_file():
                files.append(path)
    return files


def test_plugins_exist():
    names = {folder.name for folder in PLUGIN_DIRS}
    assert {"templates", "samplers", "workflows", "formats"} <= names


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The wheels of the core and of every plugin, built by ``make dist``
    once for the whole run: pytest-xdist's workers share the folder, and a
    lock keeps a second worker from building in the same ``build/`` at the
    same time (setuptools then fails on the files the first one writes)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Each worker's folder sits in the run's own.
        shared = shared.parent
    folder = shared / "dist"
    with open(shared / "make-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / ".built").exists():
            return folder
        folder.mkdir(exist_ok=True)
        built = subprocess.run(
            ["make", "-C", str(REPO), "dist", f"DIST_DIR={folder}"],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert built.returncode == 0, (
            f"make dist failed:\n{built.stdout}\n{built.stderr}"
        )
        (folder / ".built").touch()
    return folder


@pytest.fixture(scope="module")
def installed_python(dist, tmp_path_factory) -> str:
    """A fresh virtualenv holding only the wheels and their dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")

    installed = subprocess.run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        + [str(wheel) for wheel in sorted(dist.glob("*.whl"))],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, f"pip install failed:\n{installed.stderr}"
    return python


@pytest.fixture(scope="module")
def installed_server(installed_python, tmp_path_factory):
    server = launch_server(
        tmp_path_factory.mktemp("installed-data"), python=installed_python
    )
    yield server
    server.stop()


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_core_wheel_carries_migrations_and_the_built_webapp(dist):
    names = set(zipfile.ZipFile(wheel_of(dist, REPO)).namelist())

    assert "labelcore/migrations/env.py" in names
    for revision in (REPO / "migrations" / "versions").glob("*.py"):
        assert f"labelcore/migrations/versions/{revision.name}" in names
    assert "labelcore/static/app/index.html" in names
    assert any(name.startswith("labelcore/static/app/vendor/") for name in names)


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
@pytest.mark.parametrize("folder", PLUGIN_DIRS, ids=lambda folder: folder.name)
def test_plugin_wheel_carries_its_data(dist, folder):
    names = set(zipfile.ZipFile(wheel_of(dist, folder)).namelist())

    missing = [
        str(path.relative_to(folder))
        for path in package_files(folder)
        if str(path.relative_to(folder)) not in names
    ]
    assert not missing, (
        f"The wheel of {folder.name} lacks these files: {missing[:10]}. "
        f"Add them to [tool.setuptools.package-data] in {folder}/pyproject.toml."
    )


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_installed_server_runs_from_the_wheels_alone(installed_python, tmp_path):
    located = subprocess.run(
        [installed_python, "-c", "import labelcore; print(labelcore.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in located.stdout
    assert str(REPO / "labelcore") not in located.stdout


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_installed_server_lists_every_plugin(installed_server):
    listed = {
        plugin["distribution"] for plugin in installed_server.get_json("/api/plugins/")
    }

    expected = {distribution_name(folder) for folder in PLUGIN_DIRS}
    assert expected <= listed, f"Not listed: {sorted(expected - listed)}"


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_installed_server_serves_every_plugin_template(installed_server):
    plugins = installed_server.get_json("/api/plugins/")
    templates = {
        template["name"] for template in installed_server.get_json("/api/templates/")
    }

    contributed = {
        name
        for plugin in plugins
        for name in plugin["contributions"].get("templates", [])
    }
    assert contributed, "No installed plugin contributed a template."
    assert contributed <= templates, f"Not served: {sorted(contributed - templates)}"


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_installed_server_serves_every_web_module(installed_server):
    modules = installed_server.get_json("/api/plugins/web-modules")
    assert modules, "No installed plugin listed a web module."

    for module in modules:
        with urllib.request.urlopen(installed_server.api(module["url"])) as response:
            body = response.read()
            content_type = response.headers["Content-Type"]
        assert response.status == 200
        assert "javascript" in content_type, f"{module['url']}: {content_type}"
        assert body.strip(), f"{module['url']} is empty"


@pytest.mark.slow
@pytest.mark.packaging
@pytest.mark.timeout(1500)
def test_installed_server_serves_the_webapp(installed_server):
    with urllib.request.urlopen(installed_server.url + "/") as response:
        page = response.read().decode()
        content_type = response.headers["Content-Type"]

    assert "text/html" in content_type
    assert '<script type="importmap">' in page
