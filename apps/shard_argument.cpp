// `--shard I/N` and `--shard slurm`: which part of a dataset this process generates.
#include <cstdlib>
#include <string>

#include "commands.hpp"
#include "kernels/error.hpp"
#include "workflows/generate.hpp"

namespace simforge::app {

namespace {

// A non-negative integer, all of `text`; `what` names it in the error.
std::size_t whole_number(const std::string& text, const std::string& what) {
  SIMFORGE_CHECK(!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 19, what, " is '",
                 text, "', not a non-negative integer");
  return std::stoull(text);
}

std::size_t slurm_variable(const char* name, const std::string& fallback = {}) {
  const char* v = std::getenv(name);
  if (!v && !fallback.empty()) return whole_number(fallback, name);
  SIMFORGE_CHECK(v, "--shard slurm: ", name, " is not set (this is not a Slurm array job: submit with sbatch --array, or give --shard I/N)");
  return whole_number(v, name);
}

}  // namespace

workflows::Shard parse_shard(const std::string& text) {
  if (text == "slurm") {
    // Array ids may start anywhere and step (--array=1-16, --array=0-30:2): the shard is the
    // task's place in the array.
    const std::size_t id = slurm_variable("SLURM_ARRAY_TASK_ID"), count = slurm_variable("SLURM_ARRAY_TASK_COUNT");
    const std::size_t lo = slurm_variable("SLURM_ARRAY_TASK_MIN"), step = slurm_variable("SLURM_ARRAY_TASK_STEP", "1");
    SIMFORGE_CHECK(step >= 1 && id >= lo && (id - lo) % step == 0, "--shard slurm: task id ", id, " is not in an array from ", lo,
                   " in steps of ", step);
    const workflows::Shard s{(id - lo) / step, count};
    SIMFORGE_CHECK(s.index < s.count, "--shard slurm: task id ", id, " is task ", s.index, " of an array of ", count,
                   " (SLURM_ARRAY_TASK_MIN ", lo, ", SLURM_ARRAY_TASK_STEP ", step, ")");
    return s;
  }
  const auto slash = text.find('/');
  SIMFORGE_CHECK(slash != std::string::npos, "--shard is '", text, "'; expected I/N (shard I, from 0, of N) or slurm");
  const workflows::Shard s{whole_number(text.substr(0, slash), "--shard's index"), whole_number(text.substr(slash + 1), "--shard's count")};
  SIMFORGE_CHECK(s.count >= 1 && s.index < s.count, "--shard is '", text, "'; the index runs from 0 to N - 1 (N >= 1)");
  return s;
}

}  // namespace simforge::app
