"""Credential encryption: a key list apart from the session secret, and rotation."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet

from labelcore.cli import main
from labelcore.secrets import (
    SecretKeyError,
    decrypt,
    encrypt,
    load_keys,
    opens_with_newest,
    rotate,
)
from labelcore.settings import Settings
from tests.plugins.storages.storage_helpers import PNG
from tests.support.credentials import ADMIN_TOKEN


def test_a_key_file_apart_from_the_session_secret_is_generated_once_0600(tmp_path):
    session_secret = "session-secret-of-this-server"
    (tmp_path / "secret_key").write_text(session_secret)
    settings = Settings(data_dir=str(tmp_path), secret_key=session_secret)

    first = load_keys(settings)
    again = load_keys(settings)

    key_file = tmp_path / "secret_keys"
    assert first == again and len(first) == 1
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert session_secret not in key_file.read_text()
    Fernet(first[0])


def test_values_round_trip_and_never_appear_in_the_token(tmp_path):
    settings = Settings(data_dir=str(tmp_path))

    token = encrypt("hunter2-credential", settings)

    assert "hunter2" not in token
    assert decrypt(token, settings) == "hunter2-credential"


def test_rotation_moves_a_value_to_the_newest_key(tmp_path):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = Settings(data_dir=str(tmp_path), secret_keys=(old,))
    during = Settings(data_dir=str(tmp_path), secret_keys=(new, old))
    after = Settings(data_dir=str(tmp_path), secret_keys=(new,))
    token = encrypt("value", before)

    assert not opens_with_newest(token, during)
    rotated = rotate(token, during)

    assert opens_with_newest(rotated, during)
    assert decrypt(rotated, after) == "value"
    with pytest.raises(SecretKeyError, match="cannot be decrypted"):
        decrypt(token, after)


def test_a_malformed_key_is_named_by_position_without_echoing_it(tmp_path):
    settings = Settings(data_dir=str(tmp_path), secret_keys=("not-a-fernet-key-77",))

    with pytest.raises(SecretKeyError) as caught:
        encrypt("value", settings)

    assert "Key 1" in str(caught.value)
    assert "not-a-fernet-key-77" not in str(caught.value)


def cli_environment(data_dir, database_url, keys=None) -> dict[str, str]:
    environment = {
        "LABELCORE_DATA_DIR": str(data_dir),
        "LABELCORE_DATABASE_URL": database_url,
        "LABELCORE_SECRET_KEY": "labelcore-test-secret-key",
    }
    if keys:
        environment["LABELCORE_SECRET_KEYS"] = ",".join(keys)
    return environment


def storage_row_token(app, storage_id: int) -> str:
    from labelcore_storages.models import Storage

    from labelcore.models import db

    with app.app_context():
        return db.session.get(Storage, storage_id).secrets


def test_secrets_rotate_re_encrypts_every_storage_and_the_storage_still_works(
    make_app, data_dir, database_url, files_root, s3_bucket, tmp_path
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app = make_app(
        outbound_allow=("127.0.0.1",),
        local_files_root=str(files_root),
        secret_keys=(old,),
    )
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/",
        json={
            "title": "p",
            "label_config": '<View><Image name="i" value="$image"/></View>',
        },
    ).get_json()["id"]
    storage = client.post(
        "/api/storages/s3",
        json={
            "project": project,
            "bucket": s3_bucket["name"],
            "s3_endpoint": s3_bucket["endpoint"],
            "aws_access_key_id": "rotating-key",
            "aws_secret_access_key": "rotating-secret",
            "use_blob_urls": True,
        },
    ).get_json()
    before = storage_row_token(app, storage["id"])

    result = CliRunner().invoke(
        main,
        ["secrets", "rotate"],
        env=cli_environment(data_dir, database_url, (new, old)),
    )

    assert result.exit_code == 0, result.output
    assert "Re-encrypted 1 stored credentials (1 in storage.secrets)" in result.output
    after = storage_row_token(app, storage["id"])
    assert after != before
    only_new = Settings(data_dir=str(data_dir), secret_keys=(new,))
    assert "rotating-secret" in decrypt(after, only_new)

    rotated_app = make_app(
        outbound_allow=("127.0.0.1",),
        local_files_root=str(files_root),
        secret_keys=(new,),
    )
    rotated = rotated_app.test_client()
    rotated.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    s3_bucket["client"].put_object(Bucket=s3_bucket["name"], Key="x.png", Body=PNG)
    answer = rotated.post(f"/api/storages/s3/{storage['id']}/sync")
    assert answer.status_code == 202, answer.get_json()


def test_file_keys_rotate_to_a_new_key_and_the_old_one_is_retired(
    make_app, data_dir, database_url, s3_bucket
):
    app = make_app(outbound_allow=("127.0.0.1",))
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/",
        json={
            "title": "p",
            "label_config": '<View><Image name="i" value="$image"/></View>',
        },
    ).get_json()["id"]
    storage = client.post(
        "/api/storages/s3",
        json={
            "project": project,
            "bucket": s3_bucket["name"],
            "s3_endpoint": s3_bucket["endpoint"],
            "aws_access_key_id": "file-key",
            "aws_secret_access_key": "file-secret",
        },
    ).get_json()
    environment = cli_environment(data_dir, database_url)
    runner = CliRunner()
    old_keys = (data_dir / "secret_keys").read_text().split()

    added = runner.invoke(main, ["secrets", "new-key"], env=environment)
    premature = runner.invoke(main, ["secrets", "retire-old-keys"], env=environment)
    rotated = runner.invoke(main, ["secrets", "rotate"], env=environment)
    retired = runner.invoke(main, ["secrets", "retire-old-keys"], env=environment)

    assert added.exit_code == 0, added.output
    assert premature.exit_code != 0
    assert "run `labelcore secrets rotate` first" in premature.output
    assert rotated.exit_code == 0, rotated.output
    assert retired.exit_code == 0, retired.output
    keys = (data_dir / "secret_keys").read_text().split()
    assert len(keys) == 1 and keys[0] not in old_keys
    assert stat.S_IMODE((data_dir / "secret_keys").stat().st_mode) == 0o600
    token = storage_row_token(app, storage["id"])
    settings = Settings(data_dir=str(data_dir))
    assert "file-secret" in decrypt(token, settings)


def test_new_key_refuses_to_touch_keys_that_come_from_the_environment(
    data_dir, database_url
):
    key = Fernet.generate_key().decode()

    result = CliRunner().invoke(
        main,
        ["secrets", "new-key"],
        env=cli_environment(data_dir, database_url, (key,)),
    )

    assert result.exit_code != 0
    assert "LABELCORE_SECRET_KEYS" in result.output
    assert key not in result.output
