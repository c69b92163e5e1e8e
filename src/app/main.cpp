#include "app/cli.h"

int main(int argc, char** argv) { return haoban::app::run_cli(argc, argv); }
