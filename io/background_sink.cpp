#include "io/background_sink.hpp"

#include <utility>

namespace simforge::io {

namespace {

// Copies `n` elements from each pointer into owned vectors.
template <class T>
void copy_columns(const std::vector<const T*>& from, std::size_t n, std::vector<std::vector<T>>& to) {
  to.resize(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) to[i].assign(from[i], from[i] + n);
}

}  // namespace

SampleBlock BackgroundSink::OwnedBlock::view() const {
  SampleBlock b;
  b.first = first;
  b.count = count;
  for (const auto& f : fields) b.fields.push_back(f.data());
  for (const auto& s : scalars) b.scalars.push_back(s.data());
  for (const auto& d : diagnostics) b.diagnostics.push_back(d.data());
  return b;
}

BackgroundSink::BackgroundSink(SampleSink& target, std::size_t field_elements)
    : target_(target), field_elements_(field_elements), thread_([this] { loop(); }) {}

BackgroundSink::~BackgroundSink() {
  {
    std::unique_lock lock(mutex_);
    wait_idle(lock);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundSink::wait_idle(std::unique_lock<std::mutex>& lock) const {
  changed_.wait(lock, [this] { return !busy_; });
}

void BackgroundSink::rethrow(std::unique_lock<std::mutex>& lock) {
  wait_idle(lock);
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

bool BackgroundSink::has_sample(std::size_t i) const {
  std::unique_lock lock(mutex_);
  wait_idle(lock);
  return target_.has_sample(i);
}

void BackgroundSink::write(const SampleBlock& b) {
  // The copy is made while the previous block may still be written: it is the second buffer.
  OwnedBlock copy;
  copy.first = b.first;
  copy.count = b.count;
  copy_columns(b.fields, b.count * field_elements_, copy.fields);
  copy_columns(b.scalars, b.count, copy.scalars);
  copy_columns(b.diagnostics, b.count, copy.diagnostics);
  {
    std::unique_lock lock(mutex_);
    rethrow(lock);
    pending_ = std::move(copy);
    busy_ = true;
  }
  changed_.notify_all();
}

std::size_t BackgroundSink::stored() const {
  std::lock_guard lock(mutex_);
  return stored_;
}

void BackgroundSink::flush() {
  std::unique_lock lock(mutex_);
  rethrow(lock);
}

void BackgroundSink::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return busy_ || stop_; });
    if (!busy_) return;  // stopped, nothing pending
    lock.unlock();
    std::exception_ptr error;
    try {
      target_.write(pending_.view());
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (!error) stored_ += pending_.count;
    error_ = error;
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace simforge::io
