"""Secret shapes: the credentials that must never leave the process, as people paste them.

One table for every outlet's test (git, the API, Slack, the logs): the shapes
graph/masking.py's module docstring lists (`key=value` and its chains, JSON, query strings,
headers, cookies, URL userinfo, bare Bearer/Basic credentials, vendor tokens, Slack webhooks,
JWTs, private key blocks terminated and truncated, connection strings) and those the
defects issue found leaking between outlets. `SHAPES` holds each as the text that arrives, the
parts of it that must never show, and a piece of context that must survive, so a test can
tell masking from dropping the text.
"""

from __future__ import annotations

from typing import NamedTuple


class Shape(NamedTuple):
    """A text with a credential in it: what must never show, and what must still show."""

    text: str
    secrets: tuple[str, ...]
    context: str


GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpM"
PEM_BODY = "MIIEpAIBAAKCAQEA7bq9Zx1fQ2\nb3JnYW5pc2F0aW9uX2tleV9ib2R5\n"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# (input, the secret that must not survive, context that must survive)
SECRETS = [
    ("password=hunter2", "hunter2", "password="),
    ("passwd: Tr0ub4dor&3", "Tr0ub4dor", "passwd: "),
    ("PWD=letmein42 ./run.sh", "letmein42", "./run.sh"),
    ("DB_PASSWORD='s3cr3t-pa55'", "s3cr3t-pa55", "DB_PASSWORD='"),
    ("grafana admin secret: Adm1nS3cret", "Adm1nS3cret", "secret: "),
    ("TOKEN=tok_98f7e6d5c4 deploy=ok", "tok_98f7e6d5c4", "deploy=ok"),
    ("api_key=k3y-0a9b8c7d, region=eu", "k3y-0a9b8c7d", "region=eu"),
    ("apikey: 5f4dcc3b5aa765d6", "5f4dcc3b5aa765d6", "apikey"),
    ("api-key=ZXhhbXBsZWtleQ;next", "ZXhhbXBsZWtleQ", ";next"),
    ("access_token=ya29.a0AfH6SMBx&refresh_token=1//0gRt7", "ya29.a0AfH6SMBx", "refresh_token="),
    ("access_token=ya29.a0AfH6SMBx&refresh_token=1//0gRt7", "1//0gRt7", "access_token="),
    ("client_secret: GOCSPX-abc123XYZ", "GOCSPX-abc123XYZ", "client_secret"),
    ("private_key=MIIBVwIBADANBg", "MIIBVwIBADANBg", "private_key"),
    ("basic_auth=admin:changeme1", "admin:changeme1", "basic_auth"),
    ("CREDENTIALS=c2VydmljZTpwYXNz", "c2VydmljZTpwYXNz", "CREDENTIALS"),
    ('{"password": "hunter2", "user": "bob"}', "hunter2", '"user": "bob"'),
    ('{"token":"abc.def-123"}', "abc.def-123", '"token":"'),
    ('{"apiKey": "live_0f1e2d3c4b5a", "clientSecret": "cs-9z8y"}', "live_0f1e2d3c4b5a", "apiKey"),
    ('{"apiKey": "live_0f1e2d3c4b5a", "clientSecret": "cs-9z8y"}', "cs-9z8y", "clientSecret"),
    ('log line {\\"password\\":\\"esc4ped\\"}', "esc4ped", "password"),
    ("https://api.example.com/v1?token=abc123&page=2", "abc123", "page=2"),
    ("https://api.example.com/v1?api_key=k-777&format=json", "k-777", "format=json"),
    ("https://ci.example.com/hook?user=bot&password=pw9!", "pw9!", "user=bot"),
    ("https://deploy:pa55w0rd@git.example.com/org/repo.git", "pa55w0rd", "deploy:"),
    (
        "https://0123456789abcdef0123456789abcdef01234567@github.com/o/r",
        "0123456789abcdef",
        "github",
    ),
    ("Authorization: Bearer 4f8a1c9e7b2d4a6f", "4f8a1c9e7b2d4a6f", "Authorization: Bearer"),
    ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "Authorization: Basic"),
    ("Proxy-Authorization: Basic cHJveHk6c2VjcmV0", "cHJveHk6c2VjcmV0", "Proxy-Authorization"),
    ("X-API-Key: 9f8e7d6c5b4a3210", "9f8e7d6c5b4a3210", "X-API-Key"),
    ("Cookie: session=s%3Aabc123; theme=dark", "abc123", "Cookie: session="),
    ("Set-Cookie: sid=xyz789qq; Path=/; HttpOnly", "xyz789qq", "Path=/; HttpOnly"),
    ("retrying with Bearer 0a1b2c3d4e5f6a7b8c9d", "0a1b2c3d4e5f6a7b8c9d", "Bearer"),
    ("upstream sent Basic YWRtaW46aHVudGVyMg== twice", "YWRtaW46aHVudGVyMg", "twice"),
    (f"id_token {JWT} rejected", JWT.split(".")[1], "rejected"),
    ("using key AKIAIOSFODNN7EXAMPLE for s3", "IOSFODNN7EXAMPLE", "AKIA"),
    ("ASIAY34FZKBOKMUTVV7A expired", "Y34FZKBOKMUTVV7A", "expired"),
    (f"aws_secret_access_key = {AWS_SECRET}", AWS_SECRET, "aws_secret_access_key"),
    (f'"SecretAccessKey": "{AWS_SECRET}"', AWS_SECRET, "SecretAccessKey"),
    (f"pushed with {GHP}", GHP[4:], "ghp_"),
    ("gho_16C7e42F292c6912E7710c838347Ae178B4a leaked", "16C7e42F292c6912E7710c838347", "gho_"),
    ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv", "11ABCDEFG0123456789", "github_pat_"),
    ("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", "1234567890123-AbCd", "xoxb-"),
    ("app token xapp-1-A0123BCDE-1234567890-abcdef0123", "A0123BCDE-1234567890", "xapp-"),
    (
        "https://hooks.slack.com/services/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",
        "Zx9Yw8Vu7Ts6",
        "T0ABC1234/B0DEF5678",
    ),
    (
        f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}-----END RSA PRIVATE KEY-----\nok",
        "MIIEpAIBAAKCAQEA",
        "BEGIN RSA PRIVATE KEY",
    ),
    (
        f"-----BEGIN OPENSSH PRIVATE KEY-----\n{PEM_BODY}-----END OPENSSH PRIVATE KEY-----",
        "b3JnYW5pc2F0aW9u",
        "OPENSSH",
    ),
    (
        f"key: -----BEGIN ENCRYPTED PRIVATE KEY-----\n{PEM_BODY}",
        "b3JnYW5pc2F0aW9u",
        "ENCRYPTED PRIVATE KEY",
    ),
    (
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B\\n'
        '-----END PRIVATE KEY-----\\n"}',
        "MIIEvQIBADANBgkqhkiG9w0B",
        "private_key",
    ),
    ("postgres://app:pa55@db.internal:5432/orders", "pa55", "postgres://app:"),
    # CHECKPOINT_URL's shapes: the scheme libpq documents, a percent-encoded password, and
    # the password as a query parameter.
    (
        "postgresql://alertgraph:pg%40Pw9x@db:5432/alertgraph?sslmode=require",
        "pg%40Pw9x",
        "postgresql://alertgraph:",
    ),
    ("postgresql://alertgraph@db/alertgraph?password=qPw7xz&sslmode=require", "qPw7xz", "db/"),
    ("mysql://root:r00tpw@mysql:3306/shop", "r00tpw", "mysql://root:"),
    (
        "mongodb+srv://svc:m0ngoPw@cluster0.abcd.mongodb.net/db",
        "m0ngoPw",
        "cluster0.abcd.mongodb.net",
    ),
    ("redis://:r3d1sPw@cache:6379/0", "r3d1sPw", "redis://:"),
    ("amqp://guest:rabbitPw1@rabbitmq:5672/vhost", "rabbitPw1", "amqp://guest:"),
    ("jdbc:postgresql://db:5432/app?user=app&password=jdbcPw9", "jdbcPw9", "user=app"),
    ("Server=db;User Id=sa;Password=Ad0N3t!;Database=shop;", "Ad0N3t!", "Database=shop"),
    ("maps key AIzaSyA-1234567890abcdefghijklmnopqrstu ok", "1234567890abcdefghij", "AIza"),
    ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqLyjWDarjtT1zdp7dc", "sk_live_"),
    ("stripe rk_live_51H8abcDEF0123456789", "51H8abcDEF0123456789", "rk_live_"),
    ("--password=hunter22 --user=bob", "hunter22", "--user=bob"),
]

AWS_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY13"
TRUNCATED_KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7"
)
# (text placed in a position, the parts of it that must never show)
ISSUE_SHAPES: list[tuple[str, tuple[str, ...]]] = [
    (f"secret: aws_secret_access_key = {AWS_KEY}", (AWS_KEY, "wJalrXUtnFEMIK7MDENG")),
    ("Cookie: session=abc\npassword = 'hunter2 SuperSecret05'", ("hunter2", "SuperSecret05")),
    ("password=hunter2SuperSecret01", ("hunter2SuperSecret01",)),
    ("password: token=t0k3nValue77", ("t0k3nValue77",)),
    ("secret = api_key: k3yValue88", ("k3yValue88",)),
    (TRUNCATED_KEY, ("MIIEvQIBADAN", "BKcwggSjAgEA")),
    ("AKIAIOSFODNN7EXAMPL9", ("IOSFODNN7EXAMPL9",)),
]
# X-Scope-OrgID allows A-Z a-z 0-9 ! - _ . * ' ( ): tokens fit, `key=value` does not.
TENANTS: list[tuple[str, tuple[str, ...]]] = [
    ("AKIAIOSFODNN7EXAMPL9", ("IOSFODNN7EXAMPL9",)),
    (GHP, (GHP[4:],)),
    ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", ("4eC39HqLyjWDarjtT1zdp7dc",)),
    (JWT, (JWT.split(".")[1],)),
]
ALL_SECRETS = sorted({s for _, secrets in ISSUE_SHAPES + TENANTS for s in secrets})


# Context that survives masking, for each of ISSUE_SHAPES.
_ISSUE_CONTEXT = (
    "aws_secret_access_key",
    "Cookie: session=",
    "password=",
    "token=",
    "api_key: ",
    "BEGIN PRIVATE KEY",
    "AKIA",
)
SHAPES: list[Shape] = [Shape(text, (secret,), context) for text, secret, context in SECRETS] + [
    Shape(text, secrets, context)
    for (text, secrets), context in zip(ISSUE_SHAPES, _ISSUE_CONTEXT, strict=True)
]
# The shapes that fit on one line (a field that is folded onto one line, a header value).
ONE_LINE_SHAPES = [shape for shape in SHAPES if "\n" not in shape.text]
