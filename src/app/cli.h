// The `haoban` command line. Returns the process exit code; never throws.
#pragma once

namespace haoban::app {

int run_cli(int argc, char** argv);

}  // namespace haoban::app
