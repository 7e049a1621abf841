# SPDX-License-Identifier: MIT
# Link flags of the llshim command's test programs.

# No dynamic loader: LD_PRELOAD cannot reach it, `llshim run` must.
TEST_LDLIBS_cli_static = -static
