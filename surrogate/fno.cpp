// FNO (Li et al. 2021): lifting 1x1 conv, `layers` Fourier layers (the last without activation,
// as in the paper), projection 1x1 -> activation -> 1x1.
#include "surrogate/layers.hpp"
#include "surrogate/model_config.hpp"

namespace simforge::surrogate {

namespace {

LayerPtr make_fno(const ModelConfig& m) {
  const int modes = m.options.integer("modes"), layers = m.options.integer("layers"), projection = m.options.integer("projection");
  auto s = std::make_unique<Sequential>();
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, m.in_channels, m.width, 1, 1, Padding::Zero, true}));
  for (int l = 0; l < layers; ++l)
    s->add(std::make_unique<FnoBlock>(m.rank, m.width, modes, modes, l + 1 < layers ? m.activation : ops::Activation::Identity));
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, m.width, projection, 1, 1, Padding::Zero, true}));
  s->add(std::make_unique<Activation>(m.activation));
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, projection, m.out_channels, 1, 1, Padding::Zero, true}));
  return s;
}

bool in_range(int v, int lo, int hi) { return v >= lo && v <= hi; }

}  // namespace

}  // namespace simforge::surrogate

SIMFORGE_REGISTER_MODEL(simforge::surrogate::ModelEntry{
    .name = "fno",
    .summary = "Fourier neural operator (Li et al. 2021): lifting, Fourier layers, projection",
    .options = {{.name = "modes",
                 .default_integers = {12},
                 .accepts = [](int v) { return simforge::surrogate::in_range(v, 1, 4096); },
                 .allowed = "an integer >= 1 (at most half the grid)",
                 .doc = "Fourier modes kept per axis"},
                {.name = "layers",
                 .default_integers = {4},
                 .accepts = [](int v) { return simforge::surrogate::in_range(v, 1, 64); },
                 .allowed = "an integer in [1, 64]",
                 .doc = "Fourier layers"},
                {.name = "projection",
                 .default_integers = {128},
                 .accepts = [](int v) { return simforge::surrogate::in_range(v, 1, 4096); },
                 .allowed = "an integer in [1, 4096]",
                 .doc = "hidden channels of the projection"}},
    .make = simforge::surrogate::make_fno,
    .validate = {},
    .size_divisor = {},
});
