"""An IMAP client on Python's imaplib, for tests/cli/dovecot_selftest.rs: it proves the
private Dovecot of tests/cli/harness/dovecot.rs without missive's own client.

    python3 imap_client.py PLAN

PLAN is a JSON object: "url" (as missive takes it: `imaps://127.0.0.1:PORT`,
`imap://127.0.0.1:PORT?tls=required` for STARTTLS, `imap://127.0.0.1:PORT` for none), "ca"
(the CA file to verify the server with), "user", "password", and "steps", each a list:
["list"], ["list_special_use"], ["append", FOLDER, FLAGS, TEXT], ["fetch", FOLDER].
It logs in with AUTHENTICATE PLAIN (the password need not be ASCII) and prints one JSON
object: {"login": "OK" or the refusal, "seconds": the login's duration, "steps": [...]}.
Folder names are given and shown as they go on the wire (modified UTF-7).
"""

import base64
import imaplib
import json
import ssl
import sys
import time
import urllib.parse


def connect(plan):
    url = urllib.parse.urlsplit(plan["url"])
    context = ssl.create_default_context(cafile=plan["ca"])
    if url.scheme == "imaps":
        return imaplib.IMAP4_SSL(url.hostname, url.port, ssl_context=context)
    client = imaplib.IMAP4(url.hostname, url.port)
    if url.query == "tls=required":
        client.starttls(ssl_context=context)
    return client


def quoted(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def listing(client, *extra):
    typ, data = client._simple_command("LIST", '""', '"*"', *extra)
    assert typ == "OK", data
    _, lines = client._untagged_response(typ, data, "LIST")
    return [line.decode() for line in lines if line]


def fetch(client, folder):
    typ, data = client.select(quoted(folder), readonly=True)
    assert typ == "OK", data
    typ, data = client.uid("FETCH", "1:*", "(BODY.PEEK[])")
    assert typ == "OK", data
    return [
        base64.b64encode(part[1]).decode()
        for part in data
        if isinstance(part, tuple)
    ]


def main():
    plan = json.loads(sys.argv[1])
    client = connect(plan)
    secret = "\0{}\0{}".format(plan["user"], plan["password"]).encode()
    started = time.monotonic()
    try:
        client.authenticate("PLAIN", lambda _challenge: secret)
        login = "OK"
    except imaplib.IMAP4.error as refusal:
        login = str(refusal)
    result = {"login": login, "seconds": time.monotonic() - started, "steps": []}
    if login == "OK":
        for step in plan["steps"]:
            if step[0] == "list":
                result["steps"].append(listing(client))
            elif step[0] == "list_special_use":
                result["steps"].append(listing(client, "RETURN", "(SPECIAL-USE)"))
            elif step[0] == "append":
                _, folder, flags, text = step
                typ, data = client.append(quoted(folder), flags, None, text.encode())
                result["steps"].append([typ, data[0].decode()])
            elif step[0] == "fetch":
                result["steps"].append(fetch(client, step[1]))
            else:
                raise ValueError("unknown step " + step[0])
        client.logout()
    print(json.dumps(result))


main()
