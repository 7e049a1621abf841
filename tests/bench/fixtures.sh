# SPDX-License-Identifier: MIT
# Sourced by run.sh (make bench) and phases.sh (make bench-phases): the
# policies both measure, and the machine they describe.
# shellcheck disable=SC2034 # the variables are the sourcing script's

# The floor's paths (floor.c), for LL_FS_RO and LL_FS_RW.
floor_ro=/usr:/lib:/lib64:/etc:/proc
floor_rw=/tmp

# The 5 directories of the floor plus /tmp read-write, in libconfig syntax.
floor_rules() {
	printf '\t{ path = "%s"; access = "rox"; },\n' /usr /lib /lib64
	printf '\t{ path = "%s"; access = "ro"; },\n' /etc /proc
	printf '\t{ path = "/tmp"; access = "rw"; }'
}

# write_policy10 FILE: the benchmark's 10-rule policy.
write_policy10() {
	cat >"$1" <<-'EOF'
		# SPDX-License-Identifier: MIT
		# The benchmark's 10-rule policy: the floor's rules and 4 more.
		version = 1;
		fs = (
	EOF
	floor_rules >>"$1"
	cat >>"$1" <<-'EOF'
		,
			{ path = "/var/tmp"; access = "rw"; },
			{ path = "/dev/null"; access = ["read_file", "write_file"]; },
			{ path = "/dev/urandom"; access = "ro"; },
			{ path = "/sys/devices/system/cpu"; access = "ro"; }
		);
	EOF
}

# machine_facts: sets cpu, mem_total, kernel, cores, libc and distro.
machine_facts() {
	cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	kernel=$(uname -r)
	cores=$(nproc)
	libc=$(ldd --version 2>/dev/null | awk 'NR == 1 { print $NF }')
	distro=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null || true)
	[[ -n $distro ]] || distro=unknown
}

# machine_rows: the head of a results file's machine table, from
# machine_facts.
machine_rows() {
	printf '| Machine | |\n|---|---|\n'
	printf '| Kernel | %s |\n' "$kernel"
	printf '| Distribution | %s, glibc %s |\n' "$distro" "$libc"
	printf '| CPU | %s |\n| Cores | %s |\n| Memory | %s |\n' \
		"$cpu" "$cores" "$mem_total"
}
