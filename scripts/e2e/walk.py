#!/usr/bin/env python3
"""The end-to-end walk of issue 7, in headless Chromium (selenium + chromium-driver), against the demo server.

A citizen reports a problem with a photo on a phone-sized window; the ward officer receives and answers it; a
dossier is filed at the ward's desk, supplemented, resolved and returned; the IOC dashboard shows the new report
and an alert rule fires; the monthly analysis lists a finding; the open-data portal is searched and a dataset
downloaded; a data-sharing key is issued and a non-compliant agency is refused. Every step is checked on the page and saved as a
screenshot (390x844 for the phone steps, 1920x1080 for the desk and the IOC) in the output folder.

Usage: walk.py BASE_URL OUT_DIR
"""
import re
import struct
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, OUT = sys.argv[1].rstrip("/"), Path(sys.argv[2])
PASSWORD = "tinhso-demo-2026"
PHONE, DESK = (390, 844), (1920, 1080)
shots = []


def png(width=64, height=48):
    """A small real PNG (a blue-grey gradient), built with the standard library."""
    raw = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, 96, 160)) for x in range(width)) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def browser(size):
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=vi-VN"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*size)
    driver.implicitly_wait(5)
    return driver


def shot(driver, name):
    """A full-page screenshot: the window grows to the page's height, then returns to its size."""
    width, height = driver.get_window_size()["width"], driver.get_window_size()["height"]
    full = driver.execute_script("return Math.max(document.body.scrollHeight, window.innerHeight)")
    driver.set_window_size(width, min(max(height, full + 120), 8000))
    path = OUT / f"{len(shots) + 1:02d}-{name}-{width}x{height}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(width, height)
    assert path.stat().st_size > 5000, f"empty screenshot {path}"
    shots.append(path)
    print(f"  screenshot {path.name}")


def submit(driver, button):
    """Clicks a submit button and waits for the next page to replace this one."""
    driver.execute_script("window.__walkOldPage = true")
    button.click()

    def loaded(d):
        try:
            return d.execute_script("return window.__walkOldPage === undefined && document.readyState === 'complete'")
        except WebDriverException:
            return False

    WebDriverWait(driver, 30).until(loaded)


def body(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def expect(driver, text, where=""):
    assert text in body(driver), f"expected {text!r} on {driver.current_url} {where}\n{body(driver)[:1500]}"


def login(driver, user):
    driver.delete_all_cookies()
    driver.get(BASE + "/login")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "/login" not in driver.current_url, f"{user} could not sign in: {body(driver)[:300]}"


def act(driver, action, note="", **fields):
    """Chooses an action in the page's action form, writes the note and other fields, submits."""
    forms = driver.find_elements(By.XPATH, "//select[@name='action']/ancestor::form")
    assert forms, f"no action form for {action} on {driver.current_url}:\n{body(driver)[:1200]}"
    form = forms[0]
    choice = Select(form.find_element(By.NAME, "action"))
    values = [o.get_attribute("value") for o in choice.options]
    assert action in values, f"action {action} not offered on {driver.current_url}: {values}"
    choice.select_by_value(action)
    if note:
        form.find_element(By.NAME, "note").send_keys(note)
    for name, value in fields.items():
        form.find_element(By.NAME, name).send_keys(value)
    submit(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def counter(driver, title):
    """The number in the dashboard widget with this title."""
    widget = driver.find_element(By.XPATH, f"//section[h2='{title}']")
    return int(widget.find_element(By.CLASS_NAME, "tile-value").text.replace(".", ""))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    phone, desk = browser(PHONE), browser(DESK)
    try:
        print("IOC before: the open-reports counter")
        login(desk, "demo.thanhhoa")
        desk.get(BASE + "/ioc?ou=38")
        expect(desk, "Phản ánh đang xử lý")
        open_before = counter(desk, "Phản ánh đang xử lý")
        shot(desk, "ioc-truoc")

        print("1. A citizen reports a pothole with a photo, on a phone")
        login(phone, "demo.congdan")
        phone.get(BASE + "/feedback/new")
        Select(phone.find_element(By.NAME, "category")).select_by_index(0)
        phone.find_element(By.NAME, "description").send_keys("Ổ gà lớn trên đường Lê Lợi, trước số nhà 120, rất nguy hiểm")
        photo = Path(tempfile.mkdtemp()) / "o-ga.png"
        photo.write_bytes(png())
        phone.find_element(By.NAME, "photo").send_keys(str(photo))
        phone.find_element(By.ID, "lat").send_keys("19,8030")
        phone.find_element(By.ID, "lon").send_keys("105,7890")
        shot(phone, "cong-dan-gui-phan-anh")
        submit(phone, phone.find_element(By.CSS_SELECTOR, "#report-form button[type=submit]"))
        code = re.search(r"PA-\d{6}-\d{4}", phone.current_url + body(phone))
        assert code, f"no report code after submitting: {phone.current_url}\n{body(phone)[:800]}"
        code = code.group(0)
        expect(phone, "Hạc Thành")
        shot(phone, "cong-dan-da-gui")

        print(f"2. The ward officer receives and answers {code}")
        login(desk, "demo.canbo")
        desk.get(BASE + "/inbox")
        expect(desk, code)
        shot(desk, "can-bo-hop-viec")
        desk.get(BASE + f"/feedback/{code}")
        act(desk, "receive", "Đã tiếp nhận")
        act(desk, "startHandling", "Chuyển tổ công trình xử lý")
        act(desk, "answer", "Phường đã vá ổ gà ngày hôm nay; cảm ơn người dân đã phản ánh.")
        expect(desk, "Phường đã vá ổ gà")
        shot(desk, "can-bo-tra-loi")
        phone.get(BASE + f"/feedback/{code}")
        expect(phone, "Phường đã vá ổ gà")
        shot(phone, "cong-dan-xem-tra-loi")

        print("3. A dossier at the ward desk: received, supplemented, resolved, returned")
        desk.get(BASE + "/dossiers/new")
        choose = Select(desk.find_element(By.NAME, "procedure"))
        choose.select_by_visible_text(next(o.text for o in choose.options if "Trợ cấp xã hội hằng tháng" in o.text))
        submit(desk, desk.find_element(By.XPATH, "//select[@name='procedure']/ancestor::form//button"))
        form = desk.find_element(By.XPATH, "//select[@name='procedureCode']/ancestor::form")
        chosen = Select(form.find_element(By.NAME, "procedureCode")).first_selected_option.text
        assert "Trợ cấp xã hội hằng tháng" in chosen, f"the chosen procedure is not preselected: {chosen}"
        form.find_element(By.NAME, "name").send_keys("Trần Văn Dân")
        form.find_element(By.NAME, "idNumber").send_keys("038090001234")
        form.find_element(By.NAME, "phone").send_keys("0912345678")
        form.find_element(By.NAME, "address").send_keys("12 Lê Lợi, phường Hạc Thành")
        form.find_element(By.NAME, "communeCode").send_keys("14797")
        shot(desk, "ho-so-tiep-nhan")
        submit(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        dossier = re.search(r"/dossiers/([^/?#]+)$", desk.current_url)
        assert dossier and dossier.group(1) != "new", f"no dossier page after filing: {desk.current_url}\n{body(desk)[:800]}"
        for action, note in [
            ("receive", ""),
            ("requestSupplement", "Bổ sung bản sao giấy khai sinh"),
            ("supplement", "Công dân đã nộp bản sao"),
            ("startProcessing", ""),
            ("resolve", "Đã giải quyết"),
            ("returnResult", ""),
        ]:
            offered = [o.get_attribute("value") for o in desk.find_elements(By.CSS_SELECTOR, "select[name=action] option")]
            if action not in offered and action in ("receive", "startProcessing"):
                continue  # the desk's filing may already have received it, or handling may start on receipt
            act(desk, action, note)
        expect(desk, "Đã trả kết quả")
        shot(desk, "ho-so-da-tra")

        print("4. The IOC: the counter moved, an alert rule fires and is shown")
        login(desk, "demo.thanhhoa")
        desk.get(BASE + "/ioc/alerts")
        form = desk.find_element(By.XPATH, "//form[@action='/ioc/alerts/rules']")
        form.find_element(By.NAME, "name").send_keys("Phản ánh tồn đọng ở phường, xã")
        Select(form.find_element(By.NAME, "subject")).select_by_value("counter:openFeedback")
        Select(form.find_element(By.NAME, "comparison")).select_by_value("atLeast")
        form.find_element(By.NAME, "threshold").send_keys("1")
        submit(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        submit(desk, desk.find_element(By.XPATH, "//form[@action='/ioc/alerts/evaluate']//button"))
        expect(desk, "Phường Hạc Thành")
        shot(desk, "ioc-canh-bao")
        desk.get(BASE + "/ioc?ou=38")
        open_after = counter(desk, "Phản ánh đang xử lý")
        assert open_after == open_before + 1, f"open reports {open_before} → {open_after}"
        expect(desk, "Phản ánh tồn đọng ở phường, xã")
        shot(desk, "ioc-sau")
        login(phone, "demo.thanhhoa")
        phone.get(BASE + "/ioc?ou=38")
        shot(phone, "ioc-dien-thoai")
        desk.get(BASE + "/ioc/kiosk?ou=38&every=60")
        shot(desk, "ioc-kiosk")

        print("5. The monthly analysis lists a finding")
        desk.get(BASE + "/ioc/analysis")
        submit(desk, desk.find_element(By.XPATH, "//form[@action='/ioc/analysis']//button"))
        expect(desk, "Kiến nghị")
        findings = desk.find_elements(By.CSS_SELECTOR, "tr[id^=F]")
        assert findings, "the analysis found nothing"
        expect(desk, "Đề nghị")
        shot(desk, "phan-tich-thang")
        pdf_links = desk.find_elements(By.PARTIAL_LINK_TEXT, "tải bản PDF")
        assert pdf_links, "no PDF link on the report (chromium is installed, so there should be one)"
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in desk.get_cookies())
        request = urllib.request.Request(pdf_links[0].get_attribute("href"), headers={"Cookie": cookies})
        pdf = urllib.request.urlopen(request, timeout=120).read()
        assert pdf.startswith(b"%PDF"), "the report's PDF is not a PDF"
        (OUT / "phan-tich-thang.pdf").write_bytes(pdf)
        print(f"  report PDF {len(pdf)} bytes")
        first = findings[0].find_element(By.LINK_TEXT, "Xem").get_attribute("href")
        desk.get(first)
        assert desk.find_elements(By.CSS_SELECTOR, "svg.chart"), "the finding's data page has no chart"
        shot(desk, "phan-tich-so-lieu")
        phone.get(desk.current_url)
        shot(phone, "phan-tich-dien-thoai")

        print("6. Open data: search, a facet, a dataset page with its preview, and the downloads (no login)")
        phone.delete_all_cookies()
        phone.get(BASE + "/du-lieu-mo")
        box = phone.find_element(By.NAME, "q")
        box.send_keys("thu tuc")
        submit(phone, phone.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]"))
        expect(phone, "Danh mục thủ tục hành chính")
        phone.find_element(By.LINK_TEXT, "TTHC").click()
        assert "tags=TTHC" in phone.current_url, phone.current_url
        shot(phone, "du-lieu-mo-tim")
        phone.find_element(By.PARTIAL_LINK_TEXT, "Danh mục thủ tục hành chính").click()
        expect(phone, "Xem trước (20 dòng đầu)")
        expect(phone, "Đăng ký khai sinh")
        shot(phone, "du-lieu-mo-bo-du-lieu")
        for link in phone.find_elements(By.CSS_SELECTOR, "a[download]"):
            data = urllib.request.urlopen(link.get_attribute("href"), timeout=60).read().decode("utf-8-sig")
            if link.get_attribute("href").endswith(".csv"):
                assert data.startswith("ma_thu_tuc,") and "Đăng ký khai sinh" in data, data[:200]
            else:
                assert data.startswith("[{") and "Đăng ký khai sinh" in data, data[:200]
            print(f"  downloaded {link.get_attribute('href').rsplit('/', 1)[-1]}: {len(data)} characters")

        print("7. Data sharing: a key is issued and shown once; the non-compliant agency is refused with the reason")
        desk.get(BASE + "/an-toan-thong-tin")
        expect(desk, "Tạm ngắt")
        expect(desk, "chưa được phê duyệt cấp độ")
        shot(desk, "an-toan-thong-tin")
        desk.get(BASE + "/chia-se-du-lieu")
        desk.find_element(By.NAME, "name").send_keys("Hệ thống thử của Sở Y tế")
        unit = desk.find_element(By.NAME, "unitCode")
        unit.clear()
        unit.send_keys("38.SYT")
        submit(desk, desk.find_element(By.XPATH, "//button[text()='Cấp khóa']"))
        key = desk.find_element(By.CSS_SELECTOR, "code.key").text
        assert key.startswith("tsk_"), key
        shot(desk, "chia-se-khoa-moi")
        request = urllib.request.Request(BASE + "/lgsp/v1/catalogue", headers={"X-API-Key": key})
        assert urllib.request.urlopen(request, timeout=30).status == 200
        refused = urllib.request.Request(BASE + "/lgsp/v1/catalogue",
                                         headers={"X-API-Key": "tsk_DEMO-so-xay-dung-chua-dat-attt-2026"})
        try:
            urllib.request.urlopen(refused, timeout=30)
            raise AssertionError("the non-compliant agency's key was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 403 and "unit_not_compliant" in error.read().decode(), error
        desk.get(BASE + "/chia-se-du-lieu")
        expect(desk, "Hệ thống thử của Sở Y tế")
        assert key not in body(desk), "the key is shown again"
        expect(desk, "refused: Unit 38.SXD")
        shot(desk, "chia-se-nhat-ky")

        print("8. Documents: drafted, approved, signed twice, issued, delivered to the ward and registered there")
        login(desk, "demo.soyte")
        desk.get(BASE + "/van-ban")
        expect(desk, "Sổ văn bản")
        desk.find_element(By.NAME, "subject").send_keys("Về việc thử nghiệm ký số trong lúc kiểm thử (demo)")
        desk.find_element(By.NAME, "recipients").send_keys("14797")
        desk.find_element(By.NAME, "department").send_keys("VP")
        submit(desk, desk.find_element(By.XPATH, "//button[text()='Tạo văn bản']"))
        expect(desk, "Dự thảo")
        pdf = OUT / "van-ban-thu.pdf"
        pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        desk.find_element(By.NAME, "file").send_keys(str(pdf.resolve()))
        submit(desk, desk.find_element(By.XPATH, "//button[text()='Tải lên']"))
        expect(desk, "van-ban-thu.pdf")

        def step(driver, action):
            submit(driver, driver.find_element(By.CSS_SELECTOR, f"form[action$='/hanh-dong/{action}'] button"))

        def sign(driver, kind):
            submit(driver, driver.find_element(By.XPATH, f"//form[input[@name='kind' and @value='{kind}']]/button"))

        step(desk, "submit")
        step(desk, "approve")
        sign(desk, "personal")
        step(desk, "approve")
        sign(desk, "agency")
        step(desk, "issue")
        expect(desk, "Đã phát hành")
        expect(desk, "Chữ ký số cá nhân")
        expect(desk, "Chữ ký số cơ quan")
        assert body(desk).count("Hợp lệ") >= 2 and "Không hợp lệ" not in body(desk), body(desk)[:1500]
        expect(desk, "Đã đến nơi nhận")
        reference = desk.find_element(By.TAG_NAME, "h1").text
        assert "/SYT-VP" in reference, reference
        shot(desk, "van-ban-da-ky-phat-hanh")
        login(phone, "demo.hacthanh")
        phone.get(BASE + "/van-ban")
        expect(phone, reference)
        shot(phone, "van-ban-hop-thu")
        submit(phone, phone.find_element(By.LINK_TEXT, reference))
        assert body(phone).count("Hợp lệ") >= 2, body(phone)[:1500]
        step(phone, "register")
        expect(phone, "Đã vào sổ")
        shot(phone, "van-ban-den-vao-so")
        desk.refresh()
        expect(desk, "Nơi nhận đã vào sổ")

        print("9. A citizen asks the assistant, finds an address written with old names, places a report by address")
        phone.get(BASE + "/hoi-dap")
        phone.find_element(By.NAME, "q").send_keys("lam giay khai sinh cho con can gi")
        submit(phone, phone.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
        expect(phone, "Đăng ký khai sinh")
        expect(phone, "Hồ sơ gồm")
        shot(phone, "tro-ly-ao")
        phone.get(BASE + "/dia-chi-so")
        phone.find_element(By.NAME, "q").send_keys("Trần Phú, P. Đông Sơn, TP. Thanh Hóa")
        submit(phone, phone.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
        expect(phone, "Tên cũ đã quy đổi")
        expect(phone, "DEMO-14797-")
        assert phone.find_elements(By.CSS_SELECTOR, "svg.address-map circle"), "no points on the address map"
        shot(phone, "dia-chi-so")
        login(phone, "demo.congdan")
        phone.get(BASE + "/feedback/new")
        phone.find_element(By.ID, "address").send_keys("Trần Phú, Phường Hạc Thành, Thanh Hóa")
        phone.find_element(By.ID, "use-address").click()
        WebDriverWait(phone, 15).until(lambda d: d.find_element(By.ID, "lat").get_attribute("value") != "")
        expect(phone, "Đã đặt vị trí tại DEMO-14797-")
        shot(phone, "phan-anh-dia-chi")

        print("10. The province sees its community digital-technology teams")
        login(desk, "demo.thanhhoa")
        desk.get(BASE + "/to-cong-nghe-so?unit=38")
        expect(desk, "Xã, phường có tổ")
        expect(desk, "Xã, phường chưa có tổ")
        shot(desk, "to-cong-nghe-so")
    finally:
        phone.quit()
        desk.quit()
    print(f"Walk passed: {len(shots)} screenshots in {OUT}")


if __name__ == "__main__":
    main()
