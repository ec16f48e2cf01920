#pragma once
// The linear symbols of a batch, deduplicated: when every sample has the same coefficients (the
// common case), steppers tabulate per-mode coefficients once per field instead of once per sample.
#include <span>
#include <vector>

#include "kernels/backend.hpp"
#include "solvers/spectral/linear_symbol.hpp"

namespace simforge {

struct SymbolRows {
  std::vector<LinearSymbol> unique;  // [fields] when shared, else [batch, fields]
  bool shared = false;

  static SymbolRows from(std::span<const LinearSymbol> symbols, std::size_t fields) {
    SymbolRows r;
    r.shared = true;
    for (std::size_t i = fields; i < symbols.size() && r.shared; ++i) r.shared = symbols[i] == symbols[i % fields];
    r.unique.assign(symbols.begin(), r.shared ? symbols.begin() + std::ptrdiff_t(fields) : symbols.end());
    return r;
  }
};

// Maps a state row (sample * fields + field) to its coefficient-table row.
struct TableRow {
  bool shared;
  std::size_t fields;
  SIMFORGE_HD std::size_t operator()(std::size_t row) const {
    return shared ? (fields == 1 ? 0 : row % fields) : row;  // single-field PDEs: no division per element
  }
};

}  // namespace simforge
