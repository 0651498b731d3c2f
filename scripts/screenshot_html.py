"""Render the HTML report of every example (each company, the folder as a batch, and compare) and
screenshot each in headless Chromium, so a person can look at them before a release.

    python scripts/screenshot_html.py [OUT_DIR] [--as-of YYYY-MM-DD] [--pdf]

Needs zjtx installed (``pip install -e .``) and a Chromium (Debian: ``apt-get install chromium``; or set
CHROMIUM=/path/to/chrome). Writes OUT_DIR/NAME.html and OUT_DIR/NAME.png (and NAME.pdf with --pdf, to
check the print stylesheet: page breaks between companies, A4 landscape). Not a test: it looks, you judge.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "chrome"):
        if name and shutil.which(name):
            return shutil.which(name)  # type: ignore[return-value]
    sys.exit("screenshot_html: no Chromium found; apt-get install chromium, or set CHROMIUM=/path/to/chrome")


def _zjtx(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "zjtx", *args], check=True)


def _shoot(browser: str, page: Path, png: Path, height: int, pdf: bool) -> None:
    common = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--force-device-scale-factor=1",
    ]
    subprocess.run(
        [*common, f"--window-size=1280,{height}", f"--screenshot={png}", page.as_uri()],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    if pdf:
        subprocess.run(
            [*common, f"--print-to-pdf={png.with_suffix('.pdf')}", "--no-pdf-header-footer", page.as_uri()],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="screenshots")
    parser.add_argument(
        "--as-of", default="2025-06-30", help="the as-of date of every report (fixed, so shots compare)"
    )
    parser.add_argument("--pdf", action="store_true", help="also print each page to PDF")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = _chromium()
    pages: list[tuple[Path, int]] = []
    for example in sorted(EXAMPLES.glob("*.toml")):
        page = out / f"{example.stem}.html"
        _zjtx("check", str(example), "--as-of", args.as_of, "-o", str(page))
        pages.append((page, 2200))
    batch = out / "batch.html"
    subprocess.run([sys.executable, "-m", "zjtx", "check", str(EXAMPLES), "--as-of", args.as_of, "-o", str(batch)])
    pages.append((batch, 7000))
    compare = out / "compare-xining.html"
    _zjtx("compare", str(EXAMPLES / "xining.toml"), "--as-of", args.as_of, "-o", str(compare))
    pages.append((compare, 900))
    for page, height in pages:
        png = page.with_suffix(".png")
        _shoot(browser, page, png, height, args.pdf)
        print(png)


if __name__ == "__main__":
    main()
