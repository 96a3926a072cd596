"""A real SMTP listener for the tests: aiosmtpd on 127.0.0.1, saving each message to FOLDER.

    python3 smtp_sink.py FOLDER

The listener takes a free port of its own (a port chosen by the test could be taken by any of the other
tests' sockets), then writes it to FOLDER/ready. Each message is written as FOLDER/<n>.eml with an
`X-Envelope-To` line first. A listener that cannot start writes why to FOLDER/failed and exits; otherwise the
process runs until killed.
"""
import os
import socket
import sys
import time
import traceback

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, f"{self.count}.eml")
        with open(path + ".part", "wb") as file:
            file.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
            file.write(envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode())
        os.rename(path + ".part", path)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path + ".part", "w") as file:
        file.write(text)
    os.rename(path + ".part", path)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    failures = []
    for _ in range(10):
        port = free_port()
        # A loaded test machine can take seconds to answer the controller's own readiness probe.
        controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port, ready_timeout=30)
        try:
            controller.start()
        except Exception:
            failures.append(traceback.format_exc())
            continue
        write(folder, "ready", str(port))
        while True:
            time.sleep(3600)
    write(folder, "failed", "\n".join(failures))
    sys.exit(1)


if __name__ == "__main__":
    main()
