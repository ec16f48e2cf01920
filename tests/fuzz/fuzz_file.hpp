#pragma once
// The bytes libFuzzer hands over, as a file the readers open (they read files, not buffers). A
// new name for every input: the readers remember the files they have checked (io/probe.hpp).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

inline std::string fuzz_file(const std::uint8_t* data, std::size_t size) {
  static std::string previous;
  static unsigned long counter = 0;
  if (!previous.empty()) std::remove(previous.c_str());
  previous = "/tmp/simforge_fuzz_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".h5";
  std::ofstream(previous, std::ios::binary).write(reinterpret_cast<const char*>(data), std::streamsize(size));
  return previous;
}
