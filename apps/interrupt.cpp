#include "interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace simforge::app {

namespace {

// Two buffers: the loop writes the one the handler is not reading, then publishes it.
constexpr std::size_t note_size = 1024;
char notes[2][note_size] = {{0}, {0}};
std::atomic<int> current{0};

void on_signal(int sig) {
  const char* head = sig == SIGINT ? "\nsimforge: interrupted (SIGINT). " : "\nsimforge: terminated (SIGTERM). ";
  const char* note = notes[current.load()];
  // write(2) and _exit are async-signal-safe; nothing else is called here.
  ssize_t ignored = ::write(2, head, std::strlen(head));
  ignored = ::write(2, note, std::strlen(note));
  ignored = ::write(2, "\n", 1);
  (void)ignored;
  ::_exit(128 + sig);
}

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

void set_interrupt_note(const std::string& note) {
  const int next = 1 - current.load();
  std::strncpy(notes[next], note.c_str(), note_size - 1);
  notes[next][note_size - 1] = 0;
  current.store(next);
}

}  // namespace simforge::app
