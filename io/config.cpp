#include "io/config.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "kernels/error.hpp"
#include "kernels/fft.hpp"
#include "io/yaml_section.hpp"

namespace simforge::io {

namespace {

using detail::Section;

// A PDE parameter: a number, or {uniform: [lo, hi]} / {log_uniform: [lo, hi]}.
ParameterLaw read_law(Section& s, const ParameterInfo& info) {
  YAML::Node n = s.raw(info.name);
  const std::string key = s.key_path(info.name);
  ParameterLaw law = ParameterLaw::fixed(info.default_value);
  if (n && n.IsMap()) {
    SIMFORGE_CHECK(info.may_vary, "config: ", key, ": must be one number for every sample (it cannot vary)");
    Section m(n, key, "");
    const bool log = m.has("log_uniform");
    YAML::Node range = m.raw(log ? "log_uniform" : "uniform");
    if (!range || !range.IsSequence() || range.size() != 2)
      s.fail(key, "expected a number or {uniform: [lo, hi]} or {log_uniform: [lo, hi]}");
    law = {log ? ParameterLaw::Kind::LogUniform : ParameterLaw::Kind::Uniform, range[0].as<double>(), range[1].as<double>()};
    m.finish();
    if (!(law.lo < law.hi)) s.fail(key, "range [" + Section::fmt(law.lo) + ", " + Section::fmt(law.hi) + "] must have lo < hi");
    if (log && law.lo <= 0) s.fail(key, "log_uniform needs lo > 0");
  } else if (n && !n.IsNull()) {
    law = ParameterLaw::fixed(s.get<double>(info.name, info.default_value));
  }
  for (double v : {law.lo, law.hi})
    if (!info.allows(v)) s.fail(key, "value " + Section::fmt(v) + " is not allowed; allowed: " + info.allowed());
  return law;
}

std::vector<int> read_extents(Section& s, const std::string& key, int dim, const std::vector<int>& fallback) {
  YAML::Node n = s.raw(key);
  std::vector<int> e;
  if (!n || n.IsNull()) return fallback;
  if (n.IsScalar()) e.assign(dim, s.get<int>(key, 0));
  else e = n.as<std::vector<int>>();
  if (int(e.size()) != dim) s.fail(s.key_path(key), "needs " + std::to_string(dim) + " extents for a " + std::to_string(dim) + "D PDE");
  for (int v : e)
    if (v < 4 || v % 2 || !fft_friendly(v))
      s.fail(s.key_path(key), "extent " + std::to_string(v) +
                                  " is not allowed; allowed: even numbers >= 4 whose prime factors are all <= 7 (FFT-friendly, e.g. 32, 64, 96, 128, 256)");
  return e;
}

}  // namespace

GenerateConfig parse_generate_config(const std::string& text, const std::string& source) {
  const YAML::Node root = detail::load_yaml(text, "config", source);
  Section top(root, "", source);
  GenerateConfig c;
  c.name = top.get<std::string>("name", "simforge_dataset");
  c.seed = top.get<std::uint64_t>("seed", 0);
  c.samples = std::size_t(top.number("samples", 1, 1, 1e9, false, "an integer >= 1"));
  c.batch = std::size_t(top.number("batch", 8, 1, 1e6, false, "an integer >= 1"));
  c.precision = top.choice("precision", "float32", {"float32", "float64"}) == "float64" ? Precision::Float64 : Precision::Float32;

  SimulationSpec& sim = c.simulation;
  {
    Section pde = top.sub("pde");
    std::vector<std::string> names;
    for (const auto& d : pde_catalog()) names.push_back(d.name);
    sim.pde.type = pde.choice("type", "navier_stokes_2d", names);
    const PdeDescriptor& d = find_pde(sim.pde.type);
    for (const auto& p : d.parameters) sim.pde.parameters.push_back(read_law(pde, p));
    for (const auto& o : d.options) sim.pde.options.push_back(pde.choice(o.name, o.default_value, o.allowed));
    pde.finish();

    Section grid = top.sub("grid");
    const YAML::Node n_node = grid.has("n") ? grid.raw("n") : YAML::Node();
    const int dim = n_node && n_node.IsSequence() ? int(n_node.size()) : grid.get<int>("dim", d.dims.front());
    if (std::find(d.dims.begin(), d.dims.end(), dim) == d.dims.end()) {
      std::string dims;
      for (int x : d.dims) dims += (dims.empty() ? "" : ", ") + std::to_string(x);
      grid.fail("grid.dim", std::to_string(dim) + "D is not supported by " + d.name + "; allowed: " + dims);
    }
    sim.grid = read_extents(grid, "n", dim, std::vector<int>(dim, 64));
    sim.store_grid = read_extents(grid, "store_n", dim, sim.grid);
    for (int a = 0; a < dim; ++a)
      if (sim.store_grid[a] > sim.grid[a])
        grid.fail("grid.store_n", "extent " + std::to_string(sim.store_grid[a]) + " is not allowed; allowed: <= grid.n (" +
                                      std::to_string(sim.grid[a]) + "): storage is a spectral truncation");
    sim.length = grid.number("length", 1.0, 0, 1e12, true, "> 0");
    sim.cell_centered = grid.get<bool>("cell_centered", false);
    grid.finish();
  }
  {
    Section time = top.sub("time");
    sim.dt = time.number("dt", 1e-3, 0, 1e6, true, "> 0");
    c.t_end = time.number("t_end", 1.0, 0, 1e12, true, "> 0");
    c.save_interval = time.number("save_interval", c.t_end / 10, 0, c.t_end, true, "> 0 and <= time.t_end");
    sim.stepper = time.choice("stepper", "cn_heun", stepper_names());
    sim.cfl_max = time.number("cfl_max", 1.0, 0, 100, true, "in (0, 100]");
    const double spf = c.save_interval / sim.dt, nframes = c.t_end / c.save_interval;
    if (std::abs(spf - std::round(spf)) > 1e-9 * spf)
      time.fail("time.save_interval", "value " + Section::fmt(c.save_interval) + " is not allowed; allowed: a whole multiple of time.dt (" +
                                          Section::fmt(sim.dt) + ")");
    if (std::abs(nframes - std::round(nframes)) > 1e-9 * nframes)
      time.fail("time.t_end", "value " + Section::fmt(c.t_end) + " is not allowed; allowed: a whole multiple of time.save_interval (" +
                                  Section::fmt(c.save_interval) + ")");
    sim.steps_per_frame = std::size_t(std::llround(spf));
    sim.frames = std::size_t(std::llround(nframes)) + 1;
    time.finish();
  }
  {
    Section ic = top.sub("initial_condition");
    std::vector<std::string> names;
    for (const auto& d : initial_condition_catalog()) names.push_back(d.name);
    sim.initial_condition.type = ic.choice("type", "grf", names);
    const InitialConditionDescriptor& icd = find_initial_condition(sim.initial_condition.type);
    const std::size_t fields = find_pde(sim.pde.type).fields.size();
    for (std::size_t i = 0; i < icd.parameters.size(); ++i) {
      const ParameterInfo& p = icd.parameters[i];
      std::vector<double> v{p.default_value};
      YAML::Node n = ic.raw(p.name);
      if (n && n.IsSequence()) {
        if (!icd.per_field[i]) ic.fail(ic.key_path(p.name), "takes one number, not a list");
        v = ic.get<std::vector<double>>(p.name, v);
        if (v.size() != fields)
          ic.fail(ic.key_path(p.name), "needs one value per field (" + std::to_string(fields) + "), got " + std::to_string(v.size()));
      } else if (n && !n.IsNull()) {
        v = {ic.get<double>(p.name, p.default_value)};
      }
      for (double x : v)
        if (!p.allows(x)) ic.fail(ic.key_path(p.name), "value " + Section::fmt(x) + " is not allowed; allowed: " + p.allowed());
      sim.initial_condition.parameters.push_back(v);
    }
    if (std::find(icd.dims.begin(), icd.dims.end(), int(sim.grid.size())) == icd.dims.end())
      ic.fail("initial_condition.type", "'" + icd.name + "' does not support " + std::to_string(sim.grid.size()) + "D grids");
    ic.finish();
  }
  {
    Section out = top.sub("output");
    c.output_path = out.get<std::string>("path", c.name + ".h5");
    c.storage.gzip_level = int(out.number("gzip", 0, 0, 9, false, "an integer in [0, 9] (0: no compression)"));
    c.storage.fletcher32 = out.get<bool>("fletcher32", false);
    out.finish();
  }
  top.finish();
  c.finalize();
  return c;
}

GenerateConfig load_generate_config(const std::filesystem::path& path) {
  return parse_generate_config(detail::read_text_file(path, "config"), path.string());
}

void GenerateConfig::finalize() {
  SIMFORGE_CHECK(samples >= 1, "samples: must be >= 1, got ", samples);
  SIMFORGE_CHECK(batch >= 1, "batch: must be >= 1, got ", batch);
  simulation.seed = seed;
}

std::string GenerateConfig::effective_yaml() const {
  const SimulationSpec& sim = simulation;
  const PdeDescriptor& d = find_pde(sim.pde.type);
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << name << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::Key << "samples" << YAML::Value << samples << YAML::Key << "batch" << YAML::Value << batch;
  e << YAML::Key << "precision" << YAML::Value << (precision == Precision::Float64 ? "float64" : "float32");
  e << YAML::Key << "pde" << YAML::Value << YAML::BeginMap << YAML::Key << "type" << YAML::Value << sim.pde.type;
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    const ParameterLaw& l = sim.pde.parameters[i];
    e << YAML::Key << d.parameters[i].name << YAML::Value;
    if (!l.varies()) e << l.lo;
    else e << YAML::Flow << YAML::BeginMap << YAML::Key << (l.kind == ParameterLaw::Kind::Uniform ? "uniform" : "log_uniform")
           << YAML::Value << YAML::Flow << std::vector<double>{l.lo, l.hi} << YAML::EndMap;
  }
  for (std::size_t i = 0; i < d.options.size(); ++i) e << YAML::Key << d.options[i].name << YAML::Value << sim.pde.options[i];
  e << YAML::EndMap;
  e << YAML::Key << "grid" << YAML::Value << YAML::BeginMap << YAML::Key << "n" << YAML::Value << YAML::Flow << sim.grid
    << YAML::Key << "store_n" << YAML::Value << YAML::Flow << sim.store_grid << YAML::Key << "length" << YAML::Value << sim.length
    << YAML::Key << "cell_centered" << YAML::Value << sim.cell_centered << YAML::EndMap;
  e << YAML::Key << "time" << YAML::Value << YAML::BeginMap << YAML::Key << "dt" << YAML::Value << sim.dt << YAML::Key << "t_end"
    << YAML::Value << t_end << YAML::Key << "save_interval" << YAML::Value << save_interval << YAML::Key << "stepper"
    << YAML::Value << sim.stepper << YAML::Key << "cfl_max" << YAML::Value << sim.cfl_max << YAML::EndMap;
  e << YAML::Key << "initial_condition" << YAML::Value << YAML::BeginMap << YAML::Key << "type" << YAML::Value
    << sim.initial_condition.type;
  const auto& ic = find_initial_condition(sim.initial_condition.type);
  for (std::size_t i = 0; i < ic.parameters.size(); ++i) {
    const auto& v = sim.initial_condition.parameters[i];
    e << YAML::Key << ic.parameters[i].name << YAML::Value;
    if (v.size() == 1) e << v[0];
    else e << YAML::Flow << v;
  }
  e << YAML::EndMap;
  e << YAML::Key << "output" << YAML::Value << YAML::BeginMap << YAML::Key << "path" << YAML::Value << output_path << YAML::Key
    << "gzip" << YAML::Value << storage.gzip_level << YAML::Key << "fletcher32" << YAML::Value << storage.fletcher32 << YAML::EndMap;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace simforge::io
