"""One run through every storage type, searched for the credentials it used.

Every API answer (bodies and headers), every log record, the project's
export, the exported objects, the job records and the stored rows are
searched for each secret value; none may hold one. The access key id is
not searched in presigned URLs: AWS puts it there by design.
"""

from __future__ import annotations

import json
import logging

import boto3

from tests.plugins.storages.storage_helpers import CHOICE, PNG, TEXT_CONFIG, fileuri

S3_SECRET = "s3-secret-access-key-9a8b7c"
S3_TOKEN = "s3-session-token-6d5e4f"
S3_KEY_ID = "AKIALEAKCHECK0001"


def test_no_answer_log_or_export_holds_a_secret(
    storage_app,
    api,
    make_project,
    s3_bucket,
    s3_checking_server,
    azure_container,
    gcs_bucket,
    service_account_json,
    sync,
    wait_for_job,
    tasks_of,
    caplog,
):
    answers: list[str] = []

    @storage_app.after_request
    def keep(response):
        answers.append(str(dict(response.headers)))
        if not response.direct_passthrough and not response.is_streamed:
            answers.append(response.get_data(as_text=True))
        return response

    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="labelcore")
    caplog.set_level(logging.DEBUG, logger="labelcore_storages")
    private_key = json.loads(service_account_json)["private_key"]
    secrets = {
        S3_SECRET,
        S3_TOKEN,
        azure_container["account_key"],
        azure_container["connection_string"],
        private_key,
        private_key.splitlines()[5],
    }

    project = make_project(TEXT_CONFIG)
    media = make_project()
    s3 = {
        "project": media,
        "bucket": s3_bucket["name"],
        "s3_endpoint": s3_bucket["endpoint"],
        "aws_access_key_id": S3_KEY_ID,
        "aws_secret_access_key": S3_SECRET,
        "aws_session_token": S3_TOKEN,
        "use_blob_urls": True,
    }
    s3_bucket["client"].put_object(Bucket=s3_bucket["name"], Key="p.png", Body=PNG)
    imported = api.post("/api/storages/s3", json=s3).get_json()
    api.post("/api/storages/s3/validate", json={**s3, "id": imported["id"]})
    sync(f"/api/storages/s3/{imported['id']}")
    task = tasks_of(media)[0]
    resolve = f"/tasks/{task['id']}/presign/?fileuri={fileuri(task['data']['image'])}"
    api.get(resolve)
    api.patch(f"/api/storages/s3/{imported['id']}", json={"presign": False})
    api.get(resolve)
    api.get(f"/api/storages/?project={media}")

    revoked = _revoked_user(s3_checking_server)
    bucket = "leak-check-bucket"
    _admin_client(s3_checking_server).create_bucket(Bucket=bucket)
    api.post(
        "/api/storages/s3",
        json={
            "project": media,
            "bucket": bucket,
            "s3_endpoint": s3_checking_server["endpoint"],
            "aws_access_key_id": s3_checking_server["aws_access_key_id"],
            "aws_secret_access_key": S3_SECRET,
        },
    )
    failing = api.post(
        "/api/storages/s3",
        json={
            "project": media,
            "bucket": bucket,
            "s3_endpoint": s3_checking_server["endpoint"],
            **revoked["credentials"],
        },
    ).get_json()
    revoked["remove"]()
    failed = sync(f"/api/storages/s3/{failing['id']}")
    assert failed["state"] == "failed"
    secrets.add(revoked["credentials"]["aws_secret_access_key"])

    azure = {
        "project": media,
        "container": azure_container["name"],
        "connection_string": azure_container["connection_string"],
        "use_blob_urls": True,
    }
    azure_container["client"].upload_blob("a.png", PNG)
    azure_storage = api.post("/api/storages/azure", json=azure).get_json()
    api.post(
        "/api/storages/azure",
        json={
            **azure,
            "connection_string": azure_container["connection_string"].replace(
                azure_container["account_key"], "B" * 86 + "=="
            ),
        },
    )
    sync(f"/api/storages/azure/{azure_storage['id']}")

    gcs_bucket["bucket"].blob("g.png").upload_from_string(PNG, "image/png")
    gcs_storage = api.post(
        "/api/storages/gcs",
        json={
            "project": media,
            "bucket": gcs_bucket["name"],
            "google_application_credentials": service_account_json,
            "use_blob_urls": True,
        },
    ).get_json()
    sync(f"/api/storages/gcs/{gcs_storage['id']}")
    for task in tasks_of(media):
        api.get(
            f"/tasks/{task['id']}/presign/?fileuri={fileuri(task['data']['image'])}"
        )

    api.post(f"/api/projects/{project}/import", json=[{"text": "x"}])
    api.post(
        "/api/storages/export/s3",
        json={**s3, "project": project, "prefix": "exports", "use_blob_urls": False},
    )
    text_task = tasks_of(project)[0]
    api.post(f"/api/tasks/{text_task['id']}/annotations/", json={"result": [CHOICE]})
    for job in api.get("/api/jobs/").get_json():
        wait_for_job(job["id"])
    api.get("/api/jobs/")
    export = api.get(f"/api/projects/{project}/export?exportType=JSON")
    exported_objects = [
        s3_bucket["client"]
        .get_object(Bucket=s3_bucket["name"], Key=item["Key"])["Body"]
        .read()
        for item in s3_bucket["client"].list_objects_v2(
            Bucket=s3_bucket["name"], Prefix="exports/"
        )["Contents"]
    ]

    searched = {
        "answers": "\n".join(answers),
        "logs": "\n".join(
            f"{record.getMessage()} {record.exc_text or ''}"
            for record in caplog.records
        )
        + caplog.text,
        "export": export.get_data(as_text=True),
        "exported objects": b"\n".join(exported_objects).decode(),
        "stored rows": _stored_rows(storage_app),
    }
    for where, text in searched.items():
        leaked = [secret[:12] for secret in secrets if secret in text]
        assert not leaked, f"The {where} hold secrets starting {leaked}"
    assert S3_KEY_ID not in "\n".join(answers).replace(f"Credential={S3_KEY_ID}", "")


def _admin_client(server: dict):
    return boto3.client(
        "s3",
        endpoint_url=server["endpoint"],
        region_name="us-east-1",
        aws_access_key_id=server["aws_access_key_id"],
        aws_secret_access_key=server["aws_secret_access_key"],
    )


def _revoked_user(server: dict) -> dict:
    """A second IAM user whose key the test removes once its storage exists."""
    iam = boto3.client(
        "iam",
        endpoint_url=server["endpoint"],
        region_name="us-east-1",
        aws_access_key_id=server["aws_access_key_id"],
        aws_secret_access_key=server["aws_secret_access_key"],
    )
    name = "leak-check-user"
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.put_user_policy(
        UserName=name,
        PolicyName="everything",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )

    def remove():
        iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])

    return {
        "credentials": {
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        },
        "remove": remove,
    }


def _stored_rows(app) -> str:
    import sqlalchemy as sa
    from labelcore_storages.models import Storage

    from labelcore.models import Job, db

    with app.app_context():
        storages = db.session.execute(
            sa.select(
                Storage.settings, Storage.secrets, Storage.meta, Storage.traceback
            )
        ).all()
        jobs = db.session.execute(sa.select(Job.params, Job.result, Job.error)).all()
    return json.dumps([list(row) for row in storages + jobs], default=str)
