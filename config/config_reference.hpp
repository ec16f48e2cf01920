#pragma once
// The configuration reference (docs/configuration.md), generated from the same key tables and
// registries the parsers validate against, so the documentation cannot drift from the code.
#include <string>

namespace simforge::config {

std::string generate_config_reference();

}  // namespace simforge::config
