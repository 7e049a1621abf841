#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Every error path of the policy language ends the program with 126 and one
# line naming the file and the line (SPEC.md sections 4 and 5).

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	user_config >/dev/null
}

# refused_with LINE TEXT: the policy p.conf (written from stdin) refuses
# /bin/true with "llshim: /usr/bin/true: p.conf:LINE: TEXT".
refused_with() {
	cat >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: p.conf:$1: $2"
}

@test "a syntax error names file and line" {
	refused_with 3 "syntax error" <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = "ro"; }
		net = ;
	EOF
}

@test "a missing version is refused" {
	refused_with 1 'missing "version = 1;"' <<-'EOF'
		fs = ( { path = "/usr"; access = "ro"; } );
	EOF
}

@test "an unknown version is refused" {
	refused_with 1 "unsupported version (only version = 1 exists)" <<<'version = 2;'
}

@test "a version of the wrong type is refused" {
	refused_with 1 '"version" must be an integer, not a string' <<<'version = "1";'
}

@test "an unknown top-level key is refused" {
	refused_with 2 'unknown key "colour" (version, include, compat, abi, fs, net, scope, log)' <<-'EOF'
		version = 1;
		colour = "blue";
	EOF
}

@test "fs that is not a list is refused" {
	refused_with 2 '"fs" must be a list ( {...}, {...} ), not a group' <<-'EOF'
		version = 1;
		fs = { path = "/usr"; access = "ro"; };
	EOF
}

@test "an fs entry that is not a group is refused" {
	refused_with 2 '"fs entry" must be a group { path = ...; access = ...; }, not a string' <<-'EOF'
		version = 1;
		fs = ( "/usr" );
	EOF
}

@test "an unknown key in an fs entry is refused" {
	refused_with 4 'unknown key "mode" in fs entry (path, access, required)' <<-'EOF'
		version = 1;
		fs = (
		  { path = "/usr"; access = "ro";
		    mode = "x"; }
		);
	EOF
}

@test "an fs entry without path is refused" {
	refused_with 3 'fs entry without "path"' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = "ro"; },
		       { access = "ro"; } );
	EOF
}

@test "an fs entry without access is refused" {
	refused_with 2 'fs entry without "access"' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; } );
	EOF
}

@test "a path that is not a string is refused" {
	refused_with 2 '"path" must be a string, not an integer' <<-'EOF'
		version = 1;
		fs = ( { path = 1; access = "ro"; } );
	EOF
}

@test "a relative path is refused" {
	refused_with 2 'path "usr" is not absolute' <<-'EOF'
		version = 1;
		fs = ( { path = "usr"; access = "ro"; } );
	EOF
}

@test "an unknown access group is refused" {
	refused_with 2 'unknown access group "rwz" (ro, rox, rw, rwx, or a list of rights)' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = "rwz"; } );
	EOF
}

@test "an unknown right is refused" {
	refused_with 3 'unknown right "wirte_file"' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr";
		         access = ["read_file", "wirte_file"]; } );
	EOF
}

@test "an empty access list is refused" {
	refused_with 2 "empty access list: name at least one right" <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = []; } );
	EOF
}

@test "access of the wrong type is refused" {
	refused_with 2 '"access" must be a group name or a list of rights, not an integer' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = 5; } );
	EOF
}

@test "required of the wrong type is refused" {
	refused_with 2 '"required" must be a boolean, not a string' <<-'EOF'
		version = 1;
		fs = ( { path = "/usr"; access = "ro"; required = "yes"; } );
	EOF
}

@test "a required path that is missing is refused" {
	refused_with 3 "required path missing: \"$BATS_TEST_TMPDIR/absent\": No such file or directory" <<-EOF
		version = 1;
		fs = ( { path = "/usr"; access = "rox"; },
		       { path = "$BATS_TEST_TMPDIR/absent"; access = "ro"; required = true; } );
	EOF
}

@test "a port above 65535 is refused" {
	refused_with 2 'bad port in "connect" (0 to 65535)' <<-'EOF'
		version = 1;
		net = { connect = [443, 70000]; };
	EOF
}

@test "a negative port is refused" {
	refused_with 2 'bad port in "bind" (0 to 65535)' <<-'EOF'
		version = 1;
		net = { bind = [-1]; };
	EOF
}

@test "a port written as a string is refused" {
	refused_with 2 '"connect" must be a list of ports, not a string' <<-'EOF'
		version = 1;
		net = { connect = ["443"]; };
	EOF
}

@test "an unknown key in net is refused" {
	refused_with 2 'unknown key "listen" in net (connect, bind)' <<-'EOF'
		version = 1;
		net = { listen = [80]; };
	EOF
}

@test "net that is not a group is refused" {
	refused_with 2 '"net" must be a group { connect = [...]; }, not an array' <<-'EOF'
		version = 1;
		net = [80];
	EOF
}

@test "an unknown scope is refused" {
	refused_with 2 'unknown scope "signals" (abstract_unix_socket, signal)' <<-'EOF'
		version = 1;
		scope = ["signals"];
	EOF
}

@test "an unknown log key is refused" {
	refused_with 2 'unknown key "verbose" in log (same_exec, new_exec, subdomains)' <<-'EOF'
		version = 1;
		log = { verbose = true; };
	EOF
}

@test "a log flag that is not a boolean is refused" {
	refused_with 2 '"new_exec" must be a boolean, not an integer' <<-'EOF'
		version = 1;
		log = { new_exec = 1; };
	EOF
}

@test "an unknown compat mode is refused" {
	refused_with 2 'unknown compat "strict" ("best-effort" or "hard")' <<-'EOF'
		version = 1;
		compat = "strict";
	EOF
}

@test "abi 0 and abi 10 are refused" {
	refused_with 2 "abi must be 1 to 9 (the Landlock ABI versions llshim knows)" <<<$'version = 1;\nabi = 0;'
	refused_with 2 "abi must be 1 to 9 (the Landlock ABI versions llshim knows)" <<<$'version = 1;\nabi = 10;'
}

@test "an unknown profile is refused" {
	refused_with 2 'profile "no-such-profile" not found' <<-'EOF'
		version = 1;
		include = ["no-such-profile"];
	EOF
}

@test "a profile name with a path is refused" {
	refused_with 2 "bad profile name \"../p\" (letters, digits, '.', '_', '-')" <<-'EOF'
		version = 1;
		include = ["../p"];
	EOF
}

@test "an include cycle is refused" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\ninclude = ["cyc-b"];\n' >"$dir/cyc-a.conf"
	printf 'version = 1;\n\ninclude = ["cyc-a"];\n' >"$dir/cyc-b.conf"
	printf 'version = 1;\ninclude = ["cyc-a"];\n' >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $dir/cyc-a.conf: include cycle: this file is already being included"
}

@test "a profile that includes itself is refused" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\ninclude = ["self"];\n' >"$dir/self.conf"
	printf 'version = 1;\ninclude = ["self"];\n' >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output --partial "$dir/self.conf: include cycle"
}

@test "an error inside a profile names the profile and its line" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\nfs = (\n { path = "/usr"; access = "rox"; },\n { path = "/etc"; access = "rox!"; }\n);\n' >"$dir/broken.conf"
	printf 'version = 1;\ninclude = ["broken"];\n' >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $dir/broken.conf:4: unknown access group \"rox!\" (ro, rox, rw, rwx, or a list of rights)"
}

@test "compat, abi and log are refused inside a profile" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\ncompat = "hard";\n' >"$dir/p1.conf"
	printf 'version = 1;\ninclude = ["p1"];\n' >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $dir/p1.conf:2: \"compat\" is only allowed in a policy, not in a profile"
}

@test "an unset variable without a default is refused" {
	unset LLSHIM_NO_SUCH_VAR
	refused_with 2 'variable ${LLSHIM_NO_SUCH_VAR} is not set' <<-'EOF'
		version = 1;
		fs = ( { path = "${LLSHIM_NO_SUCH_VAR}/x"; access = "ro"; } );
	EOF
}

@test "an unterminated variable reference is refused" {
	refused_with 2 'bad variable reference "${HOME": expected ${NAME} or ${NAME:-default}' <<-'EOF'
		version = 1;
		fs = ( { path = "${HOME"; access = "ro"; } );
	EOF
}

@test "libconfig's @include directive is refused" {
	echo 'fs = ();' >other.cfg
	refused_with 2 '@include is not allowed; use include = ["profile"];' <<-'EOF'
		version = 1;
		@include "other.cfg"
	EOF
}

@test "a duplicate key is refused" {
	refused_with 3 "duplicate setting name" <<-'EOF'
		version = 1;
		compat = "hard";
		compat = "best-effort";
	EOF
}

@test "an empty LLSHIM_POLICY is refused" {
	run_shimmed LLSHIM_POLICY= /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: LLSHIM_POLICY is set but empty"
}

@test "a policy file that does not exist is refused" {
	run_shimmed LLSHIM_POLICY=absent.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: absent.conf: cannot open the policy: No such file or directory"
}

@test "an unreadable policy file is refused" {
	require_root "to make a file the test user cannot read"
	open_test_tmpdir
	printf 'version = 1;\n' >p.conf
	chmod 600 p.conf
	run as_nobody env LD_PRELOAD="$LLSHIM_LIB" LLSHIM_POLICY="$PWD/p.conf" /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $PWD/p.conf: cannot open the policy: Permission denied"
}

@test "a directory as policy is refused" {
	mkdir d.conf
	run_shimmed LLSHIM_POLICY=d.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: d.conf: not a regular file"
}

@test "a FIFO as policy is refused without blocking" {
	mkfifo f.conf
	run_shimmed LLSHIM_POLICY=f.conf timeout 10 /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/timeout: f.conf: not a regular file"
}

@test "a device as policy is refused" {
	run_shimmed LLSHIM_POLICY=/dev/zero /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: /dev/zero: not a regular file"
}

@test "a policy larger than 1 MiB is refused" {
	{
		echo 'version = 1;'
		head -c 1100000 /dev/zero | tr '\0' '#'
	} >big.conf
	run_shimmed LLSHIM_POLICY=big.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: big.conf: larger than 1 MiB"
}

@test "a policy with a NUL byte is refused" {
	printf 'version = 1;\n\0fs = ();\n' >nul.conf
	run_shimmed LLSHIM_POLICY=nul.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: nul.conf: contains a NUL byte"
}

@test "a policy writable by others is refused" {
	printf 'version = 1;\n' >p.conf
	chmod 666 p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: p.conf: not trusted: writable by others"
}

@test "a policy owned by another user is refused" {
	require_root "to give a file to another user"
	printf 'version = 1;\nfs = ( { path = "/usr"; access = "rox"; } );\n' >p.conf
	chown 65534 p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: p.conf: not trusted: owned by another user (neither you nor root)"
}

@test "a policy in a directory others may write is refused" {
	mkdir -m 777 open
	printf 'version = 1;\n' >open/p.conf
	run_shimmed LLSHIM_POLICY="$PWD/open/p.conf" /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $PWD/open: not trusted: writable by others"
}

@test "an untrusted profile is refused" {
	local dir="$XDG_CONFIG_HOME/llshim/profiles"
	printf 'version = 1;\n' >"$dir/loose.conf"
	chmod 666 "$dir/loose.conf"
	printf 'version = 1;\ninclude = ["loose"];\n' >p.conf
	run_shimmed LLSHIM_POLICY=p.conf /bin/true
	assert_failure 126
	assert_output "llshim: /usr/bin/true: $dir/loose.conf: not trusted: writable by others"
}

@test "the user's own policy file is accepted unprivileged (twin of the trust refusals)" {
	open_test_tmpdir
	mkdir -m 755 nb
	printf 'version = 1;\nfs = ( { path = "/usr"; access = "rox"; }, { path = "/lib"; access = "rox"; }, { path = "/lib64"; access = "rox"; }, { path = "/etc/ld.so.cache"; access = "ro"; } );\n' >nb/p.conf
	chown -R 65534 nb
	run as_nobody env LD_PRELOAD="$LLSHIM_LIB" LLSHIM_POLICY="$PWD/nb/p.conf" /bin/true
	assert_success
	assert_output ""
}
