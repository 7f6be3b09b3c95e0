#!/usr/bin/python3
"""browser.py BASE_URL SHOTS_DIR — the real-browser suite of `treue serve`:
Debian's chromium through chromium-driver and python3-selenium, headless,
only 127.0.0.1.  The server must have the users ada (admin, password
"correct horse battery staple").  Prints one "ok - ..." / "not ok - ..."
line per check (prefix from $CLI_FILE) and writes a screenshot of every
page it visits to SHOTS_DIR.  After every page the browser's console must
show no Content-Security-Policy violation (and the console capture itself is
proven with a probe message first)."""
import os
import shutil
import sys
import tempfile
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, shots = sys.argv[1], sys.argv[2]
prefix = os.environ.get("CLI_FILE", "browser")
failed = 0
EVIL = "<img src=x onerror=alert(1)>"
OHARA = "O'Hara \"ねこ\" & Söhne"


def report(what, good, detail=""):
    global failed
    if good:
        print(f"ok - {prefix}: {what}", flush=True)
    else:
        failed += 1
        print(f"not ok - {prefix}: {what}", flush=True)
        if detail:
            for line in str(detail).splitlines()[:20]:
                print(f"#   {line}", flush=True)


profile = tempfile.mkdtemp(prefix="treue-chromium-")
opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run",
          "--disable-default-apps", "--disable-extensions", "--disable-gpu",
          "--disable-dev-shm-usage", f"--user-data-dir={profile}",
          "--window-size=1280,900", "--lang=en-US"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.set_page_load_timeout(120)
shot_no = 0


def path():
    return urllib.parse.urlsplit(driver.current_url).path


def console_check(page):
    """No CSP violation (nor any other error) in the console since the last look."""
    logs = driver.get_log("browser")
    csp = [e["message"] for e in logs if "Content Security Policy" in e["message"]
           or "Refused to" in e["message"]]
    report(f"{page}: no CSP violation in the console", not csp, "\n".join(csp))
    # the status pages (403, 404) are logged as failed loads: expected
    other = [e["message"] for e in logs if e["level"] == "SEVERE" and e["message"] not in csp
             and "the server responded with a status of 4" not in e["message"]]
    report(f"{page}: no other error in the console", not other, "\n".join(other))


def shot(name):
    global shot_no
    shot_no += 1
    f = os.path.join(shots, f"{shot_no:02d}-{name}.png")
    driver.save_screenshot(f)
    return f


def visit(p):
    driver.get(base + p)


def click(css):
    """Clicks a button that loads a new page, and waits until it has."""
    el = driver.find_element(By.CSS_SELECTOR, css)
    el.click()
    WebDriverWait(driver, 120).until(EC.staleness_of(el))


def submit(form_css, **fields):
    form = driver.find_element(By.CSS_SELECTOR, form_css)
    for k, v in fields.items():
        el = form.find_element(By.NAME, k)
        if el.tag_name == "select":
            el.find_element(By.CSS_SELECTOR, f'option[value="{v}"]').click()
        else:
            el.clear()
            el.send_keys(v)
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    WebDriverWait(driver, 120).until(EC.staleness_of(form))


def no_alert(where):
    try:
        driver.switch_to.alert
        report(f"{where}: no script ran (no alert)", False)
    except NoAlertPresentException:
        report(f"{where}: no script ran (no alert)", True)


try:
    # the console capture works (a probe through WebDriver, not the page)
    visit("/login")
    driver.execute_script("console.error('treue-console-probe')")
    logs = driver.get_log("browser")
    report("the console is captured", any("treue-console-probe" in e["message"] for e in logs))

    # a page without a session is refused: to the login, with the way back
    visit("/week")
    report("a page without a session leads to the login",
           path() == "/login" and "next=%2Fweek" in driver.current_url, driver.current_url)
    report("the login page is English (Accept-Language)",
           driver.find_element(By.TAG_NAME, "h1").text == "Log in")
    report("the stylesheet applies (header in the brand colour)",
           driver.find_element(By.CSS_SELECTOR, "header.top").value_of_css_property(
               "background-color") == "rgba(31, 78, 95, 1)")
    shot("login")
    console_check("login")

    # a wrong password
    submit("form.card", name="ada", password="not the password")
    report("a wrong password is refused", "The name or the password is wrong." in driver.page_source)
    console_check("login failed")

    # log in: the Secure __Host- cookie over http on 127.0.0.1
    submit("form.card", name="ada", password="correct horse battery staple")
    report("after login: My week (where the login was asked for)", path() == "/week", driver.current_url)
    cookies = {c["name"]: c for c in driver.get_cookies()}
    c = cookies.get("__Host-treue")
    report("Chromium keeps the Secure __Host-treue cookie over http://127.0.0.1",
           c is not None and c.get("secure") and c.get("httpOnly") and c.get("sameSite") == "Strict",
           cookies)
    report("My week shows the user", "ada" in driver.find_element(By.CSS_SELECTOR, "dl.facts").text)
    shot("week-admin")
    console_check("week")

    visit("/users")
    report("the Users page", driver.find_element(By.TAG_NAME, "h1").text == "Users")
    shot("users")
    console_check("users")

    # add a user with a hostile name and owner
    submit('form[action="/users/add"]', name=EVIL, role="member", owner=OHARA)
    pw = driver.find_element(By.CSS_SELECTOR, "code.secret").text
    report("a new user's password is shown once", len(pw) == 20, pw)
    names = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.name")]
    report("the hostile name appears as text", EVIL in names, names)
    report("... and made no element", not driver.find_elements(By.TAG_NAME, "img"))
    no_alert("users")
    owners = [i.get_attribute("value") for i in driver.find_elements(By.NAME, "owner")]
    report("the owner with quotes and ampersand is kept exactly", OHARA in owners, owners)
    shot("user-added")
    console_check("user added")

    # a POST whose CSRF token was tampered with is refused
    page = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script(
        "var f = document.querySelector('form[action=\"/users/role\"]');"
        "f.querySelector('input[name=csrf]').value = 'x'; f.submit();")
    WebDriverWait(driver, 120).until(EC.staleness_of(page))
    report("a form with a wrong CSRF token is refused",
           "The form has expired" in driver.page_source, driver.current_url)
    shot("csrf-refused")
    console_check("csrf refused")

    # switch the language: German everywhere, kept across pages
    visit("/users")
    click('form.lang button[value="de"]')
    report("the switch to German", driver.find_element(By.TAG_NAME, "h1").text == "Benutzer"
           and path() == "/users", driver.current_url)
    visit("/week")
    report("German on the next page too", driver.find_element(By.TAG_NAME, "h1").text == "Meine Woche")
    shot("week-de")
    console_check("week (de)")

    # log out (a POST); the page afterwards needs a new login
    click("form.logout button")
    report("logout leads to the login", path() == "/login", driver.current_url)
    report("the login page stays German after logout",
           driver.find_element(By.TAG_NAME, "h1").text == "Anmelden")
    console_check("logout")
    visit("/users")
    report("after logout the Users page is refused", path() == "/login", driver.current_url)

    # the hostile-named member: their week, and /users is not theirs
    click('form.lang button[value="en"]')
    submit("form.card", name=EVIL, password=pw)
    report("the member logs in", path() == "/week", driver.current_url)
    facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
    report("their week shows name and owner as text", EVIL in facts and OHARA in facts, facts)
    report("the header shows the name as text",
           driver.find_element(By.CSS_SELECTOR, ".who").text.startswith(EVIL))
    no_alert("week (member)")
    report("no Users link for a member", not driver.find_elements(By.CSS_SELECTOR, 'a[href="/users"]'))
    shot("week-member")
    console_check("week (member)")
    visit("/users")
    report("a member cannot open Users", "Not allowed" in driver.page_source)
    shot("users-forbidden")
    console_check("users (member)")
    visit("/password")
    shot("password")
    console_check("password")

    # a phone
    driver.set_window_size(390, 844)
    visit("/week")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    report("no sideways scrolling on a phone", width <= 390, width)
    shot("week-phone")
    console_check("week (phone)")
    driver.set_window_size(1280, 900)
    visit("/nowhere")
    report("a missing page: 404 page", "Not found" in driver.page_source)
    shot("not-found")
    console_check("404")

    # My week of a member linked to an account manager: the agenda, and a
    # promise closed with one click that then shows as kept
    member = os.environ.get("TREUE_WEEK_MEMBER")
    if member:
        visit("/week")
        click("form.logout button")
        submit("form.card", name=member, password=os.environ["TREUE_WEEK_PASSWORD"])
        report("the linked member logs in to My week", path() == "/week", driver.current_url)
        owner = os.environ.get("TREUE_WEEK_OWNER", "")
        facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
        report("My week names the account manager", owner in facts, facts)
        report("calls by priority", len(driver.find_elements(By.CSS_SELECTOR, "section.prio")) > 0)
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "section.prio a")]
        report("each customer links to its page", links and all("/customers/" in h for h in links), links[:3])
        forms = driver.find_elements(By.CSS_SELECTOR, "form.close")
        report("promises with one-click forms", len(forms) > 0)
        shot("week-agenda")
        console_check("week (agenda)")
        if forms:
            pid = forms[0].find_element(By.NAME, "id").get_attribute("value")
            click(f'form.close input[name="id"][value="{pid}"] ~ button[value="kept"]')
            msg = driver.find_element(By.CSS_SELECTOR, "#closed").text
            report("the promise shows as kept", f"#{pid}" in msg and ": kept on " in msg, msg)
            left = [f.get_attribute("value") for f in driver.find_elements(By.CSS_SELECTOR, 'form.close input[name="id"]')]
            report("... and is no longer due", pid not in left, left)
            shot("week-promise-kept")
            console_check("week (promise kept)")
            # renegotiate asks for the new date
            if driver.find_elements(By.CSS_SELECTOR, "form.close"):
                click('form.close button[value="renegotiated"]')
                report("renegotiating without a new date asks for it",
                       "give its new due date" in driver.page_source)
                console_check("week (renegotiate)")
        driver.set_window_size(390, 844)
        visit("/week")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        report("the agenda: no sideways scrolling on a phone", width <= 390, width)
        shot("week-agenda-phone")
        driver.set_window_size(1280, 900)
        # a manager sees the team and opens this week
        click("form.logout button")
        submit("form.card", name="ada", password="correct horse battery staple")
        visit("/week")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.team tbody tr")
        report("an admin sees the team, one row per account manager", len(rows) > 1, len(rows))
        shot("week-team")
        console_check("week (team)")
        driver.find_element(By.LINK_TEXT, owner).click()
        report("and opens their week", driver.find_element(By.TAG_NAME, "h1").text in (f"The week of {owner}", f"Die Woche von {owner}"),
               driver.find_element(By.TAG_NAME, "h1").text)
        shot("week-of-owner")
        console_check("week (of an owner)")
finally:
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
print(f"# screenshots: {shots}", flush=True)
sys.exit(1 if failed else 0)
