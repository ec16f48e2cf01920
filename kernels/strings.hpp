#pragma once
// Lists in messages and documents: "a, b, c" and "[a, b, c]". The one place lists are joined.
#include <sstream>
#include <string>
#include <string_view>

namespace simforge {

// The items of any range, written with operator<< and separated by `separator`.
template <class Range>
std::string join(const Range& items, std::string_view separator = ", ") {
  std::ostringstream os;
  bool first = true;
  for (const auto& item : items) {
    if (!first) os << separator;
    os << item;
    first = false;
  }
  return os.str();
}

// "[a, b, c]": shapes and name lists in error messages.
template <class Range>
std::string bracketed(const Range& items) {
  std::ostringstream os;  // (not "[" + s + "]": GCC 12 warns falsely about that)
  os << '[' << join(items) << ']';
  return os.str();
}

}  // namespace simforge
