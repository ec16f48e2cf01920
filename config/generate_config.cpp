// The generate config's key table: every key, its checks, its default and its documentation.
#include "config/generate_config.hpp"

#include <cmath>

#include "kernels/error.hpp"
#include "solvers/solver_family.hpp"

namespace simforge::config {

namespace {

using G = GenerateConfig;

// Sizes past which a run cannot work (32-bit per-sample indexing; the frame times in memory),
// refused when read instead of failing deep inside.
constexpr std::size_t max_points = std::size_t(1) << 28;
constexpr std::size_t max_frames = 10'000'000;

const PdeDescriptor& pde_of(const G& c) { return find_pde(c.simulation.pde.type); }
const SolverFamily& family_of(const G& c) { return find_solver_family(pde_of(c).family); }

// A PDE parameter: a number, or {uniform: [lo, hi]} / {log_uniform: [lo, hi]}.
ParameterLaw read_law(Section& s, const ParameterInfo& info) {
  YAML::Node n = s.raw(info.name);
  const std::string key = s.key_path(info.name);
  ParameterLaw law = ParameterLaw::fixed(info.default_value);
  if (n && n.IsMap()) {
    if (!info.may_vary) s.fail(key, "must be one number for every sample (it cannot vary)");
    Section m(n, key, s.source());
    const bool log = m.has("log_uniform");
    YAML::Node range = m.raw(log ? "log_uniform" : "uniform");
    if (!range || !range.IsSequence() || range.size() != 2)
      s.fail(key, "expected a number or {uniform: [lo, hi]} or {log_uniform: [lo, hi]}");
    law = {log ? ParameterLaw::Kind::LogUniform : ParameterLaw::Kind::Uniform, m.convert<double>(range[0], key),
           m.convert<double>(range[1], key)};
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

void write_law(YAML::Emitter& e, const ParameterLaw& l) {
  if (!l.varies()) {
    e << l.lo;
    return;
  }
  e << YAML::Flow << YAML::BeginMap << YAML::Key << (l.kind == ParameterLaw::Kind::Uniform ? "uniform" : "log_uniform")
    << YAML::Value << YAML::Flow << std::vector<double>{l.lo, l.hi} << YAML::EndMap;
}

// The chosen PDE's coefficients and options.
std::vector<Key<G>> pde_keys(const G& c) {
  std::vector<Key<G>> keys;
  const PdeDescriptor& d = pde_of(c);
  for (const ParameterInfo& p : d.parameters) {
    Key<G> k{p.name, Section::fmt(p.default_value), p.allowed(), p.doc, {}, {}, {}};
    k.read = [p](Section& s, G& t) { t.simulation.pde.parameters[p.name] = read_law(s, p); };
    k.write = [p](YAML::Emitter& e, const G& t) { write_law(e, t.simulation.pde.parameters.at(p.name)); };
    keys.push_back(std::move(k));
  }
  for (const PdeOption& o : d.options)
    keys.push_back(choice<G>(o.name, [name = o.name](G& t) -> std::string& { return t.simulation.pde.options[name]; },
                             o.default_value, [o] { return o.allowed; }, o.doc));
  return keys;
}

// grid.n or grid.store_n: one number (every axis) or one per axis, each allowed by the family.
std::vector<int> read_extents(Section& s, const std::string& key, const G& c, const std::vector<int>& fallback) {
  const int dim = c.simulation.grid.dim;
  YAML::Node n = s.raw(key);
  if (!n || n.IsNull()) return fallback;
  std::vector<int> e;
  if (n.IsScalar()) e.assign(std::size_t(dim), s.get<int>(key, 0));
  else e = s.get<std::vector<int>>(key, {});
  if (int(e.size()) != dim) s.fail(s.key_path(key), "needs " + std::to_string(dim) + " extents for a " + std::to_string(dim) + "D PDE");
  const SolverFamily& f = family_of(c);
  for (int v : e)
    if (!f.accepts_extent(v)) s.fail(s.key_path(key), "extent " + std::to_string(v) + " is not allowed; allowed: " + f.extent_rule);
  return e;
}

// grid.boundary: one kind for every face (`wall`), or a mapping per axis and per face
// ({x: periodic, y_lower: {dirichlet: 1.0}, y_upper: {neumann: 0.5}}); a face left out is
// periodic. Each kind must be one the PDE's family solves.
const std::string boundary_allowed =
    "a kind (periodic, wall, open) or {dirichlet: value} / {neumann: outward derivative} / {robin: h (outward derivative h u)}, "
    "for every face or per face "
    "({x: wall, y_lower: {dirichlet: 1}})";

Boundary read_face(const Section& s, const std::string& key, const YAML::Node& n, const G& c) {
  Boundary b;
  std::string kind;
  if (n.IsScalar()) {
    kind = s.convert<std::string>(n, key);
  } else if (n.IsMap() && n.size() == 1) {
    kind = s.convert<std::string>(n.begin()->first, key);
    b.value = s.convert<double>(n.begin()->second, key + "." + kind);
    if (kind != "dirichlet" && kind != "neumann" && kind != "robin")
      s.fail(key, "'" + kind + "' takes no value; allowed: " + boundary_allowed);
  } else {
    s.fail(key, "cannot read '" + YAML::Dump(n) + "'; allowed: " + boundary_allowed);
  }
  std::vector<std::string> names;
  for (const BoundaryKindInfo& k : boundary_kinds()) names.push_back(k.name);
  if (std::find(names.begin(), names.end(), kind) == names.end())
    s.fail(key, "value '" + kind + "' is not allowed; allowed: " + join(names));
  b.kind = parse_boundary_kind(kind);
  if ((b.kind == BoundaryKind::Dirichlet || b.kind == BoundaryKind::Neumann || b.kind == BoundaryKind::Robin) && n.IsScalar())
    s.fail(key, "'" + kind + "' needs its value: {" + kind + ": v}");
  const SolverFamily& f = family_of(c);
  if (!f.supports(b.kind)) {
    std::vector<std::string> ok;
    for (BoundaryKind k : f.boundaries) ok.push_back(boundary_info(k).name);
    s.fail(key, "'" + kind + "' is not allowed for " + c.simulation.pde.type + " (" + f.name + " family); allowed: " + join(ok));
  }
  return b;
}

void write_face(YAML::Emitter& e, const Boundary& b) {
  const std::string& name = boundary_info(b.kind).name;
  if (b.kind == BoundaryKind::Dirichlet || b.kind == BoundaryKind::Neumann || b.kind == BoundaryKind::Robin) e << YAML::Flow << YAML::BeginMap << YAML::Key << name << YAML::Value << b.value << YAML::EndMap;
  else e << name;
}

Key<G> boundary_key() {
  Key<G> k{"boundary", "periodic", boundary_allowed, "boundary condition of each face", {}, {}, {}};
  k.read = [](Section& s, G& c) {
    Grid& g = c.simulation.grid;
    const YAML::Node n = s.raw("boundary");
    for (int a = 0; a < Grid::max_dim; ++a) g.lower[a] = g.upper[a] = family_of(c).default_boundary;
    if (!n || n.IsNull()) return;
    const std::string key = s.key_path("boundary");
    const std::vector<std::string> axes = grid_axis_names(g.dim);
    const auto valued = [](const std::string& k) { return k == "dirichlet" || k == "neumann" || k == "robin"; };
    if (n.IsScalar() || (n.IsMap() && n.size() == 1 && valued(n.begin()->first.as<std::string>()))) {
      const Boundary b = read_face(s, key, n, c);
      for (int a = 0; a < g.dim; ++a) g.lower[a] = g.upper[a] = b;
      return;
    }
    if (!n.IsMap()) s.fail(key, "cannot read '" + YAML::Dump(n) + "'; allowed: " + boundary_allowed);
    std::vector<std::string> faces;
    for (const auto& axis : axes) faces.insert(faces.end(), {axis, axis + "_lower", axis + "_upper"});
    for (const auto& kv : n) {
      const std::string face = kv.first.as<std::string>();
      const auto it = std::find(faces.begin(), faces.end(), face);
      if (it == faces.end()) s.fail(key + "." + face, "unknown face; allowed: " + join(faces));
      const int a = int(std::find(axes.begin(), axes.end(), face.substr(0, 1)) - axes.begin());
      const Boundary b = read_face(s, key + "." + face, kv.second, c);
      if (face.size() == 1 || face.ends_with("_lower")) g.lower[a] = b;
      if (face.size() == 1 || face.ends_with("_upper")) g.upper[a] = b;
    }
    for (int a = 0; a < g.dim; ++a)
      if ((g.lower[a].kind == BoundaryKind::Periodic) != (g.upper[a].kind == BoundaryKind::Periodic))
        s.fail(key, "axis " + axes[std::size_t(a)] + " is periodic at one face only; allowed: periodic at both faces or at neither");
  };
  k.write = [](YAML::Emitter& e, const G& c) {
    const Grid& g = c.simulation.grid;
    bool uniform = true;
    for (int a = 0; a < g.dim; ++a) uniform = uniform && g.lower[a] == g.lower[0] && g.upper[a] == g.lower[0];
    if (uniform) return write_face(e, g.lower[0]);
    const std::vector<std::string> axes = grid_axis_names(g.dim);
    e << YAML::Flow << YAML::BeginMap;
    for (int a = g.dim; a-- > 0;) {  // x first, as users write them
      e << YAML::Key << axes[std::size_t(a)] + "_lower" << YAML::Value;
      write_face(e, g.lower[a]);
      e << YAML::Key << axes[std::size_t(a)] + "_upper" << YAML::Value;
      write_face(e, g.upper[a]);
    }
    e << YAML::EndMap;
  };
  k.shown = [](const G& c) { return !c.simulation.grid.periodic(); };
  return k;
}

Table<G> grid_table() {
  Table<G> t;
  Key<G> dim{"dim", "the PDE's first", "the PDE's dimensions", "spatial dimension when grid.n is one number", {}, {}, {}};
  dim.read = [](Section& s, G& c) {
    const PdeDescriptor& d = pde_of(c);
    const YAML::Node n = s.has("n") ? s.raw("n") : YAML::Node();
    const int v = n && n.IsSequence() ? int(n.size()) : s.get<int>("dim", d.dims.front());
    if (std::find(d.dims.begin(), d.dims.end(), v) == d.dims.end())
      s.fail("grid.dim", std::to_string(v) + "D is not supported by " + d.name + "; allowed: " + join(d.dims));
    c.simulation.grid.dim = v;
  };
  Key<G> n{"n", "64 on every axis",
           "the family's extents (spectral: even, >= 4, prime factors <= 7; finite_volume, elliptic: >= 2); a number or one per axis",
           "solve resolution", {}, {}, {}};
  n.read = [](Section& s, G& c) {
    const std::vector<int> e = read_extents(s, "n", c, std::vector<int>(std::size_t(c.simulation.grid.dim), 64));
    for (int a = 0; a < c.simulation.grid.dim; ++a) c.simulation.grid.n[a] = e[std::size_t(a)];
  };
  n.write = [](YAML::Emitter& e, const G& c) { e << YAML::Flow << c.simulation.grid.extents(); };
  Key<G> store{"store_n", "grid.n",
               "the family's rule on every axis (spectral: <= grid.n, a spectral truncation; finite_volume: divides grid.n, block averages; "
               "elliptic: grid.n)",
               "stored resolution", {}, {}, {}};
  store.read = [](Section& s, G& c) {
    const std::vector<int> solve = c.simulation.grid.extents();
    std::vector<int> e = read_extents(s, "store_n", c, solve);
    const SolverFamily& f = family_of(c);
    for (std::size_t a = 0; a < e.size(); ++a)
      if (!f.accepts_store(e[a], solve[a]))
        s.fail("grid.store_n", "extent " + std::to_string(e[a]) + " is not allowed; allowed: <= grid.n (" + std::to_string(solve[a]) +
                                   "): " + f.store_rule);
    c.simulation.store_extents = e;
  };
  store.write = [](YAML::Emitter& e, const G& c) { e << YAML::Flow << c.simulation.stored_extents(); };
  t.keys = {dim, n, store,
            number<G>("length", [](G& c) -> double& { return c.simulation.grid.length; }, 1.0, 0, 1e12, true, "> 0",
                      "box length L: the box is [origin, origin + L)^d"),
            plain<G, bool>("cell_centered", [](G& c) -> bool& { return c.simulation.grid.cell_centered; }, false, "true, false",
                           "grid points at (i + 1/2) L / n (PDEBench) instead of i L / n (finite volumes: always true)")};
  Key<G> origin = number<G>("origin", [](G& c) -> double& { return c.simulation.grid.origin; }, 0.0, -1e12, 1e12, false,
                            "a number", "the box's lower corner on every axis: [origin, origin + length)^d");
  origin.shown = [](const G& c) { return c.simulation.grid.origin != 0.0; };
  t.keys.push_back(origin);
  t.keys.push_back(boundary_key());
  t.check = [](Section& s, G& c) {
    Grid& g = c.simulation.grid;
    // Per-sample indexing is 32-bit in the kernels, and an HDF5 chunk holds at least one frame.
    if (g.points() > max_points)
      s.fail("grid.n", bracketed(g.extents()) + " is " + std::to_string(g.points()) +
                           " points per field; allowed: at most " + std::to_string(max_points) + " (2^28)");
    if (family_of(c).cell_centered) {
      if (s.has("cell_centered") && !g.cell_centered)
        s.fail("grid.cell_centered", "false is not allowed for " + c.simulation.pde.type + " (" + family_of(c).name +
                                         " family: values are cell averages); allowed: true");
      g.cell_centered = true;
    }
    g.validate();
  };
  return t;
}

Table<G> time_table() {
  Table<G> t;
  t.keys = {
      number<G>("dt", [](G& c) -> double& { return c.simulation.dt; }, 1e-3, 0, 1e6, true, "> 0", "time step (godunov family: the largest step; the CFL number time.cfl_max sets each)"),
      number<G>("t_end", [](G& c) -> double& { return c.t_end; }, 1.0, 0, 1e12, true, "> 0, a whole multiple of save_interval",
                "final time (steady PDEs store one frame and ignore time.*)"),
      custom<G, double>("save_interval", [](G& c) -> double& { return c.save_interval; },
                        Fallback<G, double>([](const G& c) { return c.t_end / 10; }, "t_end / 10"),
                        "a whole multiple of dt, <= t_end", "time between saved frames",
                        [](Section& s, const std::string& n, const double& f, const G& c) {
                          return s.number(n, f, 0, c.t_end, true, "> 0 and <= time.t_end");
                        }),
      choice<G>("stepper", [](G& c) -> std::string& { return c.simulation.stepper; },
                Fallback<G, std::string>([](const G& c) { return family_of(c).default_stepper; },
                                         "the family's (spectral: cn_heun, finite_volume: ssp_rk3, godunov: ssp_rk2, elliptic: mg_pcg)"),
                [] {
                  std::vector<std::string> all;  // every family's, each name once (rk4 is in two)
                  for (const SolverFamily* f : solver_family_registry().entries())
                    for (const auto& s : f->stepper_names())
                      if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
                  std::sort(all.begin(), all.end());
                  return all;
                },
                "time stepper (the PDE's family's schemes: see the table below)"),
      number<G>("cfl_max", [](G& c) -> double& { return c.simulation.cfl_max; }, 1.0, 0, 100, true, "in (0, 100]",
                "bound on dt x explicit stability rate (CFL number: transport or reaction stiffness), checked at every frame; the godunov family steps at it"),
  };
  t.check = [](Section& s, G& c) {
    SimulationSpec& sim = c.simulation;
    const SolverFamily& f = family_of(c);
    if (!f.has_stepper(sim.stepper))
      s.fail("time.stepper", "value '" + sim.stepper + "' is not allowed for " + sim.pde.type + " (" + f.name +
                                 " family); allowed: " + join(f.stepper_names()));
    const double spf = c.save_interval / sim.dt, nframes = c.t_end / c.save_interval;
    if (std::abs(spf - std::round(spf)) > 1e-9 * spf)
      s.fail("time.save_interval", "value " + Section::fmt(c.save_interval) + " is not allowed; allowed: a whole multiple of time.dt (" +
                                       Section::fmt(sim.dt) + ")");
    if (std::abs(nframes - std::round(nframes)) > 1e-9 * nframes)
      s.fail("time.t_end", "value " + Section::fmt(c.t_end) + " is not allowed; allowed: a whole multiple of time.save_interval (" +
                               Section::fmt(c.save_interval) + ")");
    if (nframes >= double(max_frames))
      s.fail("time.t_end", "t_end / save_interval = " + Section::fmt(nframes) + " saved frames; allowed: fewer than " +
                               std::to_string(max_frames));
    if (spf >= 1e12) s.fail("time.save_interval", Section::fmt(spf) + " steps per frame; allowed: fewer than 1e12");
    sim.steps_per_frame = std::size_t(std::llround(spf));
    sim.frames = pde_of(c).steady ? 1 : std::size_t(std::llround(nframes)) + 1;  // a steady PDE stores its solution once
  };
  return t;
}

// The chosen initial condition's parameters: one number, or one per field where allowed.
std::vector<Key<G>> initial_condition_keys(const G& c) {
  std::vector<Key<G>> keys;
  const InitialConditionDescriptor& d = find_initial_condition(c.simulation.initial_condition.type);
  const std::vector<std::string> field_names = pde_of(c).field_names(c.simulation.grid.dim);
  const std::size_t fields = field_names.size();
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    const ParameterInfo p = d.parameters[i];
    const bool per_field = d.per_field[i];
    Key<G> k{p.name, Section::fmt(p.default_value), p.allowed(), p.doc, {}, {}, {}};
    k.read = [p, per_field, fields, field_names](Section& s, G& t) {
      std::vector<double> v{p.default_value};
      YAML::Node n = s.raw(p.name);
      if (n && n.IsSequence()) {
        if (!per_field) s.fail(s.key_path(p.name), "takes one number, not a list");
        v = s.get<std::vector<double>>(p.name, v);
        if (v.size() != fields)
          s.fail(s.key_path(p.name), "needs one value per field (" + std::to_string(fields) + ": " + join(field_names) + "), got " +
                                             std::to_string(v.size()));
      } else if (n && !n.IsNull()) {
        v = {s.get<double>(p.name, p.default_value)};
      }
      for (double x : v)
        if (!p.allows(x)) s.fail(s.key_path(p.name), "value " + Section::fmt(x) + " is not allowed; allowed: " + p.allowed());
      t.simulation.initial_condition.parameters[p.name] = v;
    };
    k.write = [p](YAML::Emitter& e, const G& t) {
      const std::vector<double>& v = t.simulation.initial_condition.parameters.at(p.name);
      if (v.size() == 1) e << v[0];
      else e << YAML::Flow << v;
    };
    if (p.omitted_at_default)
      k.shown = [p](const G& t) { return t.simulation.initial_condition.parameters.at(p.name) != std::vector<double>{p.default_value}; };
    keys.push_back(std::move(k));
  }
  return keys;
}

Table<G> make_generate_table() {
  Table<G> pde;
  pde.keys = {choice<G>("type", [](G& c) -> std::string& { return c.simulation.pde.type; }, std::string("navier_stokes_2d"),
                        [] { return pde_registry().names(); }, "the PDE", "see the PDE table")};
  pde.dependent = pde_keys;

  Table<G> ic;
  ic.keys = {choice<G>("type", [](G& c) -> std::string& { return c.simulation.initial_condition.type; }, std::string("grf"),
                       [] { return initial_condition_registry().names(); }, "initial condition generator",
                       "see the initial-condition table")};
  ic.dependent = initial_condition_keys;
  ic.check = [](Section& s, G& c) {
    const InitialConditionDescriptor& d = find_initial_condition(c.simulation.initial_condition.type);
    if (std::find(d.dims.begin(), d.dims.end(), c.simulation.grid.dim) == d.dims.end())
      s.fail("initial_condition.type", "'" + d.name + "' does not support " + std::to_string(c.simulation.grid.dim) + "D grids");
  };

  Table<G> output;
  output.keys = {
      path<G>("path", [](G& c) -> std::string& { return c.output_path; },
              Fallback<G, std::string>([](const G& c) { return c.name + ".h5"; }, "<name>.h5"),
              "output file (written as <path>.partial, renamed when complete)"),
      whole<G>("gzip", [](G& c) -> int& { return c.storage.gzip_level; }, 0, 0, 9, "an integer in [0, 9] (0: no compression)",
               "gzip level with shuffle (0: none)"),
      plain<G, bool>("fletcher32", [](G& c) -> bool& { return c.storage.fletcher32; }, false, "true, false", "per-chunk checksums"),
  };

  Table<G> top;
  top.keys = {
      plain<G, std::string>("name", [](G& c) -> std::string& { return c.name; }, std::string("simforge_dataset"), "a string",
                            "dataset name (root attribute dataset_name)"),
      plain<G, std::uint64_t>("seed", [](G& c) -> std::uint64_t& { return c.seed; }, std::uint64_t(0), "an unsigned integer",
                              "Philox seed: sample i depends only on (config, seed, i)"),
      whole<G>("samples", [](G& c) -> std::size_t& { return c.samples; }, 1, 1, 1e9, "an integer >= 1", "number of trajectories"),
      whole<G>("batch", [](G& c) -> std::size_t& { return c.batch; }, 8, 1, 1e6, "an integer >= 1",
               "samples solved together on the device"),
      named<G, Precision>("precision", [](G& c) -> Precision& { return c.precision; }, Precision::Float32,
                          {{Precision::Float32, "float32"}, {Precision::Float64, "float64"}},
                          "solver arithmetic (files always store float32)"),
      section<G>("pde", std::move(pde)),
      section<G>("grid", grid_table()),
      section<G>("time", time_table()),
      section<G>("initial_condition", std::move(ic)),
      section<G>("output", std::move(output)),
  };
  return top;
}

}  // namespace

const Table<GenerateConfig>& generate_table() {
  static const Table<GenerateConfig> table = make_generate_table();
  return table;
}

GenerateConfig parse_generate_config(const std::string& text, const std::string& source, const Overrides& overrides) {
  GenerateConfig c = parse(generate_table(), text, "config", source, overrides);
  c.finalize();
  return c;
}

GenerateConfig load_generate_config(const std::filesystem::path& path, const Overrides& overrides) {
  return parse_generate_config(read_text_file(path, "config"), path.string(), overrides);
}

void GenerateConfig::finalize() {
  SIMFORGE_CHECK(samples >= 1, "samples: must be >= 1, got ", samples);
  SIMFORGE_CHECK(batch >= 1, "batch: must be >= 1, got ", batch);
  simulation.seed = seed;
}

std::string GenerateConfig::effective_yaml() const { return config::effective_yaml(generate_table(), *this); }

}  // namespace simforge::config
