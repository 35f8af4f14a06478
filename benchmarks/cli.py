"""The command line at each size: wall time and peak memory of one child process."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PY = sys.executable
CLI = [PY, "-m", "infointerview_tui"]

# Runs the command as its own child and prints that child's peak RSS and CPU time:
# resource's RUSAGE_CHILDREN of a fresh process is exactly that one command's.
_PEAK = (
    "import resource, subprocess, sys;"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
    "sys.stderr.write(r.stderr.decode(errors='replace')[-500:]) if r.returncode else None;"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime);"
    "sys.exit(r.returncode)"
)


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds: what a loaded machine does not inflate
    peak_mib: float


def measure(command: list[str]) -> Run:
    start = time.perf_counter()
    done = subprocess.run([PY, "-c", _PEAK, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    peak_kib, cpu = done.stdout.split()
    return Run(seconds, float(cpu), int(peak_kib) / 1024)


def seed(path: Path, contacts: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*CLI, "demo", "--db", str(path), "--contacts", str(contacts), "--no-open"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def linkedin_csv(path: Path, rows: int) -> Path:
    """A generated Connections.csv of `rows` people, with LinkedIn's preamble."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write('Notes:\r\n"A preamble like the real export has."\r\n\r\n')
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
        for i in range(rows):
            out.write(
                f'Person,N{i},https://www.linkedin.com/in/person-{i},,"Company {i % 700}, Inc",'
                "Engineer,01 Jan 2024\r\n"
            )
    return path


def measure_commands(db: Path, work: Path, contacts: int) -> dict[str, Run]:
    """Every export, both imports and the agenda, for the database of `contacts`."""
    runs: dict[str, Run] = {}
    tag = f"c{contacts}"
    exported = work / f"{tag}.json"
    for fmt, out in (
        ("json", exported),
        ("vcard", work / f"{tag}.vcf"),
        ("ics", work / f"{tag}.ics"),
        ("markdown", work / f"{tag}-notes"),
    ):
        runs[f"export {fmt}"] = measure([*CLI, "export", fmt, str(out), "--db", str(db)])
    runs["import json"] = measure(
        [*CLI, "import", "json", str(exported), "--db", str(work / f"{tag}-restored.db")]
    )
    csv = linkedin_csv(work / f"{tag}-Connections.csv", contacts)
    runs["import linkedin"] = measure(
        [*CLI, "import", "linkedin", str(csv), "--db", str(work / f"{tag}-linkedin.db")]
    )
    runs["agenda --json"] = measure([*CLI, "agenda", "--json", "--db", str(db)])
    return runs
