#include "workflows/model_file.hpp"

#include "config/train_config.hpp"
#include "io/dataset_reader.hpp"

namespace simforge::workflows {

surrogate::PredictorSpec predictor_spec(const io::Checkpoint& c) {
  const config::TrainConfig cfg = config::parse_train_config(c.config_yaml, "the model file's config");
  const io::DatasetReader reader(c.dataset);
  surrogate::PredictorSpec p;
  p.model = cfg.model;
  p.model.rank = int(reader.info().spec.spatial_shape.size());
  p.layout = {int(c.fields.size()), c.history, int(c.scalars.size()), c.targets, c.coordinates};
  p.model.in_channels = p.layout.in_channels();
  p.model.out_channels = p.layout.out_channels();
  p.increment = c.increment;
  p.normalization = {c.norm_mean, c.norm_std};
  p.parameters = c.parameters;
  return p;
}

std::unique_ptr<surrogate::Predictor> load_predictor(const std::filesystem::path& model_file, const Stream& stream) {
  return std::make_unique<surrogate::Predictor>(predictor_spec(io::read_checkpoint(model_file)), stream);
}

}  // namespace simforge::workflows
