#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace simforge {

// Every failure in the library is a simforge::Error; the library never calls exit(). The message
// is for users; where it was raised (file:line) is kept apart, for bug reports, so that an error
// wrapped in another ("model file m.h5: ...") never carries source paths into what users read.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string location = {})
      : std::runtime_error(message), location_(std::move(location)) {}
  const std::string& location() const { return location_; }

 private:
  std::string location_;
};

namespace detail {
template <class... Args>
[[noreturn]] void fail(const char* file, int line, const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  throw Error(os.str(), std::string(file) + ":" + std::to_string(line));
}
}  // namespace detail

}  // namespace simforge

// SIMFORGE_CHECK(cond, "message parts", value, ...): throws simforge::Error, located at file:line.
#define SIMFORGE_CHECK(cond, ...)                                        \
  do {                                                                   \
    if (!(cond)) ::simforge::detail::fail(__FILE__, __LINE__, __VA_ARGS__); \
  } while (0)

#define SIMFORGE_FAIL(...) ::simforge::detail::fail(__FILE__, __LINE__, __VA_ARGS__)
