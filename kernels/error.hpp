#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace simforge {

// Every failure in the library is a simforge::Error; the library never calls exit().
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Args>
[[noreturn]] void fail(const char* file, int line, const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  os << " [" << file << ":" << line << "]";
  throw Error(os.str());
}
}  // namespace detail

}  // namespace simforge

// SIMFORGE_CHECK(cond, "message parts", value, ...): throws simforge::Error naming file:line.
#define SIMFORGE_CHECK(cond, ...)                                        \
  do {                                                                   \
    if (!(cond)) ::simforge::detail::fail(__FILE__, __LINE__, __VA_ARGS__); \
  } while (0)

#define SIMFORGE_FAIL(...) ::simforge::detail::fail(__FILE__, __LINE__, __VA_ARGS__)
