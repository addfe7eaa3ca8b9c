"""The network map on ~15,000 pipes: one GeoJSON request and a canvas renderer.

Imports BWSN network 2 (12,523 junctions, 14,822 pipes; shipped in epyt) into a
throw-away SQLite database, then measures

1. the server side of the map's one request (``geojson_features``) against a
   baseline in the same run: the same rows through the DRF serializer and
   JSON renderer, as a naive API endpoint would produce them;
2. in headless Chromium (when present): time to fetch and draw the map, and
   frame times while the map is panned and zoomed.

Run: ``.venv/bin/python bench/map.py`` (about a minute).
"""

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="shuiwu-bench-map-"))
os.environ["SHUIWU_DATA_DIR"] = str(DATA)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from shuiwu.assets import services  # noqa: E402
from shuiwu.assets.api.serializers import AssetSerializer  # noqa: E402
from shuiwu.assets.choices import Kind  # noqa: E402
from shuiwu.assets.models import Asset  # noqa: E402
from shuiwu.org.choices import CompanyKind, Role  # noqa: E402
from shuiwu.org.models import Company, Staff  # noqa: E402

BWSN2 = Path(str(files("epyt") / "networks" / "asce-tf-wdst" / "BWSN_Network_2.inp"))


def best_of(func, runs=5):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), result


def main():
    call_command("migrate", verbosity=0)
    company = Company.objects.create(code="SUPPLY", name="Bench supply", kind=CompanyKind.SUPPLY)
    started = time.perf_counter()
    services.import_network(BWSN2, system="supply", company=company, scale=0.3048)
    print(f"import of {BWSN2.name}: {time.perf_counter() - started:.1f} s")
    pipes = Asset.objects.filter(kind=Kind.PIPE).count()
    queryset = Asset.objects.exclude(kind=Kind.JUNCTION)
    print(f"pipes: {pipes:,}; features drawn: {queryset.count():,}")

    fast, fast_median, body = best_of(lambda: services.geojson_features(queryset))
    raw = body.encode()
    zipped = gzip.compress(raw, compresslevel=6)

    def baseline():
        rows = AssetSerializer(queryset.select_related(), many=True, context={"request": None}).data
        return JSONRenderer().render(rows)

    slow, slow_median, _ = best_of(baseline, runs=3)
    print(
        f"server: map GeoJSON {fast * 1000:.0f} ms (median {fast_median * 1000:.0f}), "
        f"{len(raw) / 1e6:.1f} MB, {len(zipped) / 1e6:.2f} MB gzipped"
    )
    print(
        f"baseline (DRF serializer, same rows): {slow * 1000:.0f} ms (median {slow_median * 1000:.0f}) "
        f"-> map endpoint is {slow / fast:.1f}x faster"
    )

    User = get_user_model()
    user = User.objects.create_user("bench", password="bench-pw-1")
    Staff.objects.create(company=company, employee_no="B1", name="bench", role=Role.NETWORK_ENGINEER, user=user)
    browser(user)


def browser(user):
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("browser: skipped (no /usr/bin/chromium)")
        return
    from playwright.sync_api import sync_playwright

    port = "8765"
    server = subprocess.Popen(
        [sys.executable, "-m", "shuiwu.cli", "serve", "--port", port],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            page = b.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/login/")
            page.fill("#id_username", "bench")
            page.fill("#id_password", "bench-pw-1")
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            page.goto(f"{base}/assets/map/")
            page.wait_for_function("document.body.dataset.mapReady === '1'", timeout=120_000)
            ready = time.perf_counter() - started
            stats = page.evaluate("({features: window.shuiwuMap.features, timings: window.shuiwuMap.timings})")
            frames = page.evaluate("""async () => {
                const map = window.shuiwuMap.map, times = [];
                let last = performance.now(), running = true;
                function tick(t) { times.push(t - last); last = t; if (running) requestAnimationFrame(tick); }
                requestAnimationFrame(tick);
                for (let i = 0; i < 20; i++) {
                    map.panBy([i % 2 ? -150 : 150, i % 3 ? 80 : -80], {animate: true, duration: 0.25});
                    await new Promise(r => setTimeout(r, 300));
                }
                map.zoomIn(1); await new Promise(r => setTimeout(r, 600));
                map.zoomOut(1); await new Promise(r => setTimeout(r, 600));
                running = false;
                times.sort((a, b) => a - b);
                return {n: times.length, median: times[Math.floor(times.length / 2)],
                        p95: times[Math.floor(times.length * 0.95)]};
            }""")
            b.close()
        print(
            f"browser: page to drawn map {ready:.2f} s (fetch {stats['timings']['fetchMs']} ms, "
            f"draw {stats['timings']['drawMs']} ms) for {stats['features']:,} features"
        )
        print(
            f"browser: while panning and zooming, frame time median {frames['median']:.0f} ms, "
            f"p95 {frames['p95']:.0f} ms over {frames['n']} frames (headless, software rendering)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
