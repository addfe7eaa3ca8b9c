"""/healthz answers 200 when the database is reachable."""


def test_healthz_is_ok_with_a_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_needs_no_login(client, db):
    assert client.get("/healthz").status_code == 200
