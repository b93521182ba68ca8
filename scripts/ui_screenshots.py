"""Screenshots of the web UI for the README: python scripts/ui_screenshots.py BASE_URL OUT_DIR [DOC_ID]
(a server started with `claimscope serve`; scripts/corpus-example makes the store it shows)."""
import shutil
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main(base: str, out: str, doc_id: str | None = None) -> None:
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1500", "--hide-scrollbars"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    Path(out).mkdir(parents=True, exist_ok=True)
    try:
        if doc_id is None:
            driver.get(base + "/documents")
            doc_id = driver.find_element("css selector", "td a[href^='/documents/']").get_attribute("href").rsplit("/", 1)[1]
        pages = {"ui-overview.png": ("/", 1500), "ui-document.png": (f"/documents/{doc_id}", 1300),
                 "ui-map.png": ("/map?actor=Trump&actor=Clinton", 2000)}
        for name, (path, height) in pages.items():
            driver.set_window_size(1400, height)
            driver.get(base + path)
            driver.save_screenshot(str(Path(out) / name))
            print(Path(out) / name)
    finally:
        driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:])
