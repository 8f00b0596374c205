#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) that misbehaves as a JSON script says, for missive's tests.

Usage: faulty_relay.py SCRIPT.json. It listens on 127.0.0.1 on a free port, writes that port
to the script's `port_file` (a temporary file renamed into place), and serves until killed.
It logs one JSON line per event to `log_file` and keeps each accepted message in
`messages_dir` as NNNN.eml (the DATA as received: CRLF kept, dot-stuffing undone) and
NNNN.json (`mail_from`, `rcpt_tos`, `mail_options`); the .json is written last.

The script's behaviours (each optional, any combination; see faulty_relay.rs for the Rust
builder): greylist_seconds, refuse_rcpt, mail_reply (+ mail_reply_times),
too_many_recipients, after_dot (+ after_dot_from), drop_in_data, no_greeting, size_limit,
smtputf8, dsn (announces DSN and takes RFC 3461's parameters). aiosmtpd does not advertise
PIPELINING (it reads commands one line at a time, so a
pipelining client would still be answered in order): clients go step by step.

Log lines: {"t": seconds since start (monotonic), "conn": n, "verb": v, "arg": a,
"params": [...], "code": reply code or null}. `verb` is an SMTP command (upper case), or
"connect", "greeting" (the 220), "close", or "." (the end of DATA: the reply to the message);
"" is a reply to a line that named no command aiosmtpd knows.
"""

import asyncio
import json
import os
import sys
import time

from aiosmtpd.smtp import DATA_SIZE_DEFAULT, SMTP

HOSTNAME = "faulty-relay.missive.test"
DSN_PARAMS = ("RET", "ENVID", "NOTIFY", "ORCPT")
AFTER_DOT_MODES = ("accept", "drop", "garbage", "silent", "421", "451", "554")
AFTER_DOT_REPLIES = {
    "421": "421 4.3.2 faulty-relay.missive.test Service shutting down, closing channel",
    "451": "451 4.3.0 Error: queue file write error",
    "554": "554 5.7.1 Message rejected",
}


def write_atomically(path, data):
    temp = f"{path}.tmp"
    with open(temp, "wb") as file:
        file.write(data)
    os.replace(temp, path)


def params_of(arg):
    """The parameters after the address of `MAIL FROM:<a> P1 P2`, as the client spelled them."""
    _, bracket, rest = (arg or "").partition(">")
    return rest.split() if bracket else []


class Relay:
    """What the sessions share: the script, the log, the counters and the greylist."""

    def __init__(self, script):
        self.script = script
        self.start = time.monotonic()
        self.log_file = open(script["log_file"], "a", encoding="utf-8")
        self.connections = 0
        self.mails = 0
        self.dots = 0
        self.stored = 0
        self.first_rcpt = {}

    def log(self, conn, verb, arg="", code=None, params=None):
        line = {
            "t": time.monotonic() - self.start,
            "conn": conn,
            "verb": verb,
            "arg": arg,
            "params": params or [],
            "code": code,
        }
        self.log_file.write(json.dumps(line) + "\n")
        self.log_file.flush()

    def store(self, envelope):
        self.stored += 1
        stem = os.path.join(self.script["messages_dir"], f"{self.stored:04d}")
        write_atomically(stem + ".eml", envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
        }
        write_atomically(stem + ".json", json.dumps(meta).encode())


class Handler:
    """aiosmtpd's handler hooks: the replies to MAIL, RCPT and the end of DATA."""

    def __init__(self, relay):
        self.relay = relay
        self.script = relay.script

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.relay.mails += 1
        reply = self.script.get("mail_reply")
        times = self.script.get("mail_reply_times")
        if reply is not None and (times is None or self.relay.mails <= times):
            return f"{reply[0]} {reply[1]}"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.script.get("dsn"):
            # Announced before the last line, which aiosmtpd writes as `250 HELP`.
            responses.insert(len(responses) - 1, "250-DSN")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        limit = self.script.get("too_many_recipients")
        if limit is not None and len(envelope.rcpt_tos) >= limit:
            return "452 4.5.3 Too many recipients"
        refused = {a.lower(): r for a, r in (self.script.get("refuse_rcpt") or {}).items()}
        if address.lower() in refused:
            code, text = refused[address.lower()]
            return f"{code} {text}"
        delay = self.script.get("greylist_seconds")
        if delay is not None:
            now = time.monotonic()
            first = self.relay.first_rcpt.setdefault(address.lower(), now)
            if first == now or now - first < delay:
                return (
                    f"451 4.7.1 <{address}>: Recipient address rejected: "
                    "Greylisted, try again later"
                )
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        self.relay.dots += 1
        mode = self.script.get("after_dot") or "accept"
        if self.relay.dots < (self.script.get("after_dot_from") or 1):
            mode = "accept"
        if mode == "accept":
            self.relay.store(envelope)
            return f"250 2.0.0 Ok: queued as {self.relay.stored:04d}"
        if mode == "garbage":
            return "hello there"
        if mode in AFTER_DOT_REPLIES:
            return AFTER_DOT_REPLIES[mode]
        server.no_reply()
        if mode == "drop":
            server.transport.close()
            return "250 OK (never sent)"
        await asyncio.Event().wait()  # silent: cancelled when the client goes


class FaultySMTP(SMTP):
    """aiosmtpd's SMTP session, logging every command with its reply, and where the script
    says so holding back its greeting or closing the connection in the middle of DATA."""

    def __init__(self, relay, **kwargs):
        super().__init__(Handler(relay), **kwargs)
        self.relay = relay
        self.conn = 0
        self.pending = None  # (verb, arg, params) of the command awaiting its reply
        self.muted = False
        for verb, method in list(self._smtp_methods.items()):
            self._smtp_methods[verb] = self._logged(verb, method)

    def _getparams(self, params):
        """MAIL's and RCPT's parameters; with `dsn`, those of RFC 3461 are taken (and logged)."""
        result = super()._getparams(params)
        if result is not None and self.relay.script.get("dsn"):
            for key in DSN_PARAMS:
                result.pop(key, None)
        return result

    def _logged(self, verb, method):
        async def run(arg):
            self.pending = (verb, arg or "", params_of(arg) if verb in ("MAIL", "RCPT") else [])
            await method(arg)

        return run

    def connection_made(self, transport):
        if self.transport is None:
            self.relay.connections += 1
            self.conn = self.relay.connections
            self.relay.log(self.conn, "connect")
            self.pending = ("greeting", "", [])
        super().connection_made(transport)

    def connection_lost(self, error):
        self.relay.log(self.conn, "close")
        super().connection_lost(error)

    def no_reply(self):
        """The reply to the message in progress is never sent: logged with no code."""
        verb, arg, params = self.pending or ("", "", [])
        self.relay.log(self.conn, verb, arg, None, params)
        self.pending = None
        self.muted = True

    async def push(self, status):
        if self.muted:
            return
        text = status if isinstance(status, str) else status.decode("utf-8", "replace")
        last_line = text[3:4] != "-"
        code = int(text[:3]) if text[:3].isdigit() else None
        if last_line:
            verb, arg, params = self.pending or ("", "", [])
            self.relay.log(self.conn, verb, arg, code, params)
            self.pending = (".", "", []) if code == 354 else None
        await super().push(status)
        if last_line and code == 421:
            self.transport.close()

    async def _handle_client(self):
        if self.relay.script.get("no_greeting"):
            try:
                await asyncio.Event().wait()  # cancelled when the client goes
            except asyncio.CancelledError:
                self._writer.close()
                raise
        await super()._handle_client()

    async def smtp_DATA(self, arg):
        if not self.relay.script.get("drop_in_data"):
            return await super().smtp_DATA(arg)
        if await self.check_helo_needed():
            return
        if not self.envelope.rcpt_tos:
            return await self.push("503 Error: need RCPT command")
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        for _ in range(3):
            try:
                if await self._reader.readuntil(b"\r\n") == b".\r\n":
                    break
            except asyncio.LimitOverrunError:
                break
        self.pending = None
        self.muted = True
        self.transport.close()


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        script = json.load(file)
    if script.get("after_dot") not in (None, *AFTER_DOT_MODES):
        sys.exit(f"faulty_relay.py: after_dot is one of {AFTER_DOT_MODES}")
    relay = Relay(script)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    options = {
        "hostname": HOSTNAME,
        "enable_SMTPUTF8": bool(script.get("smtputf8")),
        "data_size_limit": script.get("size_limit") or DATA_SIZE_DEFAULT,
        "loop": loop,
    }
    server = loop.run_until_complete(
        loop.create_server(lambda: FaultySMTP(relay, **options), "127.0.0.1", 0)
    )
    port = server.sockets[0].getsockname()[1]
    write_atomically(script["port_file"], str(port).encode())
    loop.run_forever()


if __name__ == "__main__":
    main()
