"""The administrator every test app and test server starts with."""

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "labelcore-test-password"
# 160 bits as 40 hex digits, the shape of the tokens the server issues itself.
ADMIN_TOKEN = "5b1c0e7a9d3f4e2a8c6b0d1e3f5a7c9e2b4d6f80"
