"""The parts the fault suite runs the app on: a throwaway PostgreSQL, free ports."""

import asyncio
import email
import os
import subprocess
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[2]


def postgres_programs() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@dataclass
class Postgres:
    bin: Path
    folder: Path
    as_user: list[str]
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def ctl(self, *args: str) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self.ctl("-l", str(self.folder / "postgres.log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        # Like a crash: committed work must survive through the write-ahead log.
        self.ctl("-m", "immediate", "-w", "stop")

    def processes(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def signal_all(self, number: int) -> None:
        for pid in self.processes():
            os.kill(pid, number)

    def connect(self):
        return self.connect_to("amalav")

    def connect_to(self, dbname: str):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)


class Recorder:
    """What the mail server received, message by message; it can be slowed or refuse."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.refused: set[str] = set()
        self.received: list[tuple[str, str]] = []  # (Message-ID, recipient)
        self.changed = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        with self.changed:
            self.received.extend((message_id, to) for to in envelope.rcpt_tos)
            self.changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, done: Callable[[], bool], seconds: float) -> bool:
        with self.changed:
            return self.changed.wait_for(done, timeout=seconds)

    def distinct(self) -> int:
        return len({message_id for message_id, _to in self.received})

    def duplicates(self) -> int:
        return sum(count - 1 for count in Counter(m for m, _to in self.received).values())

    def reset(self) -> None:
        with self.changed:
            self.delay, self.refused, self.received = 0.0, set(), []
