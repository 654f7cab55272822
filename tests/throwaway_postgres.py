"""A PostgreSQL server of the test's own, on a free port, that the test can stop and start.

Made with the server's own tools (initdb, pg_ctl), so stopping it disturbs no other test or
engineer sharing the machine's cluster. As root (CI), the server runs as the `postgres` user,
since PostgreSQL refuses to run as root.
"""

import os
import shutil
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path

from tests.notifications.conftest import free_port

START_SECONDS = 60


def bin_dir() -> Path | None:
    """The newest installed server's programs (Debian keeps them out of PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ThrowawayPostgres:
    def __init__(self, programs: Path):
        self.programs = programs
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="throwaway-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, user="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.programs / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(  # noqa: S603 - the server's own programs, fixed arguments
            command, check=True, capture_output=True, timeout=START_SECONDS
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", log, "-o", options)

    def stop(self) -> None:
        """Stop now: open connections are cut, as in a crash or a restart by the host."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def remove(self) -> None:
        with suppress(subprocess.CalledProcessError):  # already stopped
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)
