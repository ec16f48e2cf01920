#pragma once
// The configuration reference (docs/configuration.md), generated from the same catalogs and key
// tables the parser validates against, so the documentation cannot drift from the code.
#include <string>

namespace simforge::io {

std::string generate_config_reference();

}  // namespace simforge::io
