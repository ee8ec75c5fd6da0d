"""A tiny SMTP server for the smoke test: accepts every message, keeps none but a log line.

    python .ci/smtp_sink.py PORT LOGFILE

Each accepted message appends one line "recipient<TAB>subject" to LOGFILE, so the smoke
test can count how many times each outbox message arrived. Listens on 127.0.0.1 only.
"""

import socketserver
import sys
from email import message_from_bytes
from email.header import decode_header, make_header


class Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 smoke-sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 smoke-sink")
            elif verb == b"MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End with <CRLF>.<CRLF>")
                self.record(recipients, self.read_data())
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP and anything else
                self.reply("250 OK")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def record(self, recipients: list[str], data: bytes) -> None:
        subject = str(make_header(decode_header(message_from_bytes(data)["Subject"] or "")))
        with open(self.server.log_path, "a", encoding="utf-8") as log:
            for recipient in recipients:
                log.write(f"{recipient}\t{' '.join(subject.split())}\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    with Server(("127.0.0.1", int(sys.argv[1])), Session) as server:
        server.log_path = sys.argv[2]
        server.serve_forever()
