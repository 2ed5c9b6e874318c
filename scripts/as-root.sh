# Sourced by the set-up scripts: runs commands as root, directly when already root (a container
# often has no sudo) and through sudo otherwise.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# apt-get without questions. The variable is passed through env because sudo drops the caller's
# environment.
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
