#include "data/window_loader.hpp"

#include <chrono>
#include <cstdlib>
#include <unordered_map>

#include "io/dataset_reader.hpp"
#include "kernels/error.hpp"

namespace simforge::data {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Whole trajectories kept in host memory. Windows overlap (a trajectory of T frames yields about
// T - history of them) and one HDF5 chunk holds many frames of one trajectory, so reading shuffled
// windows one by one re-reads every chunk many times: on an H100 that made training wait for the
// file ~90% of the time. Each trajectory is read once, up to a byte budget (default 4 GiB,
// SIMFORGE_LOADER_CACHE_BYTES); beyond it windows are read directly.
class TrajectoryCache {
 public:
  TrajectoryCache(const io::DatasetReader& reader, std::size_t fields) : reader_(reader), cached_(fields), scratch_(fields) {
    budget_ = std::size_t(4) << 30;
    if (const char* e = std::getenv("SIMFORGE_LOADER_CACHE_BYTES")) budget_ = std::size_t(std::atoll(e));
  }

  // Frames [t0, t0 + nt) of field `name` (index fi) of `sample`, [nt, ...spatial]; valid until the
  // next window of the same field.
  const float* window(const std::string& name, std::size_t fi, std::size_t sample, std::size_t t0, std::size_t nt) {
    const std::size_t frame = reader_.info().spec.frame_size();
    auto it = cached_[fi].find(sample);
    if (it == cached_[fi].end()) {
      const std::size_t bytes = reader_.info().spec.sample_size() * sizeof(float);
      if (used_ + bytes > budget_) {
        scratch_[fi] = reader_.read_window(name, sample, t0, nt);
        return scratch_[fi].data();
      }
      used_ += bytes;
      it = cached_[fi].emplace(sample, reader_.read_sample(name, sample)).first;
    }
    return it->second.data() + t0 * frame;
  }

 private:
  const io::DatasetReader& reader_;
  std::vector<std::unordered_map<std::size_t, std::vector<float>>> cached_;  // per field
  std::vector<std::vector<float>> scratch_;  // per field: windows read directly, valid until the field's next one
  std::size_t budget_ = 0, used_ = 0;
};
}  // namespace

WindowLoader::WindowLoader(LoaderSpec spec, std::vector<std::vector<WindowRef>> batches, std::size_t depth)
    : spec_(std::move(spec)), batches_(std::move(batches)) {
  const surrogate::WindowLayout layout = spec_.layout();
  spec_.normalization.check(layout);
  const io::DatasetReader reader(spec_.dataset);
  const io::DatasetSpec& ds = reader.info().spec;
  h_ = ds.spatial_shape.size() == 2 ? ds.spatial_shape[0] : 1;
  w_ = ds.spatial_shape.back();
  std::size_t max_batch = 0;
  for (const auto& b : batches_) max_batch = std::max(max_batch, b.size());
  const std::size_t cin = std::size_t(layout.in_channels()), out = std::size_t(layout.out_channels());
  slots_.resize(depth + 1);  // `depth` being filled ahead plus the one the consumer holds
  for (HostBatch& s : slots_) {
    s.input = HostBuffer<float>(Shape{max_batch, cin, h_, w_});
    s.targets = HostBuffer<float>(Shape{std::size_t(layout.target_frames(spec_.unroll)), max_batch, out, h_, w_});
  }
  thread_ = std::thread([this] { run(); });
}

WindowLoader::~WindowLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

double WindowLoader::read_seconds() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return read_s_;
}

void WindowLoader::run() {
  try {
    const io::DatasetReader reader(spec_.dataset);
    TrajectoryCache cache(reader, spec_.fields.size());
    std::vector<std::vector<double>> scalar_values;
    for (const auto& s : spec_.scalars) scalar_values.push_back(reader.read_scalar(s));
    const surrogate::WindowLayout layout = spec_.layout();
    const std::size_t f = spec_.fields.size(), plane = h_ * w_, cin = std::size_t(layout.in_channels());
    const std::size_t out = std::size_t(layout.out_channels()), frames = std::size_t(layout.window_frames(spec_.unroll));
    std::vector<const float*> field_frames(f);
    std::vector<double> scalars(spec_.scalars.size());
    for (std::size_t i = 0; i < batches_.size(); ++i) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || produced_ - consumed_ + 1 < slots_.size(); });
        if (stop_) return;
      }
      const auto t = std::chrono::steady_clock::now();
      HostBatch& b = slots_[i % slots_.size()];
      const auto& windows = batches_[i];
      const std::size_t n = windows.size();
      b.count = n;
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t fi = 0; fi < f; ++fi)
          field_frames[fi] = cache.window(spec_.fields[fi], fi, windows[k].sample, windows[k].t0, frames);
        for (std::size_t si = 0; si < scalars.size(); ++si) scalars[si] = scalar_values[si][windows[k].sample];
        assemble_window(layout, field_frames, scalars, plane, w_, &spec_.normalization, b.input.data() + k * cin * plane,
                        {b.targets.data() + k * out * plane, n * out * plane, std::size_t(layout.target_frames(spec_.unroll))});
      }
      // Batches shorter than the buffers are packed densely: inputs [n, ...], targets [unroll, n, ...].
      std::lock_guard<std::mutex> lock(mutex_);
      read_s_ += seconds_since(t);
      ++produced_;
      cv_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::current_exception();
    cv_.notify_all();
  }
}

const HostBatch* WindowLoader::next() {
  const auto t = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  if (consumed_ == batches_.size()) return nullptr;
  cv_.wait(lock, [&] { return produced_ > consumed_ || error_; });
  if (produced_ <= consumed_ && error_) std::rethrow_exception(error_);
  wait_s_ += seconds_since(t);
  HostBatch* b = &slots_[consumed_ % slots_.size()];
  ++consumed_;  // the previous batch's slot may now be refilled
  cv_.notify_all();
  return b;
}

}  // namespace simforge::data
