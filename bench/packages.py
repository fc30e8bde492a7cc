"""Debian packages the benchmark drives from outside: wrk (the load), and nginx and Varnish
(``--cluster``). Run as root, the benchmark installs a missing one with apt-get, as CI does
for wrk; otherwise it says what to install. The packages' own services are not used: the
benchmark runs private processes with their own configuration (see ``bench.cluster``)."""

import os
import shutil
import subprocess

# The command the benchmark runs, and the Debian package that provides it.
WRK = ("wrk", "wrk")
NGINX = ("nginx", "nginx")
VARNISH = ("varnishd", "varnish")
INSTALL_TIMEOUT = 600


def command_path(command):
    # nginx and varnishd live in /usr/sbin, which a non-root PATH may lack.
    return shutil.which(command) or shutil.which(command, path="/usr/sbin:/sbin")


def ensure(*wanted, log=print):
    """Install what is missing when root. Returns the packages still missing, each with why."""
    missing = [(command, package) for command, package in wanted if not command_path(command)]
    if not missing:
        return []
    names = sorted({package for _command, package in missing})
    if os.geteuid() != 0:
        return [f"{name} is not installed (apt-get install -y {name})" for name in names]
    log(f"installing {', '.join(names)} with apt-get (root, and missing)")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for arguments in (["update", "-qq"], ["install", "-y", "-qq", *names]):
        try:
            subprocess.run(
                ["apt-get", *arguments],
                env=environment,
                check=True,
                capture_output=True,
                timeout=INSTALL_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as error:
            output = getattr(error, "stderr", b"") or b""
            log(f"apt-get {arguments[0]} failed: {output.decode(errors='replace').strip()[-300:]}")
            break
    return [
        f"{package} could not be installed (apt-get install -y {package})"
        for command, package in missing
        if not command_path(command)
    ]
