"""The `shuiwu` command: management commands with dashes or underscores; settings from the environment."""

import subprocess
import sys


def _run(*args, env_extra=None, tmp_path=None):
    env = {"PATH": "/usr/bin:/bin", "SHUIWU_DATA_DIR": str(tmp_path)}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "shuiwu.cli", *args], env=env, capture_output=True, text=True)


def test_every_management_command_runs_as_shuiwu_command(tmp_path):
    result = _run("help", tmp_path=tmp_path)
    assert result.returncode == 0
    for name in ("demo", "serve", "import_inp", "export_inp", "drf_create_token", "migrate"):
        assert name in result.stdout


def test_dashes_work_like_underscores(tmp_path):
    assert _run("import-inp", "--help", tmp_path=tmp_path).returncode == 0


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    _run("check", tmp_path=tmp_path)
    key = (tmp_path / "secret_key").read_text()
    _run("check", tmp_path=tmp_path)
    assert (tmp_path / "secret_key").read_text() == key and len(key) > 40


def test_a_bad_boolean_in_the_environment_is_a_clear_error(tmp_path):
    result = _run("check", tmp_path=tmp_path, env_extra={"DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG='maybe' is not a boolean" in result.stderr


def test_serve_refuses_an_unmigrated_database(tmp_path):
    result = _run("serve", "--port", "8799", tmp_path=tmp_path)
    assert result.returncode != 0 and "migrate" in result.stderr


def test_token_for_a_user(tmp_path):
    assert _run("migrate", "-v0", tmp_path=tmp_path).returncode == 0
    code = "from django.contrib.auth.models import User; User.objects.create_user('tok', password='pw-123456')"
    assert _run("shell", "-c", code, tmp_path=tmp_path).returncode == 0
    result = _run("drf_create_token", "tok", tmp_path=tmp_path)
    assert result.returncode == 0 and "Generated token" in result.stdout
