"""webclient.py — what the web test scripts share: a TAP line per check in
the format of tests/cli/lib.sh ("ok - PREFIX: what" / "not ok - ..."), and
requests to a running `treue serve` as a browser sends them (one connection
each; the session and login cookies, the Origin of a form, the CSRF token
of a page, the login)."""
import http.client
import re
import ssl
import urllib.parse


class Checks:
    """Prints one line per check and counts the failed ones."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def report(self, what, good, detail=""):
        print(f"{'ok' if good else 'not ok'} - {self.prefix}: {what}")
        if not good:
            self.failed += 1
            if detail != "":
                print(f"#   {detail}")


class Server:
    """A running `treue serve` at base (http or https; cafile: the
    certificate to trust for https)."""

    def __init__(self, base, cafile=None, timeout=60):
        self.base = base
        self.u = urllib.parse.urlsplit(base)
        self.cafile = cafile
        self.timeout = timeout

    def conn(self):
        u = self.u
        if u.scheme == "https":
            ctx = ssl.create_default_context(cafile=self.cafile)
            return http.client.HTTPSConnection(u.hostname, u.port, context=ctx,
                                               timeout=self.timeout)
        return http.client.HTTPConnection(u.hostname, u.port, timeout=self.timeout)

    def request(self, method, path, cookies=None, form=None, lang="en", origin=True,
                headers=None):
        """(response, body as text); a form is sent urlencoded with the
        server's own Origin unless origin is False."""
        c = self.conn()
        h = {"Accept-Language": lang}
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
            if origin:
                h["Origin"] = f"{self.u.scheme}://{self.u.netloc}"
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        c.close()
        return r, data

    def login(self, name, password):
        """The session cookies after logging in (the session cookie None
        when the login failed) and the login's response."""
        r, page = self.request("GET", "/login")
        r, page = self.request("POST", "/login",
                               {"__Host-treue-login": set_cookie(r, "__Host-treue-login")},
                               {"csrf": csrf(page), "name": name, "password": password})
        return {"__Host-treue": set_cookie(r, "__Host-treue")}, r


def set_cookie_line(r, name):
    """The value the response sets for cookie name, and its whole header."""
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith(name + "="):
            return v.split(";", 1)[0].split("=", 1)[1], v
    return None, None


def set_cookie(r, name):
    return set_cookie_line(r, name)[0]


def csrf(html):
    """The CSRF token of a page's form."""
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None
