"""Root pytest configuration: everything the README's test command runs is in quick mode.

Set before any kernel starts, so nbval's notebook kernels inherit it too.
"""
import os

os.environ["INRLIB_QUICK"] = "1"          # small step counts and sizes (inrlib.settings)
os.environ.setdefault("MPLBACKEND", "Agg")  # no windows; figures still render in notebooks
os.environ.setdefault("INRLIB_DEVICE", "cpu")  # same numbers on every machine
os.environ.setdefault("TQDM_MININTERVAL", "5")  # fewer progress-bar updates in logs

# Property-based tests: no per-example deadline (a shared 2-core CI machine has noisy
# timings) and a fixed example sequence, so a CI failure is reproducible locally.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("course", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))


# --------------------------------------------------------------------------- no network
# The suite must pass on a machine without network access (a classroom behind a firewall,
# a CI runner with networking off), so no test may depend on it.  To keep that true, every
# test in this process may reach only this machine: a connection to any other address, or
# a DNS lookup of another host, fails at once with NetworkBlockedError instead of hanging
# or quietly downloading.  Loopback stays open — the notebook tests' Jupyter kernels and
# the browser test talk to 127.0.0.1 — and Unix sockets are untouched.  This guards the
# pytest process (library tests, nbval's client side); for the whole suite, kernels and
# browser included, with no network device at all, run it in a new network namespace:
#     unshare -rn sh -c 'ip link set lo up && python -m pytest'
import ipaddress  # noqa: E402
import socket  # noqa: E402

import pytest  # noqa: E402


class NetworkBlockedError(ConnectionRefusedError):
    """Raised by the test suite's network guard (see conftest.py)."""


def _local_host(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in (None, "", "localhost", "localhost.localdomain", socket.gethostname()):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:  # a host name
        return False


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Block connections and DNS lookups for anything but this machine during the tests."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo

    def refuse(what):
        raise NetworkBlockedError(f"network access is blocked during the tests (conftest.py): {what}; "
                                  f"tests must pass offline, so use local data")

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _local_host(address[0]):
            refuse(f"connect to {address!r}")

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    def sendto(self, data, *args):
        check(self, args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if not _local_host(host):
            try:
                ipaddress.ip_address(str(host))  # a numeric address: connect() decides
            except ValueError:
                refuse(f"DNS lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo
    yield
    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = real_connect, real_connect_ex, real_sendto
    socket.getaddrinfo = real_getaddrinfo
