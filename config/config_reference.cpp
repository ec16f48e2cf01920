#include "config/config_reference.hpp"

#include <sstream>

#include "config/generate_config.hpp"
#include "config/pipeline_config.hpp"
#include "config/train_config.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/pde.hpp"
#include "solvers/solver_family.hpp"
#include "surrogate/model_config.hpp"
#include "surrogate/objective.hpp"
#include "surrogate/optimizer.hpp"

namespace simforge::config {

namespace {

const char* table_head = "| key | default | allowed | meaning |\n|---|---|---|---|\n";

std::string dims_text(const std::vector<int>& d) {
  std::vector<std::string> s;
  for (int x : d) s.push_back(std::to_string(x) + "D");
  return join(s);
}

std::string quoted(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back("`" + n + "`");
  return join(q);
}

void pdes(std::ostream& o) {
  o << "\n## PDEs (`pde.type`)\n";
  for (const PdeDescriptor* d : pde_catalog()) {
    o << "\n### `" << d->name << "`\n\n" << d->summary << ". Family: " << d->family << ". Dimensions: " << dims_text(d->dims)
      << ". Fields: " << quoted(d->fields);
    if (!d->vectors.empty())
      o << "; vector fields (t1_fields; one component field per axis in axis order, `<name>_y`, `<name>_x` in 2-D): " << quoted(d->vectors);
    o << ".\n\n";
    if (d->parameters.empty() && d->options.empty()) {
      o << "No parameters.\n";
      continue;
    }
    o << "| key | default | allowed | per sample | meaning |\n|---|---|---|---|---|\n";
    for (const auto& p : d->parameters)
      o << "| `pde." << p.name << "` | " << p.default_value << " | " << p.allowed() << " | " << (p.may_vary ? "yes" : "no") << " | "
        << p.doc << " |\n";
    for (const auto& opt : d->options)
      o << "| `pde." << opt.name << "` | " << opt.default_value << " | " << join(opt.allowed) << " | no | " << opt.doc << " |\n";
  }
}

void initial_conditions(std::ostream& o) {
  o << "\n## Initial conditions (`initial_condition.type`)\n";
  for (const InitialConditionDescriptor* d : initial_condition_catalog()) {
    o << "\n### `" << d->name << "`\n\n" << d->summary << ". Dimensions: " << dims_text(d->dims) << ".\n\n" << table_head;
    for (std::size_t i = 0; i < d->parameters.size(); ++i) {
      const ParameterInfo& p = d->parameters[i];
      o << "| `initial_condition." << p.name << "` | " << p.default_value << " | " << p.allowed()
        << (d->per_field[i] ? "; one value, or a list with one per field" : "") << " | " << p.doc << " |\n";
    }
  }
}

void families(std::ostream& o) {
  o << "\n## Solver families and their time steppers (`time.stepper`)\n";
  for (const SolverFamily* f : solver_family_registry().entries()) {
    std::vector<std::string> boundaries;
    for (BoundaryKind k : f->boundaries) boundaries.push_back(boundary_info(k).name);
    o << "\n### `" << f->name << "`\n\n" << f->summary << ". Grid extents: " << f->extent_rule << ". Stored extents: "
      << f->store_rule << ". Boundaries: " << join(boundaries) << ".\n\n| stepper | scheme |\n|---|---|\n";
    for (const TimeSchemeInfo& s : f->time_steppers())
      o << "| `" << s.name << "`" << (s.name == f->default_stepper ? " (default)" : "") << " | " << s.summary << " |\n";
  }
  o << "\nBoundary kinds (per face of the grid; The Well's type in brackets): ";
  std::vector<std::string> kinds;
  for (const BoundaryKindInfo& k : boundary_kinds()) kinds.push_back("`" + k.name + "` (" + k.well_type + "): " + k.summary);
  o << join(kinds, "; ") << ".\n";
}

void models(std::ostream& o) {
  using surrogate::ModelOption;
  o << "\n## Models (`model.type`)\n";
  for (const surrogate::ModelEntry* m : surrogate::model_registry().entries()) {
    o << "\n### `" << m->name << "`\n\n" << m->summary << ".\n\n" << table_head;
    for (const ModelOption& opt : m->options) {
      const std::string fallback = opt.kind == ModelOption::Kind::Choice ? opt.default_choice
                                   : opt.kind == ModelOption::Kind::IntegerList ? bracketed(opt.default_integers)
                                                                                : std::to_string(opt.default_integers.at(0));
      const std::string allowed = opt.kind == ModelOption::Kind::Choice ? join(opt.choices)
                                  : opt.kind == ModelOption::Kind::IntegerList ? "a list of " + opt.allowed
                                                                               : opt.allowed;
      o << "| `model." << opt.name << "` | " << fallback << " | " << allowed << " | " << opt.doc << " |\n";
    }
  }
  o << "\n## Optimizers (`training.optimizer`) and losses (`training.loss`)\n\n| name | what |\n|---|---|\n";
  for (const surrogate::OptimizerEntry* e : surrogate::optimizer_registry().entries())
    o << "| `" << e->name << "` | " << e->summary << " (default weight decay " << e->default_weight_decay << ") |\n";
  for (const surrogate::LossInfo& l : surrogate::losses()) o << "| `" << l.name << "` | " << l.summary << " |\n";
}

}  // namespace

std::string generate_config_reference() {
  std::ostringstream o;
  o << "# Configuration reference\n\n"
    << "Generated by `simforge config-reference` from the key tables and registries the parsers validate\n"
    << "against; a test keeps this file identical to that output. Unknown keys are errors. A PDE parameter\n"
    << "is a number, or `{uniform: [lo, hi]}` / `{log_uniform: [lo, hi]}` to draw it per sample (stored\n"
    << "in `scalars/`).\n\n"
    << "## `simforge generate` keys\n\n" << table_head;
  document(o, generate_table());
  pdes(o);
  initial_conditions(o);
  families(o);
  o << "\n## `simforge train` keys\n\n" << table_head;
  document(o, train_table());
  models(o);
  o << "\n## `simforge run` pipelines\n\n"
    << "Three sections: `generate:` (the `simforge generate` keys), `train:` (the `simforge train` keys;\n"
    << "`data.path` defaults to the generated dataset) and `evaluate:`:\n\n" << table_head;
  document(o, evaluate_table(), "evaluate");
  return o.str();
}

}  // namespace simforge::config
