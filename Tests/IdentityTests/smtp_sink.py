"""A real SMTP listener for the tests: aiosmtpd on 127.0.0.1:PORT, saving each message to FOLDER.

    python3 smtp_sink.py PORT FOLDER

Each message is written as FOLDER/<n>.eml with an `X-Envelope-To` line first; the process runs until killed.
"""
import os
import sys
import time

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


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    with open(os.path.join(folder, "ready"), "w") as file:
        file.write("ready")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
