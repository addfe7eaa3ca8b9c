"""Throw-away databases for the benchmarks: each backend's run in a child process on a fresh database.

SQLite lives in a temporary folder; PostgreSQL (at $PGHOST:$PGPORT, user $PGUSER; default 127.0.0.1:5432,
postgres) gets a database of its own, dropped at the end. Without a server the PostgreSQL half is skipped.
"""

import os
import shutil
import subprocess
import sys
import tempfile


def pg_params() -> dict:
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": int(os.environ.get("PGPORT", "5432")),
        "user": os.environ.get("PGUSER", "postgres"),
    }


def create_postgres(prefix: str) -> str | None:
    """A new database's URL, or None (with the reason printed) when there is no server or no right to."""
    try:
        import psycopg

        name = f"{prefix}_{os.getpid()}"
        with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **pg_params()) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        p = pg_params()
        return f"postgres://{p['user']}@{p['host']}:{p['port']}/{name}"
    except Exception as exc:  # no server, no rights: the PostgreSQL half is skipped
        print(f"postgres: {exc}")
        return None


def drop_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(dbname="postgres", autocommit=True, **pg_params()) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # a child's worker may still hold a session


def each_backend(script: str, backends, passed: list[str], tag: str, env_extra: dict | None = None) -> int:
    """Run ``script --backend B *passed`` once per backend on a throw-away database; the number that failed."""
    failed = 0
    for backend in backends:
        env = {**os.environ, **(env_extra or {})}
        data = tempfile.mkdtemp(prefix=f"shuiwu-bench-{tag}-{backend}-")
        env["SHUIWU_DATA_DIR"] = data
        url = None
        try:
            if backend == "postgres":
                url = create_postgres(f"shuiwu_bench_{tag}")
                if url is None:
                    print("postgres: skipped (no server at $PGHOST:$PGPORT)")
                    continue
                env["DATABASE_URL"] = url
            else:
                env.pop("DATABASE_URL", None)
            print(f"== {backend}", flush=True)
            child = subprocess.run([sys.executable, script, "--backend", backend, *passed], env=env, check=False)
            failed += child.returncode != 0
        finally:
            if url is not None:
                drop_postgres(url)
            shutil.rmtree(data, ignore_errors=True)
    return failed
