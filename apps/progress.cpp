#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace simforge::app {

namespace {
std::string eta(double s) {
  if (s < 0 || s > 1e7) return "--:--";
  char buf[32];
  const long t = long(s + 0.5);
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", t / 60, t % 60);
  return buf;
}
}  // namespace

Progress::Progress(std::string what, std::string unit) : what_(std::move(what)), unit_(std::move(unit)), tty_(isatty(STDERR_FILENO) != 0) {}

void Progress::update(std::size_t done, std::size_t total, std::size_t rate_units, double seconds) {
  const double rate = seconds > 0 ? double(rate_units) / seconds : 0.0;
  const double remaining = rate > 0 ? double(total - done) / rate : -1;
  if (tty_) {
    const int width = 30, filled = total ? int(width * done / total) : width;
    std::fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu  %.2f %s/s  ETA %s", what_.c_str(), filled,
                 "##############################", width - filled, "", done, total, rate, unit_.c_str(), eta(remaining).c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else if (seconds - last_log_ >= 10.0 || done == total) {
    std::fprintf(stderr, "%s: %zu/%zu %s, %.2f %s/s, ETA %s\n", what_.c_str(), done, total, unit_.c_str(), rate,
                 unit_.c_str(), eta(remaining).c_str());
    last_log_ = seconds;
  }
}

void Progress::finish() {
  if (tty_ && drawn_) std::fprintf(stderr, "\n");
}

void StageBars::update(const std::string& stage, const std::string& unit, std::size_t done, std::size_t total,
                       std::size_t rate_units, double seconds) {
  if (!bar_ || stage != stage_) {
    finish();
    bar_.emplace(stage, unit);
    stage_ = stage;
    stage_start_ = std::chrono::steady_clock::now();
  }
  bar_->update(done, total, rate_units, seconds);
}

void StageBars::update(const std::string& stage, const std::string& unit, std::size_t done, std::size_t total) {
  const bool fresh = !bar_ || stage != stage_;
  const auto now = std::chrono::steady_clock::now();
  update(stage, unit, done, total, done, fresh ? 0.0 : std::chrono::duration<double>(now - stage_start_).count());
}

void StageBars::finish() {
  if (bar_) bar_->finish();
  bar_.reset();
}

}  // namespace simforge::app
